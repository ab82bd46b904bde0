"""An unhandled error reaches the operators, and no personal data goes with it: the event that
Sentry's SDK builds for a failing request leaves without the person's e-mail address, name,
phone number, the token of their status link, their form, cookies or credentials; the e-mail to
ADMINS, the fallback without Sentry, holds as little. Settings: SENTRY_DSN and ADMINS."""

import json
import logging

import pytest
import sentry_sdk
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.transport import Transport

from poort import urls as site_urls
from poort.celery import app as celery_app
from poort.reporting import AdminEmailHandler, scrub, start_error_reports
from tests.poort.test_settings import run_python


@csrf_exempt
def broken_view(request: HttpRequest, token: str) -> HttpResponse:
    person_name = request.POST["naam"]  # a local variable with a name in it
    raise ValueError(
        f"Could not save {request.POST['email']} (phone {PHONE}) for {len(person_name)}"
    )


urlpatterns = [path("aanvraag/<str:token>/kapot/", broken_view), *site_urls.urlpatterns]
handler500 = site_urls.handler500


# What the failing request carries; the lines above are in the event as source context.
TOKEN = "Zk3vQ9xLw2pR7mT4yN8bCa"
EMAIL = "jan.jansen@voorbeeld.nl"
NAME = "Jan Jansen"
PHONE = "06-12345678"
API_KEY = "gp_live_4f9a8b7c6d5e"
SESSION = "s3ss10nc00k1e"


class CollectingTransport(Transport):
    """Keeps the events the SDK would send."""

    def __init__(self) -> None:
        super().__init__({"dsn": "https://public@sentry.example/1"})
        self.events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        if event := envelope.get_event():
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = CollectingTransport()
    start_error_reports("https://public@sentry.example/1", environment="test", transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()


def fail_a_request() -> None:
    """A POST through the WSGI application, as gunicorn calls it: Sentry's SDK builds the
    request part of its event there (Django's test client goes around it)."""
    request = RequestFactory().post(
        f"/aanvraag/{TOKEN}/kapot/?email={EMAIL}",
        {"naam": NAME, "email": EMAIL, "telefoon": PHONE},
        HTTP_AUTHORIZATION=f"Bearer {API_KEY}",
        HTTP_X_API_KEY=API_KEY,
        HTTP_COOKIE=f"sessionid={SESSION}",
        HTTP_USER_AGENT="Firefox",
    )
    statuses = []
    # As the test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        WSGIHandler()(request.environ, lambda status, headers: statuses.append(status))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["500 Internal Server Error"]


def personal_data_in(text: str) -> list[str]:
    return [found for found in (TOKEN, EMAIL, NAME, PHONE, API_KEY, SESSION) if found in text]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_event_of_a_failing_request_leaves_without_personal_data(sentry_events):
    fail_a_request()

    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert personal_data_in(json.dumps(event)) == []
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert event["request"]["url"].endswith("/aanvraag/[token]/kapot/")
    assert event["request"]["method"] == "POST"
    assert event["request"]["headers"]["User-Agent"] == "Firefox"
    assert "data" not in event["request"]
    assert "cookies" not in event["request"]
    assert "user" not in event


@celery_app.task(name="tests.poort.test_error_reports.failing_task")
def failing_task(email: str) -> None:
    raise RuntimeError(f"No e-mail to {email}")


def test_the_event_of_a_failing_task_leaves_without_personal_data(sentry_events):
    failing_task.apply(args=[EMAIL])

    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert personal_data_in(json.dumps(event)) == []
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["extra"]["celery-job"]["task_name"] == failing_task.name


def test_a_logged_error_with_personal_data_in_its_message_leaves_scrubbed(sentry_events):
    logging.getLogger("poort.test").error(
        "Mail to %s failed, see /hoe-gaat-het/%s/", EMAIL, TOKEN, extra={"naam": NAME}
    )

    assert len(sentry_events) == 1
    assert personal_data_in(json.dumps(sentry_events[0])) == []


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (f"mail {EMAIL} now", "mail [Filtered] now"),
        ("call 050 123 45 67 or +31 6 12345678", "call [Filtered] or [Filtered]"),
        (f"GET /aanvraag/{TOKEN}/intrekken/", "GET /aanvraag/[token]/intrekken/"),
        ("referral 1234 on 2026-12-06 at 12:08", "referral 1234 on 2026-12-06 at 12:08"),
    ],
)
def test_scrub_cuts_addresses_phone_numbers_and_tokens_and_leaves_the_rest(text, scrubbed):
    assert scrub(text) == scrubbed


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_without_sentry_the_admins_get_an_email_without_personal_data(settings):
    settings.ADMINS = [("Beheer", "beheer@goudenpoort.example")]
    handler = AdminEmailHandler()
    handler.setLevel(logging.ERROR)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        fail_a_request()
    finally:
        logger.removeHandler(handler)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["beheer@goudenpoort.example"]
    assert personal_data_in(message.subject + message.body) == []
    assert "/aanvraag/[token]/kapot/" in message.subject
    assert "ValueError: Could not save [Filtered]" in message.body
    assert "broken_view" in message.body


def test_admins_and_sentry_dsn_are_read_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ADMINS, 'mail_admins' in settings.LOGGING['handlers'])"
    )
    admins = run_python(code, ADMINS="Beheer <beheer@example.nl>, ict@example.nl")
    assert admins.stdout.strip() == (
        "[('Beheer', 'beheer@example.nl'), ('ict@example.nl', 'ict@example.nl')] True"
    )
    with_sentry = run_python(
        code + "; import sentry_sdk; print(sentry_sdk.get_client().is_active())",
        ADMINS="beheer@example.nl",
        SENTRY_DSN="https://public@sentry.example/1",
    )
    assert with_sentry.stdout.split()[-2:] == ["False", "True"]
    bad = run_python(code, ADMINS="beheer")
    assert bad.returncode != 0
    assert "ADMINS must be e-mail addresses" in bad.stderr
