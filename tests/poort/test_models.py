"""The User model signs in by e-mail; the notification outbox cannot claim a send it lacks."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from poort.models import Notification, User

pytestmark = pytest.mark.django_db


def test_the_project_user_model_is_the_poort_user():
    assert get_user_model() is User


def test_a_user_signs_in_with_e_mail_and_password(client):
    User.objects.create_user("adviseur@example.nl", password="een-lang-wachtwoord")

    assert authenticate(email="adviseur@example.nl", password="een-lang-wachtwoord")
    assert client.login(email="adviseur@example.nl", password="een-lang-wachtwoord")


def test_a_wrong_password_does_not_sign_in():
    User.objects.create_user("adviseur@example.nl", password="een-lang-wachtwoord")

    assert authenticate(email="adviseur@example.nl", password="fout") is None


def test_a_user_has_no_user_name():
    field_names = {field.name for field in User._meta.get_fields()}

    assert "username" not in field_names
    assert User.USERNAME_FIELD == "email"
    assert User.REQUIRED_FIELDS == []


def test_a_user_needs_an_e_mail_address():
    with pytest.raises(ValueError):
        User.objects.create_user("", password="een-lang-wachtwoord")


def test_an_e_mail_address_belongs_to_one_user_only():
    User.objects.create_user("adviseur@example.nl")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("adviseur@example.nl")


def test_an_e_mail_address_in_other_capitals_is_the_same_address():
    User.objects.create_user("adviseur@example.nl")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("Adviseur@Example.nl")


def test_the_admin_refuses_a_second_account_for_the_same_address_in_other_capitals(admin_client):
    User.objects.create_user("adviseur@example.nl")

    response = admin_client.post(
        "/beheer/poort/user/add/",
        {
            "email": "ADVISEUR@example.nl",
            "password1": "een-lang-wachtwoord-1",
            "password2": "een-lang-wachtwoord-1",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres." in response.content.decode()
    assert User.objects.filter(email__iexact="adviseur@example.nl").count() == 1


def test_a_superuser_signs_in_by_e_mail_too():
    User.objects.create_superuser("beheer@example.nl", password="een-lang-wachtwoord")

    user = authenticate(email="beheer@example.nl", password="een-lang-wachtwoord")
    assert user.is_staff and user.is_superuser


def notification(**values) -> Notification:
    values = {
        "kind": "referral_confirmation",
        "recipient": "sanne@example.nl",
        "idempotency_key": f"test:{Notification.objects.count()}",
        **values,
    }
    return Notification.objects.create(**values)


def test_a_sent_notification_records_when_it_was_sent():
    with pytest.raises(IntegrityError), transaction.atomic():
        notification(status=Notification.Status.SENT)


def test_a_notification_sent_at_a_known_moment_is_accepted():
    sent = notification(status=Notification.Status.SENT, sent_at=timezone.now())

    assert sent.sent_at is not None


def test_marking_a_notification_sent_without_a_time_is_refused():
    pending = notification()

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=pending.pk).update(status=Notification.Status.SENT)

    assert Notification.objects.get(pk=pending.pk).status == Notification.Status.PENDING


def test_a_notification_goes_out_once_per_idempotency_key():
    notification(idempotency_key="referral:1:confirmation")

    with pytest.raises(IntegrityError), transaction.atomic():
        notification(idempotency_key="referral:1:confirmation")
