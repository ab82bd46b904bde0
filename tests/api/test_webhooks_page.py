"""The coordinator's webhooks page: /dashboard/regio/<slug>/webhooks/."""

import pytest
from django.db import transaction

from poort import webhooks
from poort.api.models import WebhookEndpoint
from poort.models import Notification
from tests.api.test_webhooks import Receiver, open_referral
from tests.regions.factories import region
from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db


def url(code: str = "AM01") -> str:
    return f"/dashboard/regio/{region(code).slug}/webhooks/"


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    started = Receiver([500])
    yield started
    started.stop()


def test_a_coordinator_registers_an_address_and_sees_its_secret_once(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    client = client_for("coordinator A")
    made = client.post(
        url(),
        {"url": "https://crm.werkcentrum.example/hooks", "events": [webhooks.REFERRAL_CREATED]},
    )
    endpoint = WebhookEndpoint.objects.get()
    secret = made.context["secret"]
    assert secret.startswith("whsec_") and secret == endpoint.secret
    assert secret in made.content.decode()
    assert (endpoint.region.code, endpoint.events) == ("AM01", ["referral.created"])
    assert secret not in client.get(url()).content.decode()
    assert "no-store" in made["Cache-Control"]


def test_an_address_is_registered_once_per_region():
    client = client_for("coordinator A")
    form = {"url": "https://crm.werkcentrum.example/hooks", "events": list(webhooks.EVENTS)}
    assert client.post(url(), form).context["secret"].startswith("whsec_")
    again = client.post(url(), form)
    assert again.context["secret"] == ""
    assert "Dit adres is al aangemeld." in again.content.decode()
    assert WebhookEndpoint.objects.count() == 1


def test_an_address_without_https_is_refused_with_a_dutch_error(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    client = client_for("coordinator A")
    answer = client.post(
        url(), {"url": "http://crm.werkcentrum.example/hooks", "events": list(webhooks.EVENTS)}
    )
    assert answer.status_code == 200
    assert "Gebruik een adres dat begint met https://" in answer.content.decode()
    assert "http://crm.werkcentrum.example/hooks" in answer.content.decode()  # kept as typed
    assert not WebhookEndpoint.objects.exists()


def test_the_page_shows_the_deliveries_and_sends_one_again(
    receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = WebhookEndpoint.objects.register(
        region=region("AM01"), url=receiver.url, events=list(webhooks.EVENTS), by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        open_referral()
    delivery = Notification.objects.get(channel="webhook")
    client = client_for("coordinator A")

    page = client.get(url()).content.decode()
    assert "referral.created" in page and "HTTP 500" in page

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"{url()}{endpoint.pk}/leveringen/{delivery.pk}/opnieuw/")
    assert resent.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == ("sent", 204)
    assert len(receiver.requests) == 2


def test_a_switched_off_address_gets_nothing_more():
    endpoint, _secret = WebhookEndpoint.objects.register(
        region=region("AM01"), url="https://crm.example/h", events=list(webhooks.EVENTS), by=None
    )
    client = client_for("coordinator A")
    assert client.post(f"{url()}{endpoint.pk}/uitzetten/").status_code == 302
    with transaction.atomic():
        open_referral()
    assert not Notification.objects.filter(channel="webhook").exists()
    assert "crm.example/h" not in client.get(url()).content.decode()


def test_a_coordinator_of_another_region_cannot_see_switch_off_or_resend():
    endpoint, _secret = WebhookEndpoint.objects.register(
        region=region("AM01"), url="https://crm.example/h", events=list(webhooks.EVENTS), by=None
    )
    with transaction.atomic():
        open_referral()
    delivery = Notification.objects.get(channel="webhook")
    client = client_for("coordinator B")
    assert client.get(url()).status_code == 404
    assert client.post(f"{url()}{endpoint.pk}/uitzetten/").status_code == 404
    resend = f"{endpoint.pk}/leveringen/{delivery.pk}/opnieuw/"
    assert client.post(f"{url()}{resend}").status_code == 404
    assert client.post(f"{url('AM10')}{resend}").status_code == 404
    assert client.post(f"{url('AM10')}{endpoint.pk}/uitzetten/").status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.is_active
