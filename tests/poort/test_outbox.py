"""The outbox sends each e-mail once, after commit, and keeps no personal data once it went out.

The e-mails travel over real SMTP to the in-process server of tests/smtp.py.
"""

import datetime
import logging
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from poort import celery_app
from poort.models import Notification
from poort.outbox import enqueue
from poort.tasks import send_notification, sweep_outbox
from tests.smtp import celery_broker, free_port

DESK = "loket@werkcentrum-twente.example"
DESK_CONTEXT = {
    "first_name": "Sanne",
    "municipality": "Enschede",
    "region": "Twente",
    "situation": "Ik heb een baan",
    "occupation": "Kok",
    "interests": ["Installatietechniek"],
    "what_matters": ["Een korte opleiding"],
    "contact_preference": "Telefonisch",
    "kind": "intake",
    "desk_name": "Werkcentrum Twente",
    "dashboard_url": "https://goudenpoort.example/dashboard/",
    "contact_within_days": 5,
}
# What the intake knows about Sanne but must never put in the desk's e-mail.
SANNE_PRIVATE = ["sanne.devries@example.nl", "06 12345678", "de Vries"]


@pytest.fixture(autouse=True)
def _tasks_run_in_this_process():
    """As without REDIS_URL, also when the test run has one."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def enqueue_for_desk(key: str = "referral:1:new", **context) -> Notification:
    with transaction.atomic():
        return enqueue(
            kind="referral_new",
            recipient=DESK,
            context={**DESK_CONTEXT, **context},
            idempotency_key=key,
        )


def row(notification: Notification) -> Notification:
    return Notification.objects.get(pk=notification.pk)


def make_due(notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_after_commit_the_desk_receives_one_dutch_email_with_text_and_html(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = enqueue_for_desk()

    [message] = smtp_sink.wait_for(1)
    assert message["To"] == DESK
    assert message["Subject"] == "Nieuwe aanvraag: Sanne uit Enschede"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Neem binnen 5 werkdagen contact op met Sanne." in body
        assert "Je krijgt deze e-mail omdat Werkcentrum Twente" in body
    assert '<html lang="nl">' in html
    assert message["Message-ID"] == row(notification).message_id
    assert message["Auto-Submitted"] == "auto-generated"


def test_the_desk_email_holds_no_contact_details_or_last_name_of_the_person(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_for_desk()

    [message] = smtp_sink.wait_for(1)
    whole_message = message.as_string()
    for private in SANNE_PRIVATE:
        assert private not in whole_message
    with pytest.raises(ValueError, match="not allowed"), transaction.atomic():
        enqueue_for_desk(key="referral:2:new", email=SANNE_PRIVATE[0])


def test_nothing_is_written_or_sent_when_the_callers_transaction_rolls_back(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        enqueue_for_desk()
        1 / 0  # noqa: B018 - the caller fails after enqueueing

    assert not Notification.objects.exists()
    assert smtp_sink.messages == []


def test_enqueue_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="transaction"):
        enqueue(
            kind="referral_new",
            recipient=DESK,
            context=DESK_CONTEXT,
            idempotency_key="referral:1:new",
        )


def test_the_same_idempotency_key_gives_back_the_first_row_and_one_email(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_for_desk()
    with django_capture_on_commit_callbacks(execute=True):
        again = enqueue_for_desk(first_name="Someone else")

    assert again.pk == first.pk
    assert Notification.objects.count() == 1
    assert len(smtp_sink.wait_for(1)) == 1


def test_lazy_labels_are_stored_in_the_language_of_the_email(db):
    notification = enqueue_for_desk(situation=gettext_lazy("Not filled in"))

    assert row(notification).context["situation"] == "Niet ingevuld"


def test_running_the_send_task_twice_sends_one_email(db, smtp_sink):
    notification = enqueue_for_desk()  # its on-commit send is dropped with the test transaction

    send_notification(notification.pk)
    send_notification(notification.pk)

    assert len(smtp_sink.wait_for(1)) == 1
    assert row(notification).status == Notification.Status.SENT


def test_a_sent_row_keeps_no_recipient_or_context_only_kind_key_and_times(db, smtp_sink):
    notification = enqueue_for_desk()

    send_notification(notification.pk)

    sent = row(notification)
    assert (sent.recipient, sent.context, sent.last_error) == ("", {}, "")
    assert (sent.kind, sent.idempotency_key) == ("referral_new", "referral:1:new")
    assert sent.sent_at is not None and sent.created_at is not None
    assert sent.message_id.startswith("<") and sent.message_id.endswith(">")


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_row_at_once_send_one_email(smtp_sink):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: DATABASE_URL=postgres://…")
    notification = Notification.objects.create(
        kind="referral_new", recipient=DESK, context=DESK_CONTEXT, idempotency_key="referral:1:new"
    )
    smtp_sink.delay = 0.3  # a slow mail server: the second worker comes while the first sends
    start_together = threading.Barrier(2)

    def worker() -> None:
        start_together.wait()
        try:
            send_notification(notification.pk)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=20)

    assert len(smtp_sink.wait_for(1)) == 1
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 1
    assert row(notification).status == Notification.Status.SENT


def test_when_smtp_is_down_each_attempt_waits_twice_as_long_until_the_row_fails(
    db, smtp_down, settings
):
    notification = enqueue_for_desk()
    waits = []

    for attempt in range(1, settings.OUTBOX_MAX_ATTEMPTS + 1):
        before = timezone.now()
        send_notification(notification.pk)
        failed = row(notification)
        assert failed.attempts == attempt
        assert "Connection refused" in failed.last_error or "111" in failed.last_error
        if failed.status == Notification.Status.PENDING:
            waits.append(round((failed.next_attempt_at - before).total_seconds() / 60))
            send_notification(notification.pk)  # too early: nothing happens
            assert row(notification).attempts == attempt
            make_due(notification)

    assert waits == [1, 2, 4, 8, 16]
    assert failed.status == Notification.Status.FAILED
    assert failed.next_attempt_at is None
    assert failed.recipient == DESK  # kept, so that someone can retry it


def test_a_recipient_the_mail_server_refuses_fails_at_once(db, smtp_sink):
    smtp_sink.refused.add(DESK)
    notification = enqueue_for_desk()

    send_notification(notification.pk)

    failed = row(notification)
    assert (failed.status, failed.attempts) == (Notification.Status.FAILED, 1)
    assert "550" in failed.last_error


def test_the_sweep_sends_pending_rows_that_no_worker_picked_up(db, smtp_sink, settings):
    overlooked = enqueue_for_desk(key="referral:1:new")
    Notification.objects.filter(pk=overlooked.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER + 1)
    )
    just_written = enqueue_for_desk(key="referral:2:new", first_name="Noor")

    sweep_outbox()

    [message] = smtp_sink.wait_for(1)
    assert "Sanne" in message["Subject"]
    assert row(overlooked).status == Notification.Status.SENT
    assert row(just_written).status == Notification.Status.PENDING


def test_the_sweep_sends_a_row_whose_retry_time_has_come(db, smtp_sink):
    notification = enqueue_for_desk()
    Notification.objects.filter(pk=notification.pk).update(attempts=2)
    make_due(notification)

    sweep_outbox()

    assert len(smtp_sink.wait_for(1)) == 1
    assert row(notification).status == Notification.Status.SENT


def test_the_sweep_takes_back_a_row_whose_worker_died_while_sending(db, smtp_sink, settings):
    notification = enqueue_for_desk()
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT + 1)
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, claimed_at=long_ago
    )
    recently = enqueue_for_desk(key="referral:2:new")
    Notification.objects.filter(pk=recently.pk).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now()
    )

    sweep_outbox()

    assert len(smtp_sink.wait_for(1)) == 1
    assert (row(notification).status, row(notification).attempts) == ("sent", 1)
    assert row(recently).status == Notification.Status.SENDING


def test_enqueue_with_the_broker_down_does_not_raise_and_leaves_the_row_to_the_sweep(
    db, smtp_sink, django_capture_on_commit_callbacks, caplog
):
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            notification = enqueue_for_desk()
        waited = time.monotonic() - started

    assert waited < 2
    assert row(notification).status == Notification.Status.PENDING
    assert smtp_sink.messages == []
    assert "waits for the outbox sweep" in caplog.text


def test_the_sweep_sends_rows_itself_when_the_broker_is_down(db, smtp_sink, settings):
    settings.OUTBOX_SWEEP_AFTER = 0
    enqueue_for_desk(key="referral:1:new")
    enqueue_for_desk(key="referral:2:new", first_name="Noor")

    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        sweep_outbox()

    assert len(smtp_sink.wait_for(2)) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_forgetting_a_person_cancels_their_unsent_rows_and_blanks_the_sent_ones(db, smtp_sink):
    sent = enqueue_for_desk(key="referral:4:new")
    send_notification(sent.pk)
    waiting = enqueue_for_desk(key="referral:4:confirmation")
    other_person = enqueue_for_desk(key="referral:42:new")

    assert Notification.objects.forget_for("referral:4:") == 2

    cancelled = row(waiting)
    assert (cancelled.status, cancelled.recipient, cancelled.context) == ("failed", "", {})
    assert "erased" in cancelled.last_error
    assert row(sent).status == Notification.Status.SENT
    assert row(other_person).recipient == DESK
    send_notification(waiting.pk)
    assert len(smtp_sink.messages) == 1


def test_failed_rows_show_in_the_admin_and_retry_sends_them(
    db, admin_client, smtp_sink, django_capture_on_commit_callbacks
):
    failed = enqueue_for_desk(key="referral:1:new")
    Notification.objects.filter(pk=failed.pk).update(
        status=Notification.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected()"
    )
    enqueue_for_desk(key="referral:2:new")
    changelist = reverse("admin:poort_notification_changelist")

    page = admin_client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [row(failed)]
    assert "SMTPServerDisconnected()" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            changelist,
            {"action": "retry_selected", "_selected_action": [failed.pk]},
            follow=True,
        )

    assert "1 e-mailbericht wordt opnieuw verstuurd." in answer.text
    assert len(smtp_sink.wait_for(1)) == 1
    assert row(failed).status == Notification.Status.SENT


def test_the_retry_action_skips_rows_that_went_out_or_were_erased(
    db, admin_client, django_capture_on_commit_callbacks
):
    erased = enqueue_for_desk(key="referral:1:new")
    Notification.objects.forget_for("referral:1:")

    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            reverse("admin:poort_notification_changelist"),
            {"action": "retry_selected", "_selected_action": [erased.pk]},
            follow=True,
        )

    assert "1 e-mailbericht is overgeslagen" in answer.text
    assert row(erased).status == Notification.Status.FAILED


def test_a_failed_send_is_logged_for_the_operator(db, smtp_down, caplog):
    notification = enqueue_for_desk()

    with caplog.at_level(logging.WARNING, logger="poort.outbox"):
        send_notification(notification.pk)

    assert f"Notification {notification.pk} was not sent" in caplog.text
