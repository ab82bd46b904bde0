"""The e-mails of the outbox: which kinds exist, what each needs, and how one is rendered.

Every kind has three templates in templates/emails/: <kind>.subject.txt, <kind>.txt and
<kind>.html (the last two extend the base layouts). They render in the notification's
language.
"""

import datetime
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from poort.models import Notification


def absolute_url(viewname: str, *args: object) -> str:
    """The full address of a page, for a link in an e-mail: SITE_URL and the page's path."""
    return settings.SITE_URL + reverse(viewname, args=args)


@dataclass(frozen=True)
class EmailKind:
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    reply_to: str | None = None  # the context key whose address receives replies


KINDS: dict[str, EmailKind] = {
    # To the desk. No e-mail address, phone or last name: the adviser sees those in the dashboard.
    "referral_new": EmailKind(
        required=frozenset(
            {
                "first_name",
                "municipality",
                "region",
                "situation",
                "occupation",
                "interests",
                "what_matters",
                "contact_preference",
                "kind",
                "desk_name",
                "dashboard_url",
                "contact_within_days",
            }
        ),
        # An onward referral also says from which desk, why, and the day of the promise.
        optional=frozenset({"course_title", "referred_from_desk", "referral_reason", "contact_by"}),
    ),
    # To the candidate; a reply goes to their desk.
    "referral_confirmation": EmailKind(
        required=frozenset(
            {
                "first_name",
                "desk_name",
                "desk_phone",
                "desk_email",
                "desk_website",
                "contact_within_days",
                "contact_preference",
                "status_url",
            }
        ),
        optional=frozenset({"course_title"}),
        reply_to="desk_email",
    ),
    "referral_reminder": EmailKind(
        required=frozenset(
            {
                "referral_id",
                "desk_name",
                "days_waiting",
                "created_on",
                "dashboard_url",
                "contact_within_days",
            }
        )
    ),
    # To a course's provider about an interest sign-up: no contact details; the desk connects.
    "interest_provider": EmailKind(
        required=frozenset(
            {"provider_name", "first_name", "course_title", "offering", "municipality", "desk_name"}
        )
    ),
    # To each coordinator of a region without an active desk.
    "desk_missing": EmailKind(required=frozenset({"region", "referral_id", "dashboard_url"})),
    # Follow-up of a trajectory (docs/dashboard.md, "Follow-up"). To the person: "Hoe gaat
    # het?" with one link per answer; the link opens a page where they confirm.
    "check_in": EmailKind(
        required=frozenset(
            {"first_name", "course_title", "months", "answer_url", "desk_name", "desk_phone"}
        )
    ),
    # To the adviser (else the desk) on the same day; no contact details, as for referral_new.
    "check_in_adviser": EmailKind(
        required=frozenset(
            {"first_name", "course_title", "months", "referral_id", "due_on", "referral_url"}
        )
    ),
    # To the adviser (else the desk) when the person answers "I have a problem".
    "check_in_problem": EmailKind(
        required=frozenset({"first_name", "course_title", "months", "referral_id", "referral_url"})
    ),
}

# To the person at the moments that matter (docs/intake.md, "The status page"), each with
# their status link and the contact details of the desk that has their request (empty for a
# provider).
PERSON_DESK = frozenset({"first_name", "status_url", "desk_name", "desk_phone", "desk_email"})
KINDS |= {
    # Referred on: who has it now, why, and by when they will hear (the promise's sentence).
    "referral_referred_on": EmailKind(
        required=PERSON_DESK | {"receiver", "from_desk", "reason", "promise"},
        reply_to="desk_email",
    ),
    # A plan was made (or changed): course, start, place and who pays what.
    "trajectory_planned": EmailKind(
        required=PERSON_DESK
        | {
            "course_title",
            "provider_name",
            "start_date",
            "place",
            "cost",
            "funding",
            "own_contribution",
            "changed",
        },
        optional=frozenset({"end_date"}),
        reply_to="desk_email",
    ),
    # Withdrawn: confirmed, and how to ask again.
    "referral_withdrawn": EmailKind(
        required=PERSON_DESK | {"ask_again_url"}, reply_to="desk_email"
    ),
}

# Context keys that hold a day as an ISO date; templates get a date to format.
DATE_KEYS = ("created_on", "due_on", "contact_by", "start_date", "end_date")


def check_context(kind: str, context: dict) -> None:
    """Raise ValueError unless the kind exists and the context has exactly its keys."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; known: {', '.join(KINDS)}")
    missing = KINDS[kind].required - context.keys()
    unknown = context.keys() - KINDS[kind].required - KINDS[kind].optional
    if missing or unknown:
        raise ValueError(
            f"Context of {kind!r}: missing {sorted(missing)}, not allowed {sorted(unknown)}"
        )


def build_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one outbox row: a subject, a plain text body and an HTML alternative."""
    kind = KINDS[notification.kind]
    context = dict(notification.context)
    for key in DATE_KEYS:
        if key in context:
            context[key] = datetime.date.fromisoformat(context[key])
    with translation.override(notification.language):
        subject = " ".join(
            render_to_string(f"emails/{notification.kind}.subject.txt", context).split()
        )
        context |= {"subject": subject, "language": translation.get_language()}
        text = _tidy(render_to_string(f"emails/{notification.kind}.txt", context))
        html = render_to_string(f"emails/{notification.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[notification.recipient],
        reply_to=[context[kind.reply_to]] if kind.reply_to and context[kind.reply_to] else None,
        headers={
            "Message-ID": notification.rfc_message_id,
            # RFC 3834: an automatic message; out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _tidy(text: str) -> str:
    """Plain text without the blank lines that template tags leave behind."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def is_permanent(error: Exception) -> bool:
    """An SMTP answer that will not change on a retry (5xx), such as an unknown recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
