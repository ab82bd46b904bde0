"""The notification outbox: e-mails written in the caller's transaction and sent after commit.

Other code needs only enqueue(); deliver() and sweep() are what the Celery tasks in
poort/tasks.py run. How it works, its settings and how to retry: docs/outbox.md.
"""

import json
import logging
from functools import partial

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from poort import emails
from poort.models import Notification

logger = logging.getLogger(__name__)


def enqueue(
    *, kind: str, recipient: str, context: dict, idempotency_key: str, language: str = "nl"
) -> Notification:
    """Write an e-mail to the outbox; it is sent once the caller's transaction commits.

    Call it inside transaction.atomic(). A second call with the same idempotency key
    returns the first row and writes nothing. Lazy translations in the context are
    rendered in the e-mail's language. A broker that is down never raises here: the row
    then waits for the sweep.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue() must run inside the caller's transaction.atomic()")
    emails.check_context(kind, context)
    with translation.override(language):
        plain_context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    notification, created = Notification.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "context": plain_context,
            "language": language,
        },
    )
    if created:
        transaction.on_commit(partial(start_sending, notification.pk))
    return notification


def start_sending(notification_id: int) -> bool:
    """Hand the row to a worker; False (and a warning) when the broker cannot be reached."""
    from poort.tasks import send_notification  # the tasks module imports this one

    try:
        send_notification.delay(notification_id)
    except Exception as error:  # kombu's OperationalError, redis errors, socket errors …
        logger.warning(
            "Notification %s waits for the outbox sweep: the broker is unreachable (%s)",
            notification_id,
            error,
        )
        return False
    return True


def deliver(notification_id: int) -> bool:
    """Send one row if it is due and no one else is sending it; True when it went out."""
    notification = Notification.objects.claim(notification_id, timezone.now())
    if notification is None:
        return False
    try:
        message = emails.build_message(notification)
    except Exception as error:  # a missing template or context key: retrying will not help
        notification.mark_failed_attempt(f"Cannot render: {error!r}", permanent=True)
        logger.exception("Notification %s cannot be rendered", notification_id)
        return False
    try:
        message.send()
    except Exception as error:  # SMTP errors, refused connections, time limits
        notification.mark_failed_attempt(repr(error), permanent=emails.is_permanent(error))
        logger.warning("Notification %s was not sent: %r", notification_id, error)
        return False
    notification.mark_sent()
    return True


def sweep() -> dict[str, int]:
    """Release the rows of dead workers and send what was overlooked or is due for a retry.

    Each row goes to a worker; once the broker cannot be reached, the rest are sent here.
    """
    now = timezone.now()
    released = Notification.objects.release_stale_claims(now)
    overlooked = Notification.objects.overlooked(now).order_by("created_at").values_list("pk")
    handed_over = sent_here = 0
    broker_up = True
    for (notification_id,) in list(overlooked[: settings.OUTBOX_SWEEP_BATCH]):
        broker_up = broker_up and start_sending(notification_id)
        if broker_up:
            handed_over += 1
        elif deliver(notification_id):
            sent_here += 1
    if released or handed_over or sent_here:
        logger.info(
            "Outbox sweep: %s released, %s handed to workers, %s sent by the sweep",
            released,
            handed_over,
            sent_here,
        )
    return {"released": released, "handed_over": handed_over, "sent_here": sent_here}
