"""Webhooks: a region's system hears of its referrals' events through the outbox, signed
(Standard Webhooks), retried with back-off while it fails, and at most once per endpoint per
event; a real HTTP receiver on this machine takes the deliveries."""

import base64
import datetime
import hashlib
import hmac
import json
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from poort import outbox, webhooks
from poort.api.models import WebhookEndpoint
from poort.models import Notification
from poort.tasks import send_notification
from tests.poort.factories import UserFactory
from tests.regions.factories import active_desk, region
from tests.trajectories.factories import CandidateFactory, OfferingFactory, ReferralFactory
from trajectories.models import Candidate, Referral

pytestmark = pytest.mark.django_db

REGION_A, REGION_B = "AM01", "AM10"
Status = Referral.Status


class Receiver:
    """An HTTP server in a thread that answers the given codes in turn, then 204, and keeps
    every request it got."""

    def __init__(self, answers: list[int], delay: float = 0, tls: ssl.SSLContext | None = None):
        self.answers = list(answers)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                time.sleep(delay)
                code = receiver.answers.pop(0) if receiver.answers else 204
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_port}/gouden-poort"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture(autouse=True)
def _local_http_allowed(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    settings.WEBHOOK_TIMEOUT = 2


@pytest.fixture
def receiver():
    receivers = []

    def start(*answers: int) -> Receiver:
        receivers.append(Receiver(list(answers)))
        return receivers[-1]

    yield start
    for started in receivers:
        started.stop()


def endpoint(url: str, code: str = REGION_A, events=webhooks.EVENTS) -> tuple[WebhookEndpoint, str]:
    return WebhookEndpoint.objects.register(
        region=region(code), url=url, events=list(events), by=None
    )


def verified(request: dict, secret: str, tolerance: int = 300) -> dict:
    """What a receiver does (Standard Webhooks): check the timestamp, then the signature over
    "id.timestamp.body" with the secret's bytes; the body only when both hold."""
    headers = {name.lower(): value for name, value in request["headers"].items()}
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    assert abs(time.time() - int(timestamp)) <= tolerance
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + request["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [sig.split(",", 1)[1] for sig in headers["webhook-signature"].split(" ")]
    assert any(hmac.compare_digest(expected, signature) for signature in offered)
    return json.loads(request["body"])


def make_due(delivery: Notification) -> None:
    """The clock passes the delivery's next attempt."""
    Notification.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def open_referral(code: str = REGION_A, **fields) -> Referral:
    values = {
        "candidate": CandidateFactory(),
        "kind": Referral.Kind.INTAKE,
        "region": region(code),
        "desk": active_desk(region(code)),
    }
    with transaction.atomic():
        return Referral.objects.open(**(values | fields))


# Signature and body


def test_a_new_referral_reaches_the_region_signed_with_ids_and_links_only(
    receiver, django_capture_on_commit_callbacks
):
    listening = receiver()
    _endpoint, secret = endpoint(listening.url)

    with django_capture_on_commit_callbacks(execute=True):
        referral = open_referral()

    [request] = listening.requests
    event = verified(request, secret)
    assert event["type"] == "referral.created"
    assert event["data"]["referral"]["id"] == referral.pk
    assert event["data"]["referral"]["region"] == REGION_A
    assert event["data"]["referral"]["links"]["api"].endswith(f"/api/v1/aanmeldingen/{referral.pk}")
    candidate = referral.candidate
    for personal in (candidate.first_name, candidate.last_name, candidate.email, candidate.phone):
        assert personal not in request["body"].decode()
    assert request["headers"]["webhook-id"].startswith("msg_")


def test_a_wrong_secret_does_not_verify(receiver, django_capture_on_commit_callbacks):
    listening = receiver()
    endpoint(listening.url)
    _other, wrong_secret = endpoint("https://voorbeeld.example/hook", REGION_B)

    with django_capture_on_commit_callbacks(execute=True):
        open_referral()

    with pytest.raises(AssertionError):
        verified(listening.requests[0], wrong_secret)


def test_the_signature_is_the_standard_webhooks_one():
    # The example of the Standard Webhooks reference libraries (github.com/standard-webhooks).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    signature = webhooks.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


# Retries and at most once


def test_a_failing_receiver_gets_the_same_event_again_with_back_off_until_it_answers(
    receiver, django_capture_on_commit_callbacks
):
    listening = receiver(500, 503)
    _endpoint, secret = endpoint(listening.url)

    with django_capture_on_commit_callbacks(execute=True):
        open_referral()
    delivery = Notification.objects.get(channel="webhook")
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < wait <= datetime.timedelta(seconds=60)

    assert outbox.deliver(delivery.pk) is False  # not due yet: nothing is sent
    assert len(listening.requests) == 1

    make_due(delivery)
    outbox.sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 2, 503)
    wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=115) < wait <= datetime.timedelta(seconds=120)

    make_due(delivery)
    outbox.sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == ("sent", 204)
    assert delivery.message_id == delivery.webhook_id

    bodies = [verified(request, secret) for request in listening.requests]
    assert len(bodies) == 3 and bodies[0] == bodies[1] == bodies[2]
    assert len({request["headers"]["webhook-id"] for request in listening.requests}) == 1


def test_a_delivered_event_is_never_sent_again(receiver, django_capture_on_commit_callbacks):
    listening = receiver()
    endpoint(listening.url)
    with django_capture_on_commit_callbacks(execute=True):
        referral = open_referral()
    delivery = Notification.objects.get(channel="webhook")

    assert outbox.deliver(delivery.pk) is False
    outbox.sweep()
    with transaction.atomic():  # announcing the same event again writes nothing
        referral.announce(webhooks.REFERRAL_CREATED, "created")

    assert len(listening.requests) == 1
    assert Notification.objects.filter(channel="webhook").count() == 1


def test_each_endpoint_of_the_region_gets_each_event_once(
    receiver, django_capture_on_commit_callbacks
):
    first, second = receiver(), receiver(500)
    endpoint(first.url)
    endpoint(second.url)

    with django_capture_on_commit_callbacks(execute=True):
        open_referral()
    for delivery in Notification.objects.filter(channel="webhook"):
        make_due(delivery)
    outbox.sweep()
    outbox.sweep()

    assert len(first.requests) == 1
    assert len(second.requests) == 2  # one failed try, one delivery
    assert first.requests[0]["body"] == second.requests[1]["body"]
    assert first.requests[0]["headers"]["webhook-id"] != second.requests[0]["headers"]["webhook-id"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_delivery_at_once_post_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: DATABASE_URL=postgres://…")
    slow = Receiver([], delay=0.3)  # the second worker comes while the first one posts
    try:
        endpoint(slow.url)
        with transaction.atomic():
            open_referral()
        delivery = Notification.objects.get(channel="webhook")
        start_together = threading.Barrier(2)

        def worker() -> None:
            start_together.wait()
            try:
                send_notification(delivery.pk)
            finally:
                connections.close_all()

        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(timeout=20)
    finally:
        slow.stop()
    assert len(slow.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 0, 204)


def test_after_the_last_attempt_the_delivery_fails_and_the_coordinator_can_resend_it(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    listening = receiver(500, 500)
    endpoint(listening.url)
    with django_capture_on_commit_callbacks(execute=True):
        open_referral()
    delivery = Notification.objects.get(channel="webhook")
    make_due(delivery)
    outbox.sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 2, "HTTP 500")

    assert Notification.objects.resend_webhook(delivery.pk, timezone.now())
    assert outbox.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == ("sent", 204)
    assert len({request["headers"]["webhook-id"] for request in listening.requests}) == 1


def test_a_receiver_that_does_not_answer_in_time_counts_as_a_failed_try(settings):
    settings.WEBHOOK_TIMEOUT = 1
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    try:
        endpoint(f"http://127.0.0.1:{silent.getsockname()[1]}/hook")
        with transaction.atomic():
            open_referral()
        delivery = Notification.objects.get(channel="webhook")
        started = time.monotonic()
        assert outbox.deliver(delivery.pk) is False
        assert time.monotonic() - started < 3
    finally:
        silent.close()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "timed out" in delivery.last_error.lower() or "Timeout" in delivery.last_error


def test_a_redirect_is_not_followed(receiver, django_capture_on_commit_callbacks):
    listening = receiver(307)
    endpoint(listening.url)
    with django_capture_on_commit_callbacks(execute=True):
        open_referral()
    delivery = Notification.objects.get(channel="webhook")
    assert (delivery.status, delivery.response_code) == ("pending", 307)


@pytest.fixture
def tls_receiver(tmp_path):
    """A receiver over HTTPS with a certificate of its own for 127.0.0.1; a test trusts it,
    as a region's server has one from a real CA, by pointing SSL_CERT_FILE at it."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [*command, "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    started = Receiver([], tls=context)
    yield started, cert
    started.stop()


def test_over_https_the_certificate_is_checked_and_the_delivery_arrives(tls_receiver, monkeypatch):
    receiver, cert = tls_receiver
    _endpoint, secret = endpoint(receiver.url)
    with transaction.atomic():
        open_referral()
    delivery = Notification.objects.get(channel="webhook")

    assert outbox.deliver(delivery.pk) is False  # a certificate nobody vouches for
    delivery.refresh_from_db()
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error

    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    make_due(delivery)
    assert outbox.deliver(delivery.pk) is True
    assert verified(receiver.requests[-1], secret)["type"] == "referral.created"


def test_a_host_name_that_points_to_a_private_address_gets_nothing(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    endpoint("https://crm.werkcentrum.example/hooks")
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("10.1.2.3", 443))]
    )
    with transaction.atomic():
        open_referral()
    delivery = Notification.objects.get(channel="webhook")

    assert outbox.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert "not public" in delivery.last_error


# Which events, for whom, in which transaction


def kinds_for(endpoint_: WebhookEndpoint) -> list[str]:
    return list(endpoint_.deliveries().order_by("pk").values_list("kind", flat=True))


def test_each_change_writes_its_event_in_its_own_transaction():
    groningen, _ = endpoint("https://groningen.example/hook")
    utrecht, _ = endpoint("https://utrecht.example/hook", REGION_B)
    adviser = UserFactory()
    referral = open_referral()
    referral.move_to(Status.CONTACTED, by=adviser)
    referral.refer_on(by=adviser, to_desk=active_desk(region(REGION_B)), reason="Verhuisd")

    assert kinds_for(groningen) == [
        "referral.created",
        "referral.status_changed",
        "referral.referred_on",
    ]
    assert kinds_for(utrecht) == ["referral.created", "referral.referred_on"]
    status = groningen.deliveries().get(kind="referral.status_changed").context["data"]
    assert (status["from_status"], status["to_status"]) == ("new", "contacted")
    onward = utrecht.deliveries().get(kind="referral.referred_on").context["data"]
    new_referral = Referral.objects.get(referred_from=referral)
    assert onward["referral"]["id"] == referral.pk
    assert onward["to"]["referral"]["id"] == new_referral.pk


def test_a_change_that_is_rolled_back_sends_nothing():
    endpoint("https://groningen.example/hook")
    referral = ReferralFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        referral.move_to(Status.CONTACTED, by=None)
        raise RuntimeError("the database fails later in the same transaction")
    assert not Notification.objects.filter(channel="webhook").exists()


def test_an_endpoint_gets_only_the_events_it_chose_and_none_once_switched_off():
    chosen, _ = endpoint("https://groningen.example/a", events=[webhooks.REFERRAL_CREATED])
    switched_off, _ = endpoint("https://groningen.example/b")
    switched_off.switch_off()
    referral = open_referral()
    referral.move_to(Status.CONTACTED, by=None)
    assert kinds_for(chosen) == ["referral.created"]
    assert kinds_for(switched_off) == []


def test_a_check_in_answered_with_a_problem_is_announced_once():
    endpoint_, _ = endpoint("https://groningen.example/hook")
    referral = ReferralFactory(status=Status.ADVISING)
    offering = OfferingFactory(start_date=timezone.localdate())
    trajectory = referral.plan_trajectory(by=None, offering=offering, agreements="")
    trajectory.start(by=None)
    check_in = trajectory.check_ins.first()

    check_in.record_answer("problem", note="Mijn werkgever doet moeilijk")
    check_in.record_answer("problem", note="Nog steeds")

    [delivery] = endpoint_.deliveries().filter(kind="check_in.needs_attention")
    assert delivery.context["data"]["check_in"] == {"id": check_in.pk, "months": 1}
    assert "werkgever" not in json.dumps(delivery.context)


def test_erasing_the_person_leaves_nothing_personal_in_the_deliveries():
    endpoint_, _ = endpoint("https://groningen.example/hook")
    referral = open_referral()
    candidate = Candidate.objects.get(pk=referral.candidate_id)
    candidate.erase()
    assert kinds_for(endpoint_) == ["referral.created", "referral.status_changed"]
    text = json.dumps(list(endpoint_.deliveries().values_list("context", flat=True)))
    assert referral.token not in text


# Addresses


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://crm.werkcentrum.example/hooks", True),
        ("http://crm.werkcentrum.example/hooks", False),
        ("http://127.0.0.1:8080/hook", False),
        ("https://127.0.0.1/hook", False),
        ("https://10.0.0.5/hook", False),
        ("https://169.254.169.254/latest", False),
        ("https://user:pass@crm.example/hook", False),
        ("ftp://crm.example/hook", False),
    ],
)
def test_only_https_to_a_public_server_in_production(settings, url, allowed):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    assert webhooks.is_allowed_url(url) is allowed


def test_in_development_http_to_this_machine_is_allowed(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    assert webhooks.is_allowed_url("http://127.0.0.1:8080/hook")
    assert not webhooks.is_allowed_url("http://crm.werkcentrum.example/hooks")
