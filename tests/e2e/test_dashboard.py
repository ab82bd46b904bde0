"""The adviser's dashboard in Chromium, by keyboard alone: take a referral on in the queue,
open it, log a contact and change the status through htmx, with axe-core after every swap;
and the same work without JavaScript."""

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_signin import fill_in_email_and_password
from tests.poort.test_signin import adviser, code_of, turn_on_authenticator_app
from tests.trajectories.factories import ReferralFactory
from trajectories.models import Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def sign_in(page: Page, live_server) -> None:
    user = adviser(user__first_name="Sanne", user__last_name="Bakker")
    secret = turn_on_authenticator_app(user)
    page.goto(live_server.url + "/dashboard/")
    fill_in_email_and_password(page, user)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the target has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def announcement(page: Page) -> Locator:
    return page.locator("#dashboard-announce")


def test_an_adviser_works_a_referral_by_keyboard_through_htmx(page, live_server, assert_accessible):
    referral = ReferralFactory(candidate__first_name="Joris", candidate__last_name="Jansen")
    sign_in(page, live_server)
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Oppakken Joris Jansen"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_have_text("Je hebt deze aanmelding opgepakt.")
    row = page.locator(f"#row-{referral.pk}")
    expect(row).to_contain_text("Sanne Bakker")
    expect(row.get_by_role("link", name="Joris Jansen")).to_be_focused()
    assert_accessible(page)

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding van Joris")
    assert_accessible(page)

    tab_to(page, page.get_by_label("Telefoon", exact=True))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Gebeld, afspraak gemaakt.")
    tab_to(page, page.get_by_role("button", name="Contact opslaan"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_have_text("Het contact is opgeslagen.")
    expect(page.get_by_role("heading", name="Status en acties")).to_be_focused()
    expect(page.locator("#work")).to_contain_text("Gebeld, afspraak gemaakt.")
    assert_accessible(page)

    expect(page.get_by_label("Nieuwe status")).to_have_value("advising")  # the next step
    tab_to(page, page.get_by_role("button", name="Status opslaan"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_contain_text("De status is nu")
    assert_accessible(page)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ADVISING
    assert referral.contact_moments.count() == 1


def test_an_error_after_an_htmx_swap_leads_to_the_field(page, live_server, assert_accessible):
    referral = ReferralFactory(candidate__first_name="Joris")
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/dashboard/aanmeldingen/{referral.pk}/")

    tab_to(page, page.get_by_role("button", name="Contact opslaan"))
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Controleer je antwoorden")
    assert_accessible(page)


def test_without_javascript_the_same_actions_work_as_plain_forms(browser, live_server):
    referral = ReferralFactory(candidate__first_name="Joris", candidate__last_name="Jansen")
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, live_server)
        page.get_by_role("button", name="Oppakken Joris Jansen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding van Joris")
        expect(page.get_by_text("Je hebt deze aanmelding opgepakt.")).to_be_visible()
        page.get_by_label("Videogesprek").check()
        page.get_by_role("button", name="Contact opslaan").click()
        expect(page.get_by_text("Het contact is opgeslagen.")).to_be_visible()
    finally:
        context.close()

    referral.refresh_from_db()
    assert referral.status == Referral.Status.CONTACTED
