"""The notification outbox: e-mails and webhook deliveries written in the caller's
transaction and sent after commit.

Other code needs only enqueue() (an e-mail) and announce() (an event for the webhooks);
deliver() and sweep() are what the Celery tasks in poort/tasks.py run. How it works, its
settings and how to retry: docs/outbox.md; the webhooks: docs/api.md.
"""

import json
import logging
from collections.abc import Callable, Collection
from functools import partial

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from poort import emails, webhooks
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
    emails.check_context(kind, context)
    with translation.override(language):
        plain_context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    return _write(
        idempotency_key,
        kind=kind,
        recipient=recipient,
        context=plain_context,
        language=language,
    )


def announce(
    event: str, *, region_ids: Collection[int], key: str, data: Callable[[], dict]
) -> list[Notification]:
    """Write a webhook delivery of this event for every endpoint of these regions that wants
    it; each is sent once the caller's transaction commits.

    Call it inside transaction.atomic(). `key` names the event (e.g. "referral:12:created"):
    the same key for the same endpoint writes nothing, so an endpoint gets an event at most
    once. `data()` gives the body's "data", ids and links only, never personal data; it is
    called only when an endpoint listens.
    """
    if event not in webhooks.EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    endpoint_ids = webhooks.directory.listening(event, region_ids)
    if not endpoint_ids:
        return []
    payload = {
        "type": event,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "data": json.loads(json.dumps(data(), cls=DjangoJSONEncoder)),
    }
    return [
        _write(
            f"webhook:{endpoint_id}:{key}",
            channel=Notification.Channel.WEBHOOK,
            kind=event,
            endpoint_id=endpoint_id,
            context=payload,
        )
        for endpoint_id in endpoint_ids
    ]


def _write(idempotency_key: str, **fields) -> Notification:
    """The row of this key, written now and handed to a worker after commit, or the one
    written before."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The outbox must be written inside the caller's transaction.atomic()")
    notification, created = Notification.objects.get_or_create(
        idempotency_key=idempotency_key, defaults=fields
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
    if notification.channel == Notification.Channel.WEBHOOK:
        return _post_webhook(notification)
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


def _post_webhook(notification: Notification) -> bool:
    """One try of a claimed webhook delivery: a 2xx answer is a delivery, anything else a
    failed try with the outbox's back-off. The log says ids and codes, never the address."""
    target = webhooks.directory.target(notification.endpoint_id)
    if target is None:
        notification.mark_failed_attempt("The endpoint was switched off.", permanent=True)
        return False
    body = json.dumps(notification.context, separators=(",", ":")).encode()
    try:
        code = webhooks.post(target, webhook_id=notification.webhook_id, body=body)
    except Exception as error:  # refused connections, time-outs, TLS errors, a refused URL
        notification.mark_failed_attempt(f"{type(error).__name__}: {error}")
        logger.warning(
            "Webhook %s to endpoint %s was not delivered: %s",
            notification.pk,
            notification.endpoint_id,
            type(error).__name__,
        )
        return False
    if not 200 <= code < 300:
        notification.mark_failed_attempt(f"HTTP {code}", response_code=code)
        logger.warning(
            "Webhook %s to endpoint %s was not accepted: HTTP %s",
            notification.pk,
            notification.endpoint_id,
            code,
        )
        return False
    notification.mark_sent(response_code=code)
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
