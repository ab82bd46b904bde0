"""A real SMTP server in the test process that keeps every message Django's SMTP backend sends.

Fixtures (registered in tests/conftest.py):
- smtp_sink: an aiosmtpd server on a free port of 127.0.0.1, with Django's settings pointed at
  it; `smtp_sink.messages` are the messages received, as email.message.EmailMessage.
- smtp_down: Django's settings pointed at a port where nothing listens (connection refused).

And for the outbox's tests: free_port(), and celery_broker(url) to send tasks to a real broker.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from poort import celery_app


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """The aiosmtpd handler: accepts every message, or refuses the addresses in `refused`."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()
        self.delay = 0.0  # seconds to wait before accepting a message, to widen races
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            time.sleep(self.delay)  # blocks the server loop on purpose: a slow mail server
            if _hung_up(server.transport):
                return "451 4.3.0 The sender left before the message was accepted"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages once at least `count` arrived; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} e-mails arrived"
        return list(self.messages)


def _hung_up(transport) -> bool:
    """Whether the sender closed the connection while the server was slow (a killed worker):
    a message nobody was told "250" about was not accepted, so it is not kept."""
    with socket.fromfd(
        transport.get_extra_info("socket").fileno(), socket.AF_INET, socket.SOCK_STREAM
    ) as probe:
        try:
            return probe.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False  # still there, waiting for the answer
        except OSError:
            return True  # reset


def _point_django_at(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    _point_django_at(settings, port)
    yield sink
    controller.stop()


@pytest.fixture
def smtp_down(settings) -> None:
    _point_django_at(settings, free_port())


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Send tasks to this broker instead of running them in the process, for a `with` block."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    celery_app._after_fork()  # Celery's own reset of its pooled broker connections
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        celery_app._after_fork()
