"""Every path of the OpenAPI document, for no key / region A's key / region B's key / a read-only
key of region A, for every method: public operations answer everyone alike, partner operations
follow the key's region and scope, and any other method is 405 (problem+json, with Allow)."""

import json

import pytest

from poort.api.models import PartnerKey
from tests.api.contract import checked, document
from tests.api.test_partner import REGION_A, REGION_B, issue
from tests.funding.factories import SchemeFactory
from tests.regions.factories import active_desk, region
from tests.trajectories.factories import CourseFactory, ReferralFactory

pytestmark = pytest.mark.django_db

METHODS = ["get", "post", "put", "patch", "delete"]
QUERIES = {"/api/v1/financieringscheck": "?situatie=employed&gemeente=GM0014"}
BODIES = {"statuswijzigingen": {"status": "contacted"}, "contactmomenten": {"channel": "phone"}}
# What a partner operation answers each key (a referral of region A is asked for).
PARTNER = {
    ("get", "/api/v1/aanmeldingen"): {"none": 401, "A": 200, "B": 200, "A read-only": 200},
    ("get", "/api/v1/aanmeldingen/{pk}"): {"none": 401, "A": 200, "B": 404, "A read-only": 200},
    ("post", "/api/v1/aanmeldingen/{pk}/statuswijzigingen"): {
        "none": 401,
        "A": 201,
        "B": 404,
        "A read-only": 403,
    },
    ("post", "/api/v1/aanmeldingen/{pk}/contactmomenten"): {
        "none": 401,
        "A": 201,
        "B": 404,
        "A read-only": 403,
    },
}


def filled(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def test_every_path_key_and_method(client):
    active_desk(region(REGION_A))
    values = {"slug": CourseFactory().slug, "code": "AM01"}
    scheme = SchemeFactory().slug
    secrets = {
        "none": None,
        "A": issue(REGION_A)[1],
        "B": issue(REGION_B)[1],
        "A read-only": issue(REGION_A, PartnerKey.Scope.READ, name="Lezer")[1],
    }
    for template, operations in document()["paths"].items():
        for method in METHODS:
            for who, secret in secrets.items():
                referral = ReferralFactory()
                path = filled(
                    template,
                    {
                        **values,
                        "pk": str(referral.pk),
                        "code": "GM0014" if "gemeenten" in template else "AM01",
                        **({"slug": scheme} if "regelingen" in template else {}),
                    },
                )
                extra = {"HTTP_X_API_KEY": secret} if secret else {}
                data = next((body for end, body in BODIES.items() if path.endswith(end)), {})
                response = client.generic(
                    method.upper(),
                    path + QUERIES.get(path, ""),
                    json.dumps(data),
                    "application/json",
                    **extra,
                )
                case = f"{method.upper()} {path} with key {who}"
                if method not in operations:
                    assert response.status_code == 405, case
                    assert response["Content-Type"] == "application/problem+json", case
                    assert method.upper() not in response["Allow"], case
                    continue
                checked(response, method.upper(), path)
                expected = PARTNER.get((method, template), {}).get(who, 200)
                assert response.status_code == expected, case
