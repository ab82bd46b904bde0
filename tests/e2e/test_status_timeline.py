"""The person's status page in Chromium after an onward referral: the new desk's promise at
the top and the timeline of every step, checked with axe-core (issue 16, item 1)."""

import pytest
from playwright.sync_api import Page, expect

from regions.models import Region
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, region
from tests.trajectories.factories import ReferralFactory
from trajectories.models import ContactMoment, OnwardReferral, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def test_the_status_page_shows_the_new_desk_and_the_timeline_accessibly(
    page: Page, live_server, assert_accessible
):
    groningen = DeskFactory(region=region("AM01"), name="Werkcentrum Groningen")
    drenthe = DeskFactory(
        region=Region.objects.get(name__icontains="Drenthe"), name="Werkcentrum Drenthe"
    )
    referral = ReferralFactory(desk=groningen, region=groningen.region)
    adviser = UserFactory(first_name="Sanne")
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.refer_on(by=adviser, to_desk=drenthe, reason_code=OnwardReferral.Reason.LIVES_THERE)

    page.goto(f"{live_server.url}/aanvraag/{referral.token}/")

    expect(page.locator("#next-step")).to_contain_text("Werkcentrum Drenthe belt je uiterlijk")
    timeline = page.get_by_role("list", name="Wat er tot nu toe gebeurde")
    expect(timeline.get_by_role("listitem")).to_have_count(4)
    expect(timeline.get_by_role("listitem").last).to_contain_text(
        "Doorgestuurd naar Werkcentrum Drenthe, omdat je in hun regio woont"
    )
    assert_accessible(page)
    assert Referral.objects.get(referred_from=referral).status == Referral.Status.NEW
