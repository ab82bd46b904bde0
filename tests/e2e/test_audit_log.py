"""The audit log in Chromium, with axe-core: a coordinator reads who did what in sentences, with
the region by name and one date style, and opens a request from a line (issue 16, item 4)."""

import pytest
from playwright.sync_api import expect

from regions.models import Membership
from tests.e2e.test_signin import fill_in_email_and_password
from tests.poort.test_signin import adviser, code_of, turn_on_authenticator_app
from tests.trajectories.factories import ReferralFactory
from trajectories.models import AuditEntry, ContactMoment, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def test_a_coordinator_reads_the_log_in_words_and_opens_a_request(
    page, live_server, assert_accessible
):
    sanne = adviser(user__first_name="Sanne", user__last_name="Bakker")
    referral = ReferralFactory(candidate__first_name="Pieter", candidate__last_name="de Boer")
    AuditEntry.objects.record(sanne, AuditEntry.Action.VIEWED_REFERRAL, referral)
    referral.log_contact(sanne, ContactMoment.Channel.PHONE)
    referral.move_to(Referral.Status.ADVISING, sanne)
    coordinator = adviser(role=Membership.Role.COORDINATOR, user__first_name="Joke")
    secret = turn_on_authenticator_app(coordinator)

    page.goto(live_server.url + "/dashboard/logboek/")
    fill_in_email_and_password(page, coordinator)
    page.get_by_label("Code").fill(code_of(secret))
    page.get_by_role("button", name="Inloggen").click()

    table = page.get_by_role("table", name="Logboek")
    expect(table).to_contain_text("Sanne Bakker bekeek de gegevens van Pieter de Boer")
    expect(table).to_contain_text("Status: contact gehad → in gesprek")
    expect(table).to_contain_text("Groningen")
    expect(table).not_to_contain_text("AM01")
    assert_accessible(page)

    table.get_by_role("link", name="bekeek de gegevens van Pieter de Boer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding van Pieter")
    history = page.locator("#history-heading + ul li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("Contact (telefoon)")
    expect(history.nth(1)).to_contain_text("Contact gehad")
    expect(history.nth(2)).to_contain_text("In gesprek")
    assert_accessible(page)
