"""Unhandled errors reach someone, without the personal data of the person who met them.

With `SENTRY_DSN` set, errors of the web processes and the Celery workers go to Sentry (or
GlitchTip) through `start_error_reports`, and `scrub_event` is the last step before an event
leaves: no request body, cookies or credentials, no local variables, no user, and e-mail
addresses, phone numbers and the tokens of status and check-in links cut from every text.
Without it, and with `ADMINS` set, the site e-mails the same short report through
`AdminEmailHandler`. Names cannot be recognised in free text; they are kept out by never
sending the places they stand in (forms, local variables, fields named after them).
Part of the base layer of `poort` (README, "Configuration").
"""

import logging
import re
import traceback
from typing import Any

import sentry_sdk
from django.utils.html import escape
from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler
from django.views.debug import ExceptionReporter
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from poort.logs import redact

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, with single spaces or dashes between them, an optional +31 before:
# every Dutch phone number (and a citizen service number) in any usual spelling.
PHONE = re.compile(r"(?<![\w.])\+?\(?\d\)?(?:[ -]?\(?\d\)?){8,13}(?![\w])")
# Field, header and variable names whose values are never sent, whatever they hold (a task's
# or a logger's name stays; a person's name, first_name or achternaam goes).
PERSONAL_KEY = re.compile(
    r"pass|secret|token|key|auth|cookie|session|csrf|signature|e-?mail|phone|telefoon"
    r"|address|adres|birth|geboorte|bsn|iban|remote_addr|forwarded"
    r"|^(?:first_?|last_?|full_?|sur|user_?|voor|achter)?(?:name|naam)$",
    re.IGNORECASE,
)
# The request headers an event keeps; Authorization, X-Api-Key, Cookie, … are left out.
KEPT_HEADERS = {
    "accept",
    "accept-encoding",
    "accept-language",
    "api-version",
    "content-length",
    "content-type",
    "host",
    "hx-request",
    "hx-target",
    "referer",
    "user-agent",
    "x-forwarded-proto",
}


def scrub(text: str) -> str:
    """The text with the tokens of private links, e-mail addresses and phone numbers cut out."""
    return PHONE.sub(FILTERED, EMAIL.sub(FILTERED, redact(text)))


def scrub_values(value: Any, *, by_key: bool = False, depth: int = 0) -> Any:
    """Every string in a nested structure scrubbed; with by_key, values under personal keys
    replaced whole."""
    if depth > 20:
        return FILTERED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {
            key: (
                FILTERED
                if by_key and isinstance(key, str) and PERSONAL_KEY.search(key)
                else scrub_values(item, by_key=by_key, depth=depth + 1)
            )
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub_values(item, by_key=by_key, depth=depth + 1) for item in value]
    return value


def scrub_request(request: dict) -> dict:
    headers = {
        name: value
        for name, value in (request.get("headers") or {}).items()
        if name.lower() in KEPT_HEADERS
    }
    kept = {key: request[key] for key in ("url", "method", "query_string") if key in request}
    return scrub_values({**kept, "headers": headers})


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send: the event as it may leave this machine."""
    event.pop("user", None)
    if "request" in event:
        event["request"] = scrub_request(event["request"])
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = scrub_values(breadcrumbs.get("values") or [], by_key=True)
    if "extra" in event:
        event["extra"] = scrub_values(event["extra"], by_key=True)
    return scrub_values(event)


def start_error_reports(dsn: str, *, environment: str, **options: Any) -> None:
    """Switch on Sentry for this process (settings, when SENTRY_DSN is set)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        **options,
    )


class PersonalDataFreeReporter(ExceptionReporter):
    """An error e-mail's body: the request's method and path (tokens cut) and the traceback's
    lines of code, with the exception's message scrubbed; no body, query, cookies, headers,
    local variables or settings, which Django's own report lists."""

    def get_traceback_text(self) -> str:
        lines = []
        if self.request is not None:
            lines.append(f"{self.request.method} {redact(self.request.path)}\n\n")
        if self.exc_type is None:
            lines.append(f"{self.exc_value}\n")
        else:
            lines.extend(traceback.format_exception(self.exc_type, self.exc_value, self.tb))
        return scrub("".join(lines))

    def get_traceback_html(self) -> str:
        return f"<pre>{escape(self.get_traceback_text())}</pre>"


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's mail_admins handler with the report above and a scrubbed subject."""

    def __init__(self) -> None:
        super().__init__(include_html=False, reporter_class=f"{__name__}.PersonalDataFreeReporter")

    def format_subject(self, subject: str) -> str:
        return super().format_subject(scrub(subject))

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))
