"""Periodic work on referrals, candidates and course feeds.

The schedule is CELERY_BEAT_SCHEDULE in settings.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings

from trajectories.catalogue import index as catalogue_index
from trajectories.catalogue.importers import ImportSourceError, feed_from_setting, sync_feed
from trajectories.models import Candidate, CheckIn, CourseFeed, Referral

logger = logging.getLogger(__name__)


@shared_task(time_limit=300, soft_time_limit=240)
def remind_overdue_referrals(today: str | None = None) -> int:
    """Remind each desk, once per referral, of referrals not contacted in the promised working
    days (public holidays skipped). `today` (an ISO date) runs the task as on that day."""
    day = datetime.date.fromisoformat(today) if today else None
    overdue = Referral.objects.overdue_for_contact(day)
    for referral in overdue:
        referral.remind_desk(day)
    return len(overdue)


@shared_task(time_limit=600, soft_time_limit=540)
def send_due_check_ins(today: str | None = None) -> int:
    """Every day: each check-in whose day has come goes out once, to the adviser and the person.

    `today` (an ISO date) runs the task as on that day. Safe to run twice: a sent check-in is
    marked, and the outbox's idempotency keys hold even when two runs overlap.
    """
    day = datetime.date.fromisoformat(today) if today else None
    due = list(CheckIn.objects.due(day).values_list("pk", flat=True))
    return sum(CheckIn(pk=pk).send() for pk in due)


@shared_task(time_limit=600, soft_time_limit=540)
def anonymise_expired_candidates() -> int:
    """Anonymise the people whose referrals closed more than RETENTION_MONTHS ago."""
    due = list(Candidate.objects.due_for_anonymisation())
    for candidate in due:
        candidate.anonymise()
    return len(due)


@shared_task(time_limit=3600, soft_time_limit=3300)
def sync_course_feeds() -> dict[str, str]:
    """Import every active CourseFeed, each writing an ImportRun; a feed that fails is logged
    and recorded, and the others still run. The entries of COURSE_FEEDS are made feeds first.

    Safe to run twice: an import upserts on source ids, so a second run changes nothing.
    """
    summaries = {}
    for entry in settings.COURSE_FEEDS:
        try:
            feed_from_setting(entry)
        except ImportSourceError as error:
            name = str(entry.get("url") if isinstance(entry, dict) else entry)
            logger.error("Course feed %s not imported: %s", name, error)
            summaries[name] = str(error)
    for feed in CourseFeed.objects.filter(is_active=True).select_related("default_sector"):
        try:
            run, report = sync_feed(feed)
        except Exception:
            logger.exception("Course feed %s failed", feed.location)
            summaries[feed.location] = "failed"
            continue
        if report is None:
            logger.error("Course feed %s not imported: %s", feed.location, run.error)
            summaries[feed.location] = run.error
            continue
        logger.info("Course feed %s: %s", feed.location, report.summary())
        summaries[feed.location] = report.summary()
    catalogue_index.refresh()
    return summaries


@shared_task(time_limit=900, soft_time_limit=840)
def refresh_catalogue_index() -> str:
    """Every five minutes: build the catalogue index when the catalogue changed or a new day
    began (docs/catalogue.md); until then the search counts without it."""
    built = catalogue_index.refresh()
    return "current" if built is None else f"built in {built.seconds:.1f} s"
