"""Live status: a scheme whose money runs out or whose closing date passes shows as such
everywhere and stops counting; the nightly task stores that status for open schemes."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from funding.engine import Outcome, status_rule
from funding.models import LiveStatus, Scheme
from funding.tasks import update_scheme_statuses
from poort.celery import app
from tests.funding.factories import SchemeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def stored_status(scheme: Scheme) -> str:
    return Scheme.objects.get(pk=scheme.pk).status


def test_an_open_scheme_past_its_closing_date_is_stored_as_closed():
    ended = SchemeFactory(closes_on=days(-1))
    last_day = SchemeFactory(closes_on=TODAY)

    assert Scheme.objects.refresh_statuses(TODAY) == {"exhausted": 0, "closed": 1}

    assert stored_status(ended) == Scheme.Status.CLOSED
    assert stored_status(last_day) == Scheme.Status.OPEN, "the closing day itself still counts"


def test_an_open_scheme_without_money_left_is_stored_as_budget_used_up():
    empty = SchemeFactory(budget_total=Decimal("1000"), budget_remaining=Decimal("0"))
    some_left = SchemeFactory(budget_total=Decimal("1000"), budget_remaining=Decimal("0.01"))
    untracked = SchemeFactory(budget_remaining=None)

    assert Scheme.objects.refresh_statuses(TODAY) == {"exhausted": 1, "closed": 0}

    assert stored_status(empty) == Scheme.Status.EXHAUSTED
    assert stored_status(some_left) == Scheme.Status.OPEN
    assert stored_status(untracked) == Scheme.Status.OPEN


def test_a_paused_scheme_stays_paused_and_a_topped_up_scheme_is_reopened_by_an_editor_only():
    paused = SchemeFactory(status=Scheme.Status.PAUSED, closes_on=days(-5))
    topped_up = SchemeFactory(
        status=Scheme.Status.EXHAUSTED,
        budget_total=Decimal("1000"),
        budget_remaining=Decimal("500"),
    )

    Scheme.objects.refresh_statuses(TODAY)

    assert stored_status(paused) == Scheme.Status.PAUSED
    assert stored_status(topped_up) == Scheme.Status.EXHAUSTED


def test_running_twice_changes_nothing_the_second_time():
    SchemeFactory(closes_on=days(-1))
    SchemeFactory(budget_remaining=Decimal("0"))

    Scheme.objects.refresh_statuses(TODAY)

    assert Scheme.objects.refresh_statuses(TODAY) == {"exhausted": 0, "closed": 0}


def test_the_nightly_task_stores_todays_statuses():
    ended = SchemeFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))

    result = update_scheme_statuses.delay().get()

    assert result == {"exhausted": 0, "closed": 1}
    assert stored_status(ended) == Scheme.Status.CLOSED


def test_the_task_runs_every_night_from_the_beat_schedule():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "funding.tasks.update_scheme_statuses"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.hour == {0} and schedule.day_of_week == set(range(7))
    app.loader.import_default_modules()
    assert "funding.tasks.update_scheme_statuses" in app.tasks


def every_kind_of_scheme() -> list[Scheme]:
    """Each stored status with each state of money and dates that the database allows."""
    kinds = itertools.product(
        Scheme.Status.values,
        [None, Decimal("0"), Decimal("250")],
        [None, days(-10), TODAY, days(10)],
        [None, days(-1), TODAY, days(5), days(40)],
    )
    schemes = [
        Scheme(
            name=f"Regeling {number}",
            slug=f"regeling-{number}",
            funder="Fonds",
            level=Scheme.Level.NATIONAL,
            summary="Geld voor een opleiding.",
            status=status,
            budget_remaining=budget,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        for number, (status, budget, opens_on, closes_on) in enumerate(kinds)
        if not (opens_on and closes_on and closes_on < opens_on)
    ]
    return Scheme.objects.bulk_create(schemes)


def test_a_scheme_shows_as_open_exactly_when_the_funding_check_counts_it():
    every_kind_of_scheme()
    shown = dict(Scheme.objects.with_live_status(TODAY).values_list("id", "live_status"))

    for rules in Scheme.objects.as_rules():
        counts = status_rule(rules, TODAY).outcome == Outcome.FITS
        assert (shown[rules.id] == LiveStatus.OPEN) == counts, rules


def test_closing_soon_means_open_and_closing_within_30_days():
    every_kind_of_scheme()

    for scheme in Scheme.objects.with_live_status(TODAY):
        expected = (
            scheme.live_status == LiveStatus.OPEN
            and scheme.closes_on is not None
            and scheme.closes_on <= days(30)
        )
        assert scheme.closing_soon == expected, scheme.name


def test_storing_the_statuses_never_changes_what_people_see():
    every_kind_of_scheme()
    before = dict(Scheme.objects.with_live_status(TODAY).values_list("id", "live_status"))

    Scheme.objects.refresh_statuses(TODAY)

    after = dict(Scheme.objects.with_live_status(TODAY).values_list("id", "live_status"))
    assert after == before
