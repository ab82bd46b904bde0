"""When Redis dies between the outbox write and the commit, the e-mail still goes out, once.

Against real PostgreSQL and a redis-server of its own on a free port (`own_redis`, from
tests/faults/conftest.py), with a real Celery worker in a thread; the shared Redis on 6379 is
never touched. Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>.
"""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from poort import celery_app
from poort.models import Notification
from poort.outbox import enqueue
from poort.tasks import sweep_outbox
from tests.smtp import celery_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(own_redis):
    """A Celery worker in a thread, fed by our own Redis; it closes its database connections."""

    def close_connections(**kwargs) -> None:
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    celery_app.conf.worker_hijack_root_logger = False
    with (
        celery_broker(own_redis.url),
        start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"),
    ):
        yield
    task_postrun.disconnect(close_connections)


def enqueue_for_coordinator(referral_id: int) -> Notification:
    return enqueue(
        kind="desk_missing",
        recipient="coordinator@twente.example",
        context={
            "region": "Twente",
            "referral_id": referral_id,
            "dashboard_url": "https://goudenpoort.example/dashboard/",
        },
        idempotency_key=f"referral:{referral_id}:desk_missing:1",
    )


def sweep_until(smtp_sink, count: int, seconds: float = 30) -> None:
    """Run the sweep as beat would, only every half second instead of every minute."""
    deadline = time.monotonic() + seconds
    while len(smtp_sink.messages) < count and time.monotonic() < deadline:
        sweep_outbox()
        time.sleep(0.5)


def test_an_email_written_while_redis_dies_goes_out_once_when_redis_is_back(
    own_redis, worker, smtp_sink, caplog
):
    with transaction.atomic():
        enqueue_for_coordinator(1)
    smtp_sink.wait_for(1, timeout=20)  # the normal way: Redis up, the worker sends it

    started = time.monotonic()
    with transaction.atomic():
        notification = enqueue_for_coordinator(2)
        own_redis.stop()
    waited = time.monotonic() - started

    assert waited < 3, f"the commit waited {waited:.1f} s for the dead broker"
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.PENDING
    assert "waits for the outbox sweep" in caplog.text
    assert len(smtp_sink.messages) == 1

    own_redis.start()
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER)
    )
    sweep_until(smtp_sink, 2)
    for _ in range(3):
        sweep_outbox()
    time.sleep(1)

    assert len(smtp_sink.messages) == 2
    after_the_fault = smtp_sink.messages[1]
    assert after_the_fault["Subject"] == "Geen actief loket in Twente: er wacht een aanvraag"
    assert "(nummer 2)" in after_the_fault.get_body(("plain",)).get_content()
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT
