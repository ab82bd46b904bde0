"""The whole orientation intake in Chromium: once with JavaScript (htmx typeahead) and once
without, with axe-core on every step, on the error state and on the pages after it."""

import re

import pytest
from playwright.sync_api import Page, expect

from regions.models import Municipality
from tests.regions.factories import DeskFactory, SectorFactory
from trajectories.models import Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def site(live_server) -> str:
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    SectorFactory(name="Installatietechniek", slug="installatietechniek")
    for code in (
        "GM0518",
        "GM0373",
    ):  # 's-Gravenhage (Haaglanden), Bergen NH. (Noord-Holland Noord)
        DeskFactory(region=Municipality.objects.get(code=code).region, contact_within_days=3)
    return live_server.url


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state("load")


def expect_step(page: Page, number: int) -> None:
    expect(page.locator(".intake__progress")).to_have_text(f"Stap {number} van 5")


def walk_through_the_intake(page: Page, site: str, check, *, municipality: str) -> None:
    """Steps 1 to 4, with an error and the Vorige button on the way; `check` runs on each page."""
    page.goto(site + "/orienteren/")
    expect_step(page, 1)
    check(page)

    page.get_by_label("Wat is je werk nu, of wat was je laatste werk?").fill("Magazijnmedewerker")
    next_step(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile("^Fout: "))
    expect(page.get_by_label("Wat is je werk nu, of wat was je laatste werk?")).to_have_value(
        "Magazijnmedewerker"
    )
    check(page)

    page.get_by_label("Ik heb werk").check()
    next_step(page)
    expect_step(page, 2)
    check(page)

    page.get_by_label("Elektrotechniek").check()
    page.get_by_label("Leren terwijl ik werk").check()
    next_step(page)
    expect_step(page, 3)
    check(page)

    page.get_by_label("In welke gemeente woon je?").fill(municipality)


def fill_in_contact_details_and_go_back_and_forth(page: Page, check) -> None:
    expect_step(page, 4)
    check(page)
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("E-mailadres").fill("sanne@example")  # not an address yet
    page.get_by_role("button", name="Vorige").click()
    page.wait_for_load_state("load")
    expect_step(page, 3)

    next_step(page)
    expect_step(page, 4)
    expect(page.get_by_label("Voornaam")).to_have_value("Sanne")
    expect(page.get_by_label("E-mailadres")).to_have_value("sanne@example")
    next_step(page)
    expect(page.locator("#id_email_error")).to_be_visible()
    check(page)

    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Per e-mail").check()
    next_step(page)


def give_consent_and_send(page: Page, check) -> None:
    expect_step(page, 5)
    expect(page.locator("main")).to_contain_text("Magazijnmedewerker")
    check(page)
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    page.wait_for_load_state("load")
    expect(page.locator("#id_consent_error")).to_be_visible()
    check(page)

    page.get_by_label(re.compile("Ik vind het goed")).check()
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag is verstuurd")
    check(page)


def test_the_whole_intake_with_javascript(page: Page, site, assert_accessible):
    walk_through_the_intake(page, site, assert_accessible, municipality="den haag")

    choice = page.locator("#municipality-choices input[value='GM0518']")
    expect(choice).to_be_checked()  # the typeahead found the one municipality
    expect(page.locator("#municipality-status")).to_have_text("1 gemeente gevonden")
    assert_accessible(page)
    next_step(page)
    fill_in_contact_details_and_go_back_and_forth(page, assert_accessible)
    give_consent_and_send(page, assert_accessible)

    referral = Referral.objects.get()
    assert referral.candidate.municipality.name == "'s-Gravenhage"
    assert referral.desk.region.code == "AM21"
    expect(page.locator("main")).to_contain_text(referral.desk.name)
    expect(page.locator("main")).to_contain_text("Binnen 3 werkdagen")

    page.get_by_role("link", name="Naar mijn pagina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag")
    assert_accessible(page)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways"


def test_the_typeahead_offers_a_choice_between_municipalities_also_on_a_small_phone(
    page: Page, site, assert_accessible
):
    page.set_viewport_size({"width": 320, "height": 640})
    walk_through_the_intake(page, site, no_sideways_scroll, municipality="Bergen")

    expect(page.locator("#municipality-choices input[type=radio]")).to_have_count(2)
    assert_accessible(page)
    no_sideways_scroll(page)
    page.get_by_label("Bergen (NH.) (Noord-Holland)").check()
    next_step(page)
    fill_in_contact_details_and_go_back_and_forth(page, no_sideways_scroll)

    expect_step(page, 5)
    no_sideways_scroll(page)


def test_the_whole_intake_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        walk_through_the_intake(page, site, lambda page: None, municipality="Bergen")
        next_step(page)
        expect(page.locator("#id_municipality_error")).to_be_visible()
        page.get_by_label("Bergen (NH.) (Noord-Holland)").check()
        next_step(page)
        fill_in_contact_details_and_go_back_and_forth(page, lambda page: None)
        give_consent_and_send(page, lambda page: None)
    finally:
        context.close()

    referral = Referral.objects.get()
    assert referral.candidate.municipality.name == "Bergen (NH.)"
    assert referral.interests["sectors"] == ["elektrotechniek"]


def test_the_status_page_withdraw_and_erase_steps_are_accessible(
    page: Page, site, assert_accessible
):
    walk_through_the_intake(page, site, lambda page: None, municipality="den haag")
    page.locator("#municipality-choices input[value='GM0518']").wait_for()
    next_step(page)
    fill_in_contact_details_and_go_back_and_forth(page, lambda page: None)
    give_consent_and_send(page, lambda page: None)
    page.get_by_role("link", name="Naar mijn pagina").click()

    page.get_by_role("link", name="Je vraag intrekken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, trek mijn vraag in").click()
    expect(page.locator("main")).to_contain_text("Ingetrokken")

    page.get_by_role("link", name="Al je gegevens verwijderen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijder al mijn gegevens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je gegevens zijn verwijderd")
    assert_accessible(page)
    assert Referral.objects.get().candidate.first_name == ""
