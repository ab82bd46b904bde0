"""When Redis dies between the outbox write and the commit, the e-mail still goes out, once.

Against real PostgreSQL and a redis-server of its own on a free port, with a real Celery
worker in a thread; the shared Redis on 6379 is never touched. Run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>.
"""

import datetime
import shutil
import subprocess
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from poort import celery_app
from poort.models import Notification
from poort.outbox import enqueue
from poort.tasks import sweep_outbox
from tests.smtp import celery_broker, free_port

REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="fault tests need PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1/<name>",
    ),
    pytest.mark.skipif(REDIS_SERVER is None, reason="fault tests need the redis-server program"),
    pytest.mark.django_db(transaction=True),
]


class OwnRedis:
    """A redis-server that this test starts and stops, without saving anything to disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *arguments, "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


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
