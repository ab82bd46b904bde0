"""The person's document to keep in Chromium: the page to print passes axe-core, its print
button prints, and on paper only the document shows (issue 16, item 3)."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.funding.factories import SchemeFactory
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, region
from tests.trajectories.factories import OfferingFactory, ReferralFactory
from trajectories.models import ContactMoment, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def test_the_page_to_print_is_accessible_and_prints_only_the_document(
    page: Page, live_server, assert_accessible
):
    desk = DeskFactory(region=region("AM01"), name="Werkcentrum Groningen")
    referral = ReferralFactory(desk=desk, region=desk.region)
    adviser = UserFactory(first_name="Sanne")
    SchemeFactory(name="Talentfonds Groningen", maximum_amount=Decimal("1500"))
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.move_to(Referral.Status.ADVISING, adviser)
    offering = OfferingFactory(course__title="Monteur warmtepompen", course__price=Decimal(2400))
    referral.plan_trajectory(by=adviser, offering=offering, agreements="Start in maart.")

    page.goto(f"{live_server.url}/aanvraag/{referral.token}/")
    page.get_by_role("link", name="Je vraag, je plan en je gegevens op één pagina").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag en je plan")
    print_button = page.get_by_role("button", name="Print deze pagina")
    expect(print_button).to_be_visible()
    assert_accessible(page)

    page.evaluate("window.printed = false; window.print = () => { window.printed = true; }")
    print_button.click()
    assert page.evaluate("window.printed")

    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(page.get_by_role("link", name="Download als pdf")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_text("Talentfonds Groningen")).to_be_visible()
    expect(page.get_by_text("Monteur warmtepompen")).to_be_visible()
