"""Celery tasks of the base: the notification outbox (docs/outbox.md) and expired sessions; thin,
safe to run twice."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from poort import outbox


@shared_task(acks_late=True, soft_time_limit=40, time_limit=60)
def send_notification(notification_id: int) -> None:
    """Send one outbox row; a second run, or a run for a row someone else sends, does nothing."""
    outbox.deliver(notification_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_outbox() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): send what was overlooked, release dead claims."""
    outbox.sweep()


@shared_task(soft_time_limit=240, time_limit=300)
def clear_expired_sessions() -> None:
    """Every night: delete the sessions past their expiry, and with them the answers of forms
    that were never sent (the privacy statement promises two weeks at most)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
