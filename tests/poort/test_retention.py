"""Retention: closed requests are anonymised after RETENTION_MONTHS, erasure on request leaves
nothing of the person in any table, and desks are reminded once of overdue first contacts."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone

from poort.front.services import intake_submit
from poort.models import Notification
from poort.tasks import clear_expired_sessions
from poort.workdays import working_days_between
from regions.models import Desk, Municipality
from tests.regions.factories import DeskFactory
from trajectories.models import (
    Candidate,
    Referral,
    ReferralStatusChange,
    months_before,
)
from trajectories.tasks import anonymise_expired_candidates, remind_overdue_referrals

pytestmark = pytest.mark.django_db

PERSONAL = ("Sanne", "Vries", "sanne@example.nl", "12345678", "Magazijnmedewerker")


@pytest.fixture
def desk() -> Desk:
    return DeskFactory(region=Municipality.objects.get(code="GM0153").region, contact_within_days=5)


@pytest.fixture
def submit(desk, django_capture_on_commit_callbacks):
    def submit_one(**changes) -> Referral:
        values = {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "email": "sanne@example.nl",
            "phone": "06 12345678",
            "municipality": Municipality.objects.get(code="GM0153"),
            "situation": "employed",
            "occupation": "Magazijnmedewerker",
            "contact_preference": Referral.ContactPreference.PHONE,
            **changes,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return intake_submit(**values)

    return submit_one


def close(referral: Referral, *, days_ago: int, status: str = Referral.Status.COMPLETED) -> None:
    closed_at = timezone.now() - datetime.timedelta(days=days_ago)
    Referral.objects.filter(pk=referral.pk).update(status=status, closed_at=closed_at)
    Candidate.objects.filter(pk=referral.candidate_id).update(created_at=closed_at)


def everything_stored() -> str:
    """Every text and JSON value in every table, sessions decoded, as one string."""
    values = []
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                values += [json.dumps(value, ensure_ascii=False) for value in row]
    for session in Session.objects.all():
        values.append(json.dumps(session.get_decoded(), ensure_ascii=False))
    return "\n".join(values)


def test_a_request_closed_longer_ago_than_the_retention_period_is_anonymised(submit, settings):
    settings.RETENTION_MONTHS = 24
    referral = submit()
    close(referral, days_ago=24 * 31)

    assert anonymise_expired_candidates.delay().get() == 1

    candidate = Candidate.objects.get()
    assert candidate.anonymised_at is not None
    assert (candidate.first_name, candidate.email, candidate.phone) == ("", "", "")
    assert candidate.municipality is None
    assert Referral.objects.get().region == referral.region  # the counts stay


def test_a_withdrawn_request_is_anonymised_after_the_retention_period_too(submit, settings):
    settings.RETENTION_MONTHS = 24
    close(submit(), days_ago=24 * 31, status=Referral.Status.WITHDRAWN)

    anonymise_expired_candidates()

    assert Candidate.objects.get().anonymised_at is not None


def test_a_request_closed_recently_is_kept(submit, settings):
    settings.RETENTION_MONTHS = 24
    close(submit(), days_ago=30)

    assert anonymise_expired_candidates() == 0
    assert Candidate.objects.get().first_name == "Sanne"


def test_an_open_request_is_kept_however_old(submit, settings):
    settings.RETENTION_MONTHS = 1
    referral = submit()
    Candidate.objects.update(created_at=timezone.now() - datetime.timedelta(days=900))
    Referral.objects.update(updated_at=timezone.now() - datetime.timedelta(days=900))

    assert anonymise_expired_candidates() == 0
    assert Referral.objects.get(pk=referral.pk).candidate.first_name == "Sanne"


def test_the_retention_period_is_a_setting(submit, settings):
    close(submit(), days_ago=100)

    settings.RETENTION_MONTHS = 6
    assert anonymise_expired_candidates() == 0
    settings.RETENTION_MONTHS = 3
    assert anonymise_expired_candidates() == 1


def test_anonymising_twice_does_nothing_more(submit, settings):
    settings.RETENTION_MONTHS = 1
    close(submit(), days_ago=60)

    assert anonymise_expired_candidates() == 1
    assert anonymise_expired_candidates() == 0


def test_after_anonymisation_nothing_of_the_person_is_left_in_any_table(submit, settings):
    settings.RETENTION_MONTHS = 1
    referral = submit()
    ReferralStatusChange.objects.create(
        referral=referral, to_status="contacted", note="Sanne belde terug op 06 12345678"
    )
    close(referral, days_ago=60)

    anonymise_expired_candidates()

    stored = everything_stored()
    for private in PERSONAL:
        assert private not in stored


def test_after_erasure_on_request_nothing_of_the_person_is_left_in_any_table(client, desk):
    start = client.get(reverse("orientation"))["Location"]
    steps = {
        1: {"situation": "employed", "occupation": "Magazijnmedewerker"},
        2: {},
        3: {"municipality": "Enschede"},
        4: {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "email": "sanne@example.nl",
            "phone": "06 12345678",
            "contact_preference": "phone",
        },
        5: {"consent": "on"},
    }
    for step, data in steps.items():
        client.post(start.replace("/1/", f"/{step}/"), {**data, "next": ""})
    referral = Referral.objects.get()
    assert "Sanne" in everything_stored()

    client.post(reverse("referral_erase", kwargs={"token": referral.token}))

    stored = everything_stored()
    for private in PERSONAL:
        assert private not in stored


def test_a_desk_is_reminded_once_of_a_request_without_contact_after_the_promised_days(submit):
    referral = submit()
    created = timezone.now() - datetime.timedelta(days=14)
    Referral.objects.filter(pk=referral.pk).update(created_at=created)
    mail.outbox.clear()

    assert remind_overdue_referrals() == 1
    assert remind_overdue_referrals() == 0

    reminder = Notification.objects.get(kind="referral_reminder")
    assert reminder.idempotency_key == f"referral:{referral.pk}:reminder"
    assert reminder.recipient == referral.desk.email
    assert reminder.context["days_waiting"] > referral.desk.contact_within_days
    assert reminder.context["created_on"] == timezone.localdate(created).isoformat()


def test_no_reminder_within_the_promised_days(submit):
    referral = submit()
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    assert remind_overdue_referrals() == 0


def test_no_reminder_while_the_promised_days_run_over_a_public_holiday(submit):
    referral = submit()
    Desk.objects.filter(pk=referral.desk_id).update(contact_within_days=2)
    received = timezone.make_aware(datetime.datetime(2027, 4, 23, 10))  # Friday
    Referral.objects.filter(pk=referral.pk).update(created_at=received)

    # Wednesday 28 April: Monday and Wednesday are the two days; Tuesday is Koningsdag.
    assert remind_overdue_referrals(today="2027-04-28") == 0
    assert remind_overdue_referrals(today="2027-04-29") == 1
    reminder = Notification.objects.get(kind="referral_reminder")
    assert reminder.context["days_waiting"] == 3


def test_no_reminder_once_the_desk_has_made_contact(submit):
    referral = submit()
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30),
        status=Referral.Status.CONTACTED,
        first_contact_at=timezone.now(),
    )

    assert remind_overdue_referrals() == 0


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (datetime.date(2026, 3, 2), datetime.date(2026, 3, 2), 0),  # Monday, same day
        (datetime.date(2026, 3, 2), datetime.date(2026, 3, 6), 4),  # Monday → Friday
        (datetime.date(2026, 3, 6), datetime.date(2026, 3, 9), 1),  # Friday → Monday
        (datetime.date(2026, 3, 7), datetime.date(2026, 3, 8), 0),  # Saturday → Sunday
        (datetime.date(2026, 3, 2), datetime.date(2026, 3, 16), 10),  # two weeks
    ],
)
def test_working_days_count_mondays_to_fridays(start, end, days):
    assert working_days_between(start, end) == days


def test_months_before_keeps_to_the_end_of_a_short_month():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)

    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)


def test_the_answers_of_a_form_never_sent_are_deleted_once_the_session_expired(client):
    client.post("/orienteren/", follow=True)
    kept = client.session.session_key
    expired = Session.objects.create(
        session_key="expired-draft",
        session_data=client.session.encode({"intake_drafts": {"k": {"answers": {"1": "Sanne"}}}}),
        expire_date=timezone.now() - datetime.timedelta(minutes=1),
    )

    clear_expired_sessions()

    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=kept).exists()
