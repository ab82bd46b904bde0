"""Signing in as staff in a real browser: e-mail, password and the app's code; setting up the
app the first time; axe-core on every page of the way."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from tests.poort.test_signin import adviser, code_of, turn_on_authenticator_app

# live_server empties the tables after each test; the serialized rollback puts the regions back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-voor-tests"  # tests.poort.factories.PASSWORD


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def fill_in_email_and_password(page, user) -> None:
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_an_adviser_signs_in_with_email_password_and_the_app_code(
    page, live_server, assert_accessible
):
    user = adviser(user__first_name="Sanne")
    secret = turn_on_authenticator_app(user)

    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)
    fill_in_email_and_password(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul je code in")
    assert_accessible(page)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_text("Welkom, Sanne.")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_an_error_summary_that_leads_to_the_field(
    page, live_server, assert_accessible
):
    user = adviser()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Wachtwoord").fill("niet-mijn-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("is niet correct")
    expect(page).to_have_title(re.compile(r"^Fout: Inloggen"))
    expect(page.get_by_label("E-mail")).to_have_value(user.email)
    assert_accessible(page)


def test_the_first_time_an_adviser_sets_up_the_app_and_then_reaches_the_dashboard(
    page, live_server, assert_accessible
):
    user = adviser()

    page.goto(live_server.url + "/accounts/login/")
    fill_in_email_and_password(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel je authenticator-app in")
    expect(page.get_by_text("persoonsgegevens")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").inner_text()
    page.get_by_label("Code uit de app").fill(code_of(secret))
    page.get_by_role("button", name="Aanzetten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
    expect(page.get_by_role("list", name="Ongebruikte herstelcodes").locator("li")).to_have_count(
        10
    )
    assert_accessible(page)
    page.get_by_role("link", name="Verder naar het dashboard").click()

    # The code typed at the set-up counts: no second code in the same session.
    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_text("Vul een code uit je authenticator-app in")).not_to_be_visible()
    assert_accessible(page)


ACCOUNT_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/?next=/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/reauthenticate/?next=/dashboard/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/logout/",
]
ANONYMOUS_PAGES = ["/accounts/password/reset/", "/accounts/password/reset/done/"]


def test_every_account_page_of_a_signed_in_adviser_passes_axe(page, live_server, assert_accessible):
    user = adviser()
    secret = turn_on_authenticator_app(user)
    RecoveryCodes.activate(user)
    page.goto(live_server.url + "/accounts/login/")
    fill_in_email_and_password(page, user)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")

    for path in ACCOUNT_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_the_password_reset_pages_pass_axe(page, live_server, assert_accessible):
    for path in ANONYMOUS_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
