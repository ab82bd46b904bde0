"""Partner keys and webhook addresses in /beheer/: an editor sees them, revokes a key or
switches an address off, and never sees a secret or a key's digest."""

import datetime

import pytest
from django.utils import timezone

from poort.api.models import PartnerKey, WebhookEndpoint
from tests.regions.factories import active_desk, region
from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_and_endpoint():
    key, secret = PartnerKey.objects.issue(
        desk=active_desk(region("AM01")),
        name="Ons CRM",
        scope="write",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=None,
    )
    endpoint, signing_secret = WebhookEndpoint.objects.register(
        region=region("AM01"), url="https://crm.example/hook", events=["referral.created"], by=None
    )
    return key, secret, endpoint, signing_secret


def test_an_editor_sees_keys_and_addresses_but_no_secret(key_and_endpoint):
    key, secret, endpoint, signing_secret = key_and_endpoint
    editor = client_for("editor")
    pages = [
        "/beheer/api/partnerkey/",
        f"/beheer/api/partnerkey/{key.pk}/change/",
        "/beheer/api/webhookendpoint/",
        f"/beheer/api/webhookendpoint/{endpoint.pk}/change/",
    ]
    for page in pages:
        response = editor.get(page)
        assert response.status_code == 200, page
        assert secret not in response.text and key.digest not in response.text
        assert signing_secret not in response.text
    assert "Ons CRM" in editor.get(pages[0]).text
    assert "crm.example" in editor.get(pages[2]).text


def test_keys_and_addresses_are_made_on_the_dashboard_not_in_the_admin(key_and_endpoint):
    editor = client_for("editor")
    assert editor.get("/beheer/api/partnerkey/add/").status_code == 403
    assert editor.get("/beheer/api/webhookendpoint/add/").status_code == 403


def test_an_editor_revokes_a_key_and_switches_an_address_off(key_and_endpoint):
    key, secret, endpoint, _signing_secret = key_and_endpoint
    editor = client_for("editor")
    editor.post(
        "/beheer/api/partnerkey/",
        {"action": "revoke_selected", "_selected_action": [key.pk]},
    )
    assert PartnerKey.objects.by_secret(secret) is None
    editor.post(
        "/beheer/api/webhookendpoint/",
        {"action": "switch_off_selected", "_selected_action": [endpoint.pk]},
    )
    assert not WebhookEndpoint.objects.active().exists()


def test_a_coordinator_does_not_get_into_the_admin(key_and_endpoint):
    response = client_for("coordinator A").get("/beheer/api/partnerkey/")
    assert response.status_code in (302, 404)
