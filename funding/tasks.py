"""Periodic work on schemes; the schedule is CELERY_BEAT_SCHEDULE in settings."""

from celery import shared_task
from django.utils import timezone

from .models import Scheme


@shared_task(time_limit=120, soft_time_limit=90)
def update_scheme_statuses() -> dict[str, int]:
    """Every night: store "closed" and "budget used up" for open schemes that became so.

    The pages and the funding check already use the live status; this keeps the stored
    status (the admin, the catalogue) in step. Safe to run twice.
    """
    return Scheme.objects.refresh_statuses(timezone.localdate())
