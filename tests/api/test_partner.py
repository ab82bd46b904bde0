"""The partner API: a desk's key works its own region's referrals with the dashboard's rules.

The matrix walks every partner operation with no key, region A's write key, region B's key,
a read-only key of region A, a revoked and an expired key; every answer is checked against
the OpenAPI document."""

import datetime
import json

import pytest
from django.utils import timezone

from poort.api.models import PartnerKey
from tests.api.contract import document, get, post
from tests.poort.factories import EditorFactory
from tests.regions.factories import active_desk, region
from tests.trajectories.factories import ReferralFactory
from trajectories.models import AuditEntry, ContactMoment, Referral

pytestmark = pytest.mark.django_db

REGION_A, REGION_B = "AM01", "AM10"


def issue(code: str, scope: str = PartnerKey.Scope.WRITE, name: str = "CRM", days: int = 30):
    key, secret = PartnerKey.objects.issue(
        desk=active_desk(region(code)),
        name=name,
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        by=EditorFactory(),
    )
    return key, secret


def headers(secret: str | None) -> dict:
    return {"HTTP_X_API_KEY": secret} if secret else {}


def body(response) -> dict:
    return json.loads(response.content)


@pytest.fixture
def referral() -> Referral:
    return ReferralFactory()  # a new referral in Groningen, region AM01


def keys() -> dict[str, str | None]:
    revoked_key, revoked = issue(REGION_A, name="Oud")
    revoked_key.revoke()
    expired_key, expired = issue(REGION_A, name="Verlopen")
    PartnerKey.objects.filter(pk=expired_key.pk).update(expires_at=timezone.now())
    return {
        "none": None,
        "A": issue(REGION_A)[1],
        "B": issue(REGION_B)[1],
        "A read-only": issue(REGION_A, PartnerKey.Scope.READ, name="Lezer")[1],
        "revoked": revoked,
        "expired": expired,
    }


# Per operation, the status each key gets.
MATRIX = {
    "list": {"none": 401, "A": 200, "B": 200, "A read-only": 200, "revoked": 401, "expired": 401},
    "read": {"none": 401, "A": 200, "B": 404, "A read-only": 200, "revoked": 401, "expired": 401},
    "status": {"none": 401, "A": 201, "B": 404, "A read-only": 403, "revoked": 401, "expired": 401},
    "contact": {
        "none": 401,
        "A": 201,
        "B": 404,
        "A read-only": 403,
        "revoked": 401,
        "expired": 401,
    },
}


def call(client, operation: str, referral: Referral, secret: str | None):
    path, key = f"/api/v1/aanmeldingen/{referral.pk}", headers(secret)
    if operation == "list":
        return get(client, "/api/v1/aanmeldingen", **key)
    if operation == "read":
        return get(client, path, **key)
    if operation == "status":
        return post(client, f"{path}/statuswijzigingen", {"status": "contacted"}, **key)
    return post(client, f"{path}/contactmomenten", {"channel": "phone"}, **key)


@pytest.mark.parametrize("operation", MATRIX)
def test_each_key_gets_what_its_region_and_scope_allow(client, operation):
    secrets = keys()
    for who, expected in MATRIX[operation].items():
        response = call(client, operation, ReferralFactory(), secrets[who])
        assert response.status_code == expected, who
        if secrets[who]:
            assert response["Cache-Control"] == "private, no-store"


def test_a_key_lists_only_its_regions_referrals_newer_than_the_cursor(client, referral):
    _, secret = issue(REGION_A)
    _, other = issue(REGION_B)
    first = body(get(client, "/api/v1/aanmeldingen", **headers(secret)))
    assert [found["id"] for found in first["results"]] == [referral.pk]
    assert body(get(client, "/api/v1/aanmeldingen", **headers(other)))["results"] == []
    newer = ReferralFactory()
    following = body(get(client, first["_links"]["next"]["href"], **headers(secret)))
    assert [found["id"] for found in following["results"]] == [newer.pk]


def test_the_status_path_of_the_dashboard_holds(client, referral):
    _, secret = issue(REGION_A)
    path = f"/api/v1/aanmeldingen/{referral.pk}/statuswijzigingen"
    skipped = post(client, path, {"status": "advising"}, **headers(secret))
    assert skipped.status_code == 400
    assert body(skipped)["invalid_params"][0]["name"] == "status"
    by_the_plan = post(client, path, {"status": "completed"}, **headers(secret))
    assert by_the_plan.status_code == 400
    moved = post(client, path, {"status": "contacted", "note": "Gebeld"}, **headers(secret))
    assert body(moved)["status"] == "contacted"
    assert body(moved)["next_statuses"] == ["advising", "withdrawn", "no_response"]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CONTACTED


def test_a_closed_referral_takes_no_contact(client, referral):
    _, secret = issue(REGION_A)
    referral.move_to(Referral.Status.WITHDRAWN, by=None)
    response = post(
        client,
        f"/api/v1/aanmeldingen/{referral.pk}/contactmomenten",
        {"channel": "phone"},
        **headers(secret),
    )
    assert response.status_code == 409
    assert not ContactMoment.objects.exists()


def test_every_read_and_change_is_in_the_audit_log_with_the_keys_name(client, referral):
    _, secret = issue(REGION_A, name="Werkcentrum CRM")
    get(client, "/api/v1/aanmeldingen", **headers(secret))
    get(client, f"/api/v1/aanmeldingen/{referral.pk}", **headers(secret))
    post(
        client,
        f"/api/v1/aanmeldingen/{referral.pk}/contactmomenten",
        {"channel": "phone", "note": "Teruggebeld"},
        **headers(secret),
    )
    post(
        client,
        f"/api/v1/aanmeldingen/{referral.pk}/statuswijzigingen",
        {"status": "advising"},
        **headers(secret),
    )
    lines = AuditEntry.objects.order_by("pk")
    assert [line.action for line in lines] == [
        "viewed_referral",
        "viewed_referral",
        "contact_logged",
        "status_changed",
    ]
    assert {line.user_email.rsplit(":", 1)[0] for line in lines} == {"api-key:AM01:Werkcentrum CRM"}
    assert referral.contact_moments.get().by.get_full_name() == "Werkcentrum CRM"


def test_addresses_hold_only_numbers_slugs_and_codes_never_personal_data():
    parameters = {
        parameter["name"]
        for methods in document()["paths"].values()
        for operation in methods.values()
        for parameter in operation.get("parameters", ())
        if parameter["in"] == "path"
    }
    assert parameters == {"pk", "slug", "code"}


def test_the_key_is_stored_only_as_its_digest(referral):
    key, secret = issue(REGION_A)
    assert secret not in str(PartnerKey.objects.filter(pk=key.pk).values().get())
    assert PartnerKey.objects.by_secret(secret) == key
    assert PartnerKey.objects.by_secret(secret[:-1] + "x") is None


def test_keys_have_their_own_rate_limit(client, settings, referral):
    settings.API_KEY_RATE_LIMIT = "2/m"
    _, secret = issue(REGION_A)
    statuses = [client.get("/api/v1/aanmeldingen", **headers(secret)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/regios").status_code == 200
