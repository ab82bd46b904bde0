"""Who may open which dashboard page: every URL of the "dashboard" namespace, every role, and
GET and POST. The table is read against the URL configuration, so a new dashboard URL without
its row makes this test fail.

The helpers at the top are shared with the other dashboard tests.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from funding.models import Scheme
from regions.models import Membership
from tests.funding.factories import SchemeFactory
from tests.poort.factories import EditorFactory, UserFactory
from tests.poort.test_signin import turn_on_authenticator_app
from tests.regions.factories import MembershipFactory, region
from tests.second_factor import second_factor_entered
from tests.trajectories.factories import CandidateFactory, ReferralFactory
from trajectories import urls_dashboard

pytestmark = pytest.mark.django_db

REGION_A, REGION_B = "AM01", "AM10"


def past_second_factor(client: Client, user) -> Client:
    """Sign the person in as if they entered their app's code (see admin_client in conftest)."""
    turn_on_authenticator_app(user)
    client.force_login(user)
    return second_factor_entered(client, user)


def staff(role: str = Membership.Role.ADVISER, code: str = REGION_A, **user_fields):
    return MembershipFactory(
        region=region(code),
        role=role,
        user__is_active=True,
        **{f"user__{name}": value for name, value in user_fields.items()},
    ).user


def client_for(role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if role == "candidate":
        user = UserFactory()
        CandidateFactory(user=user)
        client.force_login(user)
        return client
    if role == "editor":
        return past_second_factor(client, EditorFactory())
    kind, code = role.rsplit(" ", 1)
    membership_role = {
        "adviser": Membership.Role.ADVISER,
        "coordinator": Membership.Role.COORDINATOR,
    }
    return past_second_factor(
        client, staff(membership_role[kind], {"A": REGION_A, "B": REGION_B}[code])
    )


ROLES = [
    "anonymous",
    "candidate",
    "adviser A",
    "adviser B",
    "coordinator A",
    "coordinator B",
    "editor",
]

SIGN_IN = 302  # to the sign-in page
NOT_ALLOWED = 405
STAFF_OF_A = {"anonymous": SIGN_IN, "candidate": 404, "adviser B": 404, "coordinator B": 404}
COORDINATORS_ONLY = {"anonymous": SIGN_IN, "candidate": 404, "adviser A": 404, "adviser B": 404}
COORDINATOR_OF_A = {
    "anonymous": SIGN_IN,
    "candidate": 404,
    "adviser A": 404,
    "adviser B": 404,
    "coordinator B": 404,
}

# URL name → method → role → status; roles left out answer `"default"`. The pages of a
# referral are asked for a referral of region A. An empty POST is an invalid form: the page
# comes back with its errors (200); "toewijzen" needs no form and redirects (302).
EXPECTED = {
    "home": {
        "GET": {"anonymous": SIGN_IN, "candidate": 404, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    "referral": {
        "GET": {**STAFF_OF_A, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    "referral_assign": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 302},
    },
    "referral_contact": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 200},
    },
    "referral_status": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 200},
    },
    "referral_refer_on": {
        "GET": {**STAFF_OF_A, "default": 200},
        "POST": {**STAFF_OF_A, "default": 200},
    },
    # The trajectory of a referral (views/trajectory.py). The plan page explains why a new
    # referral cannot be planned yet (200); the start needs no field and, with nothing
    # planned, is refused with a message (302); the end comes back with its errors (200);
    # "handled" needs no form and redirects (302).
    "trajectory_plan": {
        "GET": {**STAFF_OF_A, "default": 200},
        "POST": {**STAFF_OF_A, "default": 200},
    },
    "trajectory_start": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 302},
    },
    "trajectory_end": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 200},
    },
    "check_ins_handled": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {**STAFF_OF_A, "default": 302},
    },
    # The audit log and the CSV export: coordinators (of any region) and editors only.
    "audit_log": {
        "GET": {**COORDINATORS_ONLY, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    "referrals_csv": {
        "GET": {**COORDINATORS_ONLY, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    # Region insights: every member of staff sees their own regions (another region → 404,
    # tested in test_insights_page.py); editors every region.
    "insights": {
        "GET": {"anonymous": SIGN_IN, "candidate": 404, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    # Coordinators' pages (regions/urls_dashboard.py), asked for region A. An empty POST to
    # the region page saves an empty introduction (302); the other forms come back with errors.
    "regions": {
        "GET": {
            "anonymous": SIGN_IN,
            "coordinator A": 200,
            "coordinator B": 200,
            "editor": 200,
            "default": 404,
        },
        "POST": {"default": NOT_ALLOWED},
    },
    "region_edit": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 302},
    },
    "desk_edit": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
    "initiatives": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
    "advisers": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
    "region_history": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    # poort/api/urls_dashboard.py: the partner keys of region A's desk. An empty POST comes
    # back with its errors; revoking asks for a key that does not exist (404 for everyone).
    "partner_keys": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
    "key_revoke": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {"anonymous": SIGN_IN, "default": 404},
    },
    # Region A's webhook endpoints (same module): an empty POST comes back with its errors;
    # switching off and resending ask for an endpoint that does not exist (404 for everyone).
    "webhooks": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
    "webhook_switch_off": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {"anonymous": SIGN_IN, "default": 404},
    },
    "webhook_resend": {
        "GET": {"default": NOT_ALLOWED},
        "POST": {"anonymous": SIGN_IN, "default": 404},
    },
    # Region A's widget code (same module): a form sent with GET, so a POST is not allowed.
    "widgets": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {"default": NOT_ALLOWED},
    },
    # funding/urls_dashboard.py, asked for a regional scheme of region A only.
    "schemes": {
        "GET": {
            "anonymous": SIGN_IN,
            "coordinator A": 200,
            "coordinator B": 200,
            "editor": 200,
            "default": 404,
        },
        "POST": {"default": NOT_ALLOWED},
    },
    "scheme_budget": {
        "GET": {**COORDINATOR_OF_A, "default": 200},
        "POST": {**COORDINATOR_OF_A, "default": 200},
    },
}


def dashboard_patterns(patterns=None) -> list[URLPattern]:
    """Every URL of the namespace, also those of the included url modules (regio/, ...)."""
    found = []
    for pattern in urls_dashboard.urlpatterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += dashboard_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            found.append(pattern)
    return found


def test_every_dashboard_url_has_its_row_in_the_table():
    names = {pattern.name for pattern in dashboard_patterns()}

    assert names == set(EXPECTED), "add the new dashboard URL to EXPECTED"


def url_of(pattern: URLPattern, referral) -> str:
    """The URL for a referral of region A, region A itself (`slug`) or a scheme of region A."""
    kwargs = {"pk": referral.pk, "endpoint_pk": referral.pk, "slug": region(REGION_A).slug}
    if "scheme" in pattern.pattern.converters:
        kwargs["scheme"] = SchemeFactory(
            level=Scheme.Level.REGIONAL, regions=[region(REGION_A)]
        ).slug
    return reverse(
        f"dashboard:{pattern.name}",
        kwargs={name: kwargs[name] for name in pattern.pattern.converters},
    )


CASES = [
    (name, method, role)
    for name, methods in EXPECTED.items()
    for method in methods
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_each_role_gets_the_expected_answer(name, method, role):
    referral = ReferralFactory()
    pattern = next(pattern for pattern in dashboard_patterns() if pattern.name == name)
    client = client_for(role)

    response = getattr(client, method.lower())(url_of(pattern, referral))

    expected = EXPECTED[name][method]
    assert response.status_code == expected.get(role, expected["default"])
    assert "no-store" in response["Cache-Control"], "pages with personal data are never cached"
    if response.status_code == SIGN_IN and role == "anonymous":
        assert response.url.startswith("/accounts/login/")


def test_an_adviser_of_another_region_gets_404_on_each_page_of_a_referral():
    referral = ReferralFactory()
    client = client_for("adviser B")

    for pattern in dashboard_patterns():
        if "pk" in pattern.pattern.converters:
            url = url_of(pattern, referral)
            assert client.get(url).status_code in {404, NOT_ALLOWED}
            assert client.post(url).status_code in {404, NOT_ALLOWED}


def test_a_referral_that_does_not_exist_answers_404_like_one_of_another_region():
    client = client_for("adviser A")

    assert client.get(reverse("dashboard:referral", args=[999999])).status_code == 404
