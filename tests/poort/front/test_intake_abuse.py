"""Protection of the intake: a rate limit on sending, a honeypot, CSRF and no BSN ever."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from poort.models import Notification
from regions.models import Desk, Municipality
from tests.regions.factories import DeskFactory
from trajectories.models import Candidate, Referral

pytestmark = pytest.mark.django_db

STEPS = {
    1: {"situation": "employed", "occupation": "Monteur"},
    2: {},
    3: {"municipality": "Enschede"},
    4: {"first_name": "Sanne", "email": "sanne@example.nl", "contact_preference": "email"},
    5: {"consent": "on", "website": ""},
}
BSN = "123456782"


@pytest.fixture(autouse=True)
def desk() -> Desk:
    return DeskFactory(region=Municipality.objects.get(code="GM0153").region)


def step_url(client, step: int) -> str:
    return re.sub(r"/1/$", f"/{step}/", client.get(reverse("orientation"))["Location"])


def fill_in(client: Client, *, last: dict | None = None, until: int = 5):
    """Answer the steps of a new intake; return the response of the last one."""
    url = step_url(client, 1)
    for step in range(1, until + 1):
        data = last if (last is not None and step == until) else STEPS[step]
        response = client.post(url.replace("/1/", f"/{step}/"), {**data, "next": ""})
    return response


def test_the_sixth_intake_within_an_hour_is_refused_with_a_dutch_429_page(
    client, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert fill_in(client).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refused = fill_in(client)

    assert refused.status_code == 429
    assert "Te veel pogingen" in refused.text
    assert Referral.objects.count() == 5
    assert Notification.objects.count() == 10
    assert mail.outbox == []


def test_the_limit_is_a_setting(client, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"

    assert fill_in(client).status_code == 302
    assert fill_in(client).status_code == 429
    assert Referral.objects.count() == 1


def test_the_limit_is_per_client_address(settings):
    settings.INTAKE_RATE_LIMIT = "1/h"

    assert fill_in(Client(REMOTE_ADDR="192.0.2.1")).status_code == 302
    assert fill_in(Client(REMOTE_ADDR="192.0.2.2")).status_code == 302
    assert fill_in(Client(REMOTE_ADDR="192.0.2.1")).status_code == 429


def test_only_the_final_submit_counts_against_the_limit(client, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    for _ in range(5):
        fill_in(client, until=4)
        fill_in(client, last={"website": ""})  # no consent: an error, not a submission

    assert fill_in(client).status_code == 302


def test_a_filled_in_honeypot_makes_no_referral_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = fill_in(client, last={"consent": "on", "website": "https://spam.example"})

    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert not Candidate.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client):
    fill_in(client, until=4)
    last = client.get(fill_in(client, until=4)["Location"])

    trap = re.search(r'<div class="[^"]*form-field--trap[^"]*"[^>]*>.*?</div>', last.text, re.S)
    assert trap
    assert 'aria-hidden="true"' in trap.group()
    assert 'tabindex="-1"' in trap.group()
    assert 'name="website"' in trap.group()


def test_a_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    url = client.get(reverse("orientation"))["Location"]

    response = client.post(url, {**STEPS[1], "next": ""})

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("step", "field"),
    [(1, "occupation"), (4, "first_name"), (4, "last_name"), (4, "phone"), (4, "email")],
)
def test_a_bsn_in_any_free_text_field_is_refused_with_an_explanation(client, step, field):
    value = f"{BSN}@example.nl" if field == "email" else BSN
    response = fill_in(client, last={**STEPS[step], field: value}, until=step)

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert "burgerservicenummer" in response.text


def test_a_bsn_in_the_municipality_field_is_refused(client):
    response = fill_in(client, last={"municipality": f"Enschede {BSN}"}, until=3)

    assert "burgerservicenummer" in response.text


def test_a_refused_bsn_is_not_kept_in_the_session_either(client):
    refused = fill_in(client, last={**STEPS[1], "occupation": f"bsn {BSN}"}, until=1)

    assert BSN in refused.text  # shown back once, so the person sees what to change
    assert BSN not in str(dict(client.session))


def test_going_back_does_not_keep_a_bsn_either(client):
    url = step_url(client, 1)
    client.post(url, {**STEPS[1], "occupation": BSN, "previous": ""})

    assert BSN not in str(dict(client.session))
