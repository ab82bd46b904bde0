""" "Ik heb interesse" in Chromium: from the course page to the confirmation, once with
JavaScript (the form opens in the course page) and once without, with axe-core on the form,
its error state and the pages after it."""

import re

import pytest
from playwright.sync_api import Page, expect

from regions.models import Municipality
from tests.regions.factories import DeskFactory
from tests.trajectories.factories import CourseFactory, OfferingFactory, ProviderFactory, in_days
from trajectories.models import Course, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def course(live_server) -> Course:
    for code in ("GM0153", "GM0373"):  # Enschede (Twente), Bergen NH. (Noord-Holland Noord)
        DeskFactory(region=Municipality.objects.get(code=code).region, contact_within_days=3)
    course = CourseFactory(
        title="Monteur warmtepompen", provider=ProviderFactory(name="Techniekschool Oost")
    )
    OfferingFactory(course=course, start_date=in_days(40))
    return course


def send(page: Page) -> None:
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    page.wait_for_load_state("load")


def fill_in_with_one_mistake_then_send(page: Page, check, *, municipality: str) -> None:
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("E-mailadres").fill("sanne@example")  # not an address yet
    page.get_by_label("In welke gemeente woon je?").fill(municipality)
    send(page)
    expect(page).to_have_title(re.compile("^Fout: "))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_consent_error")).to_be_visible()
    expect(page.get_by_label("Voornaam")).to_have_value("Sanne")
    check(page)

    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.locator("input[name=offering]").nth(1).check()  # the first is "Nog geen voorkeur"
    page.get_by_label(re.compile("Ik vind het goed")).check()


def expect_the_confirmation(page: Page, check) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag is verstuurd")
    expect(page.locator("main")).to_contain_text("Binnen 3 werkdagen")
    check(page)
    page.get_by_role("link", name="Naar mijn pagina").click()
    expect(page.locator("main")).to_contain_text("Monteur warmtepompen")
    check(page)


def test_signing_up_with_javascript_opens_the_form_in_the_course_page(
    page: Page, live_server, course, assert_accessible
):
    page.goto(live_server.url + course.get_absolute_url())
    page.get_by_role("link", name="Ik heb interesse").click()

    heading = page.get_by_role("heading", name="Ik heb interesse in Monteur warmtepompen")
    expect(heading).to_be_focused()
    assert page.url.endswith(course.get_absolute_url())
    assert_accessible(page)

    fill_in_with_one_mistake_then_send(page, assert_accessible, municipality="enschede")
    expect(page.locator("#municipality-choices input[value='GM0153']")).to_be_checked()
    send(page)
    expect_the_confirmation(page, assert_accessible)

    referral = Referral.objects.get()
    assert referral.kind == Referral.Kind.INTEREST
    assert referral.offering == course.offerings.get()
    assert referral.candidate.municipality.name == "Enschede"


def test_signing_up_without_javascript(browser, live_server, course):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(live_server.url + course.get_absolute_url())
        page.get_by_role("link", name="Ik heb interesse").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Ik heb interesse in Monteur warmtepompen"
        )
        fill_in_with_one_mistake_then_send(page, lambda page: None, municipality="Bergen")
        send(page)
        expect(page.locator("#id_municipality_error")).to_be_visible()
        page.get_by_label("Bergen (NH.) (Noord-Holland)").check()
        send(page)
        expect_the_confirmation(page, lambda page: None)
    finally:
        context.close()

    assert Referral.objects.get().candidate.municipality.name == "Bergen (NH.)"


def test_the_form_fits_a_small_phone(page: Page, live_server, course, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + f"/opleidingen/{course.slug}/interesse/")

    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
