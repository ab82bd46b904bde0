"""Every view that answers htmx with a fragment tells caches that its answer depends on the
HX-Request header, so a browser never shows a cached fragment as the page (or the page where
htmx expects a fragment). The views that switch on request.htmx, walked one by one."""

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from tests.trajectories.factories import CourseFactory, ReferralFactory, in_days
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff
from trajectories.models import Referral

pytestmark = pytest.mark.django_db

World = SimpleNamespace


@pytest.fixture
def world() -> World:
    return World(
        course=CourseFactory(title="Monteur warmtepompen"),
        referral=ReferralFactory(status=Referral.Status.ADVISING),
    )


@pytest.fixture
def client() -> Client:
    """An adviser of the referral's region: the public pages answer them as anyone else."""
    return past_second_factor(Client(), staff())


def on_referral(name: str) -> Callable[[World], str]:
    return lambda world: reverse(f"dashboard:{name}", args=[world.referral.pk])


def interest_form(world: World) -> str:
    return reverse("course_interest", kwargs={"slug": world.course.slug})


PAGES: dict[str, Callable[[World], str]] = {
    "the catalogue": lambda world: reverse("catalogue") + "?q=monteur",
    "the scheme list": lambda world: reverse("funding:schemes"),
    "the funding check": lambda world: reverse("funding_check") + "?situatie=employed",
    "the interest form": interest_form,
    "the municipality typeahead": lambda world: reverse("intake_municipalities") + "?q=ams",
    "the adviser's queue": lambda world: reverse("dashboard:home") + "?kind=intake",
    "a referral's page": on_referral("referral"),
    "the trajectory plan": lambda world: on_referral("trajectory_plan")(world) + "?q=monteur",
}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("shown", PAGES)
def test_every_page_that_answers_htmx_varies_on_hx_request(client, world, shown, htmx):
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(PAGES[shown](world), headers=headers)

    assert "HX-Request" in response.headers.get("Vary", "")
    if htmx:
        assert response.status_code == 200
        assert "<html" not in response.content.decode()


# The actions: a plain POST is answered with a redirect (never cached); htmx gets the changed part.

ACTIONS: dict[str, tuple[Callable[[World], str], dict, str]] = {
    "taking on, from the queue": (on_referral("referral_assign"), {}, "row"),
    "taking on, from the referral's page": (on_referral("referral_assign"), {}, "work"),
    "a contact": (on_referral("referral_contact"), {"channel": "email"}, "work"),
    "a contact without a channel": (on_referral("referral_contact"), {}, "work"),
    "a status without a status": (on_referral("referral_status"), {}, "work"),
    "a start before a plan (refused)": (
        on_referral("trajectory_start"),
        {"started_on": in_days(-1).isoformat()},
        "work",
    ),
    "an end without an outcome": (on_referral("trajectory_end"), {}, "work"),
    "check-ins handled": (on_referral("check_ins_handled"), {}, "work"),
    "the plan's funding preview": (on_referral("trajectory_plan"), {"preview": "1"}, "plan-step"),
    "the interest form with errors": (interest_form, {}, "interest"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_answered_with_a_fragment_varies_on_hx_request(client, world, action):
    url, data, target = ACTIONS[action]
    target = f"row-{world.referral.pk}" if target == "row" else target

    response = client.post(url(world), data, headers={"HX-Request": "true", "HX-Target": target})

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]
