"""The coordinator's page of partner keys: /dashboard/regio/<slug>/sleutels/."""

import datetime

import pytest
from django.utils import timezone

from poort.api.models import PartnerKey
from tests.regions.factories import active_desk, region
from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db


def url(code: str = "AM01") -> str:
    return f"/dashboard/regio/{region(code).slug}/sleutels/"


def a_year_on(days: int = 365) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_coordinator_makes_a_key_and_sees_its_secret_once():
    active_desk(region("AM01"))
    client = client_for("coordinator A")
    made = client.post(url(), {"name": "Ons CRM", "scope": "write", "expires_on": a_year_on()})
    key = PartnerKey.objects.get()
    secret = made.context["secret"]
    assert secret.startswith("gp_") and secret in made.content.decode()
    assert (key.name, key.scope, key.desk.region.code) == ("Ons CRM", "write", "AM01")
    assert PartnerKey.objects.by_secret(secret) == key
    assert secret not in client.get(url()).content.decode()
    assert "no-store" in made["Cache-Control"]


def test_a_coordinator_revokes_a_key_and_it_stops_working():
    active_desk(region("AM01"))
    client = client_for("coordinator A")
    secret = client.post(
        url(), {"name": "Ons CRM", "scope": "read", "expires_on": a_year_on()}
    ).context["secret"]
    key = PartnerKey.objects.get()
    response = client.post(f"{url()}{key.pk}/intrekken/")
    assert response.status_code == 302
    assert PartnerKey.objects.by_secret(secret) is None
    assert client.get("/api/v1/aanmeldingen", HTTP_X_API_KEY=secret).status_code == 401


def test_a_coordinator_of_another_region_cannot_see_or_revoke_the_keys():
    key, _ = PartnerKey.objects.issue(
        desk=active_desk(region("AM01")),
        name="CRM",
        scope="read",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=None,
    )
    client = client_for("coordinator B")
    assert client.get(url()).status_code == 404
    assert client.post(f"{url()}{key.pk}/intrekken/").status_code == 404
    assert client.post(f"{url('AM10')}{key.pk}/intrekken/").status_code == 404
    assert PartnerKey.objects.get().revoked_at is None


def test_an_editor_makes_keys_for_any_region():
    active_desk(region("AM10"))
    client = client_for("editor")
    client.post(url("AM10"), {"name": "CRM", "scope": "read", "expires_on": a_year_on()})
    assert PartnerKey.objects.get().desk.region.code == "AM10"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "scope": "read", "expires_on": a_year_on()}, "name"),
        ({"name": "CRM", "scope": "admin", "expires_on": a_year_on()}, "scope"),
        ({"name": "CRM", "scope": "read", "expires_on": a_year_on(400)}, "expires_on"),
        ({"name": "CRM", "scope": "read", "expires_on": a_year_on(0)}, "expires_on"),
        ({"name": "CRM", "scope": "read", "expires_on": "morgen"}, "expires_on"),
    ],
)
def test_the_form_refuses_what_is_not_valid(data, field):
    active_desk(region("AM01"))
    response = client_for("coordinator A").post(url(), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PartnerKey.objects.exists()


def test_two_live_keys_of_a_desk_have_different_names():
    active_desk(region("AM01"))
    client = client_for("coordinator A")
    data = {"name": "CRM", "scope": "read", "expires_on": a_year_on()}
    client.post(url(), data)
    again = client.post(url(), data)
    assert "name" in again.context["form"].errors


def test_a_region_without_a_desk_offers_no_form():
    from tests.regions.factories import region_without_desk

    empty = region_without_desk()
    client = client_for("editor")
    response = client.get(f"/dashboard/regio/{empty.slug}/sleutels/")
    assert response.status_code == 200 and response.context["form"] is None


def test_a_key_is_changed_by_making_a_new_one_and_then_revoking_the_old_one():
    """The way to rotate a key (docs/api.md, "Changing a key"): both work until the old one
    is revoked, so the desk's system never stands still."""
    active_desk(region("AM01"))
    client = client_for("coordinator A")
    old = client.post(url(), {"name": "CRM 2026", "scope": "read", "expires_on": a_year_on()})
    new = client.post(url(), {"name": "CRM 2027", "scope": "read", "expires_on": a_year_on()})
    old_secret, new_secret = old.context["secret"], new.context["secret"]
    assert "Een sleutel vervangen" in new.text
    for secret in (old_secret, new_secret):
        assert client.get("/api/v1/aanmeldingen", HTTP_X_API_KEY=secret).status_code == 200
    client.post(f"{url()}{PartnerKey.objects.get(name='CRM 2026').pk}/intrekken/")
    assert client.get("/api/v1/aanmeldingen", HTTP_X_API_KEY=old_secret).status_code == 401
    assert client.get("/api/v1/aanmeldingen", HTTP_X_API_KEY=new_secret).status_code == 200
