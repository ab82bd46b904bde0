"""When the database fails during the submit: no referral, no e-mail, a clear page, answers kept."""

import re

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse

from poort.models import Notification
from regions.models import Desk, Municipality
from tests.regions.factories import DeskFactory
from trajectories.models import Candidate, Referral

pytestmark = pytest.mark.django_db

STEPS = {
    1: {"situation": "returning", "occupation": "Verpleegkundige"},
    2: {},
    3: {"municipality": "Enschede"},
    4: {"first_name": "Sanne", "email": "sanne@example.nl", "contact_preference": "email"},
}


@pytest.fixture(autouse=True)
def desk() -> Desk:
    return DeskFactory(region=Municipality.objects.get(code="GM0153").region)


def refuse_writing_referrals(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "trajectories_referral" in sql:
        raise OperationalError("the database went away")
    return execute(sql, params, many, context)


@pytest.fixture
def last_step(client) -> str:
    url = client.get(reverse("orientation"))["Location"]
    for step, data in STEPS.items():
        client.post(re.sub(r"/1/$", f"/{step}/", url), {**data, "next": ""})
    return re.sub(r"/1/$", "/5/", url)


def test_a_database_error_makes_no_referral_sends_nothing_and_says_so(
    client, last_step, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        connection.execute_wrapper(refuse_writing_referrals),
    ):
        response = client.post(last_step, {"consent": "on", "next": ""})

    assert response.status_code == 503
    assert "<h1>" in response.text
    assert "Traceback" not in response.text
    assert "Je vraag is niet verstuurd" in response.text
    assert not Referral.objects.exists()
    assert not Candidate.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_after_a_database_error_the_answers_are_kept_for_another_try(
    client, last_step, django_capture_on_commit_callbacks
):
    with connection.execute_wrapper(refuse_writing_referrals):
        client.post(last_step, {"consent": "on", "next": ""})

    with django_capture_on_commit_callbacks(execute=True):
        retry = client.post(last_step, {"consent": "on", "next": ""})

    assert retry.status_code == 302
    assert Referral.objects.get().candidate.occupation == "Verpleegkundige"
    assert len(mail.outbox) == 2
