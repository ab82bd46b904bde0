"""Region insights in Chromium: an editor reaches the page from the dashboard by keyboard
alone, chooses a region, a period and a measure without JavaScript help; axe-core finds no
serious problem at 1280 and at 320 px, and nothing scrolls sideways on a small phone."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_dashboard import tab_to
from tests.e2e.test_signin import fill_in_email_and_password
from tests.poort.factories import EditorFactory
from tests.poort.test_signin import code_of, turn_on_authenticator_app
from tests.regions.factories import region
from tests.trajectories.factories import ReferralFactory
from trajectories.models import Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
SMALL_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def sign_in_as_editor(page: Page, live_server) -> None:
    user = EditorFactory(first_name="Ilse")
    secret = turn_on_authenticator_app(user)
    page.goto(live_server.url + "/dashboard/")
    fill_in_email_and_password(page, user)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")


def requests_in_two_regions() -> None:
    ReferralFactory.create_batch(3)
    ReferralFactory(status=Referral.Status.CONTACTED)
    ReferralFactory.create_batch(2, region=region("AM10"), candidate__situation="job_seeking")


def no_sideways_scrolling(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, SMALL_PHONE], ids=["1280px", "320px"])
def test_an_editor_compares_the_regions_by_keyboard(page, live_server, assert_accessible, viewport):
    requests_in_two_regions()
    page.set_viewport_size(viewport)
    sign_in_as_editor(page, live_server)

    tab_to(page, page.get_by_role("link", name="Inzicht per regio"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzicht per regio")
    assert_accessible(page)
    assert no_sideways_scrolling(page) <= 0

    tab_to(page, page.get_by_label("Regio", exact=False).first)
    page.get_by_label("Regio", exact=False).first.select_option(region("AM10").slug)
    tab_to(page, page.get_by_label("Vergelijk de regio's op"))
    page.get_by_label("Vergelijk de regio's op").select_option("received")
    tab_to(page, page.get_by_role("button", name="Toon"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=2, name=region("AM10").name)).to_be_visible()
    funnel = page.get_by_role("img", name="Van aanmelding tot afgeronde opleiding")
    expect(funnel).to_be_visible()
    comparison = page.get_by_role("table", name="Alle regio's naast elkaar, in aantallen")
    expect(comparison.get_by_role("row", name="Heel Nederland")).to_contain_text("6")
    assert_accessible(page)
    assert no_sideways_scrolling(page) <= 0


def test_the_page_works_without_javascript(browser, live_server):
    requests_in_two_regions()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in_as_editor(page, live_server)
        page.get_by_role("link", name="Inzicht per regio").click()
        page.get_by_label("Periode", exact=False).select_option("3")
        page.get_by_role("button", name="Toon").click()
        expect(page).to_have_url(
            f"{live_server.url}/dashboard/inzicht/?regio=groningen&periode=3&maat=in_time"
        )
        expect(page.get_by_role("heading", level=2, name="Groningen")).to_be_visible()
    finally:
        context.close()
