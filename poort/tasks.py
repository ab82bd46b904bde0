"""Celery tasks of the notification outbox; thin, safe to run twice (docs/outbox.md)."""

from celery import shared_task

from poort import outbox


@shared_task(acks_late=True, soft_time_limit=40, time_limit=60)
def send_notification(notification_id: int) -> None:
    """Send one outbox row; a second run, or a run for a row someone else sends, does nothing."""
    outbox.deliver(notification_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_outbox() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): send what was overlooked, release dead claims."""
    outbox.sweep()
