"""A coordinator edits the region page in Chromium: the saved pages and the error states pass
axe-core, and the change shows in the history with who made it."""

import pytest
from playwright.sync_api import Page, expect

from regions.models import Membership
from tests.e2e.test_signin import fill_in_email_and_password
from tests.poort.test_signin import adviser, code_of, turn_on_authenticator_app
from tests.regions.factories import active_desk, region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def sign_in_as_coordinator(page: Page, live_server, next_path: str) -> None:
    user = adviser(role=Membership.Role.COORDINATOR, user__email="coordinator@groningen.example")
    secret = turn_on_authenticator_app(user)
    page.goto(live_server.url + next_path)
    fill_in_email_and_password(page, user)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(live_server.url + next_path)


def test_a_coordinator_fixes_an_error_on_the_desk_page_and_saves_the_region_page(
    page, live_server, assert_accessible
):
    groningen = region("AM01")
    active_desk(groningen)
    sign_in_as_coordinator(page, live_server, f"/dashboard/regio/{groningen.slug}/")
    assert_accessible(page)

    page.get_by_role("textbox").fill("Werk en leren in Groningen.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    assert_accessible(page)

    page.get_by_role("link", name="Loket").click()
    page.locator("input[name=contact_within_days]").fill("45")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator("[role=alert]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("input[name=contact_within_days]")).to_have_value("45")
    assert_accessible(page)

    page.get_by_role("link", name="Initiatieven").click()
    page.get_by_role("button", name="Koppel aan deze regio").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)

    page.get_by_role("link", name="Geschiedenis van wijzigingen").click()
    expect(page.get_by_role("table")).to_contain_text("coordinator@groningen.example")
    expect(page.get_by_role("table")).to_contain_text("Werk en leren in Groningen.")
    assert_accessible(page)
