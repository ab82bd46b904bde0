"""A coordinator registers a webhook address in Chromium, sees a failed delivery and sends it
again; the page with its error, its secret and its deliveries passes axe-core."""

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from tests.api.test_webhooks import Receiver, open_referral
from tests.e2e.test_coordinator import sign_in_as_coordinator
from tests.regions.factories import active_desk, region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def test_a_coordinator_registers_an_address_and_sends_a_failed_delivery_again(
    page: Page, live_server, assert_accessible, settings
):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    receiver = Receiver([500])
    groningen = region("AM01")
    active_desk(groningen)
    try:
        sign_in_as_coordinator(page, live_server, f"/dashboard/regio/{groningen.slug}/webhooks/")
        assert_accessible(page)

        page.get_by_label("Adres (URL)").fill("ftp://crm.example/hook")
        page.get_by_role("button", name="Adres aanmelden").click()
        expect(page.locator("[role=alert]")).to_be_focused()
        assert_accessible(page)

        page.get_by_label("Adres (URL)").fill(receiver.url)
        page.get_by_role("button", name="Adres aanmelden").click()
        expect(page.locator("#new-secret")).to_contain_text("whsec_")
        assert_accessible(page)

        page.reload()  # the browser sends the form again: the address is there already
        expect(page.locator("[role=alert]")).to_contain_text("al aangemeld")

        with transaction.atomic():
            open_referral()
        page.goto(f"{live_server.url}/dashboard/regio/{groningen.slug}/webhooks/")
        table = page.get_by_role("table")
        expect(table).to_contain_text("referral.created")
        expect(table).to_contain_text("500")
        expect(page.locator("#new-secret")).to_have_count(0)
        assert_accessible(page)

        page.get_by_role("button", name="Opnieuw versturen").click()
        expect(page.get_by_role("status")).to_contain_text("opnieuw verstuurd")
        expect(page.get_by_role("table")).to_contain_text("204")
        assert_accessible(page)
    finally:
        receiver.stop()
    assert len(receiver.requests) == 2
