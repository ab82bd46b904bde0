"""The measures of region insights (trajectories/insights.py, docs/insights.md) on a hand-built
set of requests, and the geometry of the bar charts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from poort.vocabulary import Situation
from regions.models import Desk, Region
from tests.regions.factories import active_desk, region
from tests.trajectories.factories import ReferralFactory, ReferralStatusChangeFactory
from trajectories.insights import (
    CHART_WIDTH,
    MEASURES,
    VALUE_SPACE,
    bar_chart,
    comparison_chart,
    comparison_table,
    funnel_chart,
    period_start,
    region_insights,
)
from trajectories.models import OnwardReferral, Referral

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 16)  # a Monday
PROMISE = 2  # working days
HALF_HOUR = datetime.timedelta(minutes=30)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def nov(day: int) -> datetime.date:
    return datetime.date(2026, 11, day)


def request(
    created: datetime.date,
    *,
    contacted: datetime.date | None = None,
    status: str = Referral.Status.NEW,
    situation: str = Situation.EMPLOYED,
    code: str = "AM01",
) -> Referral:
    """A request of region `code`, received on `created` and first contacted on `contacted`."""
    referral = ReferralFactory(region=region(code), status=status, candidate__situation=situation)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=at(created), first_contact_at=at(contacted, 15) if contacted else None
    )
    return referral


@pytest.fixture
def groningen() -> Region:
    """Eight requests in Groningen, whose desk promises contact within 2 working days."""
    desk = active_desk(region("AM01"))
    desk.contact_within_days = PROMISE
    desk.save()
    # Thursday → Monday: 2 working days over the weekend, within the promise.
    request(nov(5), contacted=nov(9), status=Referral.Status.CONTACTED)
    # Friday → Wednesday: 3 working days, late.
    request(nov(6), contacted=nov(11), status=Referral.Status.ADVISING, situation="job_seeking")
    # Friday, still waiting on Monday: 1 working day, inside the promise, not counted yet.
    request(nov(13), situation="")
    # Wednesday, still waiting on Monday: 3 working days, past the promise: counted as late.
    request(nov(11))
    # Withdrawn before any contact: received, but no promise to measure.
    request(nov(12), status=Referral.Status.WITHDRAWN, situation=Situation.SELF_EMPLOYED)
    # Contacted the same day and completed.
    request(nov(2), contacted=nov(2), status=Referral.Status.COMPLETED)
    # A trajectory was planned, then the person withdrew: it reached a trajectory.
    withdrawn = request(nov(3), contacted=nov(4), status=Referral.Status.WITHDRAWN)
    ReferralStatusChangeFactory(
        referral=withdrawn,
        from_status=Referral.Status.ADVISING,
        to_status=Referral.Status.TRAJECTORY_PLANNED,
    )
    # Contacted after 1 working day, then referred on to another region's desk.
    referred = request(
        nov(2), contacted=nov(3), status=Referral.Status.REFERRED_ON, situation="job_seeking"
    )
    OnwardReferral.objects.create(
        referral=referred, to_desk=active_desk(region("AM10")), reason="Woont daar nu."
    )
    return region("AM01")


def insight_of(code: str = "AM01", since=None):
    found = region_insights(Region.objects.filter(code=code), since=since, today=TODAY)
    return found.for_region(region(code))


def test_the_funnel_counts_received_contacted_trajectory_and_completed(groningen):
    insight = insight_of()

    assert (insight.received, insight.contacted, insight.trajectory, insight.completed) == (
        8,
        5,
        2,
        1,
    )
    assert insight.funnel() == [
        ("Binnengekomen", 8, "100%"),
        ("Contact gehad", 5, "62%"),
        ("Traject", 2, "25%"),
        ("Afgerond", 1, "12%"),
    ]


def test_the_median_counts_working_days_from_request_to_first_contact(groningen):
    insight = insight_of()

    assert sorted(insight.days_to_contact) == [0, 1, 1, 2, 3]
    assert insight.median_days_to_contact == 1


def test_a_contact_after_the_weekend_is_within_a_promise_of_two_working_days():
    Desk.objects.filter(pk=active_desk(region("AM01")).pk).update(contact_within_days=PROMISE)
    request(nov(5), contacted=nov(9), status=Referral.Status.CONTACTED)  # Thursday → Monday

    insight = insight_of()

    assert (insight.contacted_in_time, insight.contacted_late) == (1, 0)


def test_the_working_days_to_first_contact_skip_a_public_holiday():
    Desk.objects.filter(pk=active_desk(region("AM01")).pk).update(contact_within_days=PROMISE)
    # Friday 23 April 2027 → Wednesday 28 April: Monday, (Koningsdag,) Wednesday.
    contacted = datetime.date(2027, 4, 28)
    request(datetime.date(2027, 4, 23), contacted=contacted, status=Referral.Status.CONTACTED)

    found = region_insights(Region.objects.filter(code="AM01"), since=None, today=contacted)
    insight = found.for_region(region("AM01"))

    assert insight.days_to_contact == [2]
    assert (insight.contacted_in_time, insight.contacted_late) == (1, 0)


def test_working_days_count_from_the_dutch_date_of_the_request_not_the_utc_date():
    Desk.objects.filter(pk=active_desk(region("AM01")).pk).update(contact_within_days=1)
    referral = request(nov(16), contacted=nov(17), status=Referral.Status.CONTACTED)
    # Monday 00:30 in the Netherlands is still Sunday in UTC.
    Referral.objects.filter(pk=referral.pk).update(created_at=at(nov(16), hour=0) + HALF_HOUR)

    insight = insight_of()

    assert insight.days_to_contact == [1]
    assert insight.contacted_in_time == 1


def test_the_share_in_time_counts_late_contacts_and_requests_waiting_past_the_promise(groningen):
    insight = insight_of()

    assert insight.contacted_in_time == 4
    assert insight.contacted_late == 1
    assert insight.waiting_too_long == 1
    assert insight.share_in_time == pytest.approx(4 / 6)
    assert insight.in_time_text == "67%"


def test_a_request_still_inside_its_promise_is_not_late_yet():
    request(TODAY)

    insight = insight_of()

    assert insight.promise_measured == 0
    assert insight.share_in_time is None
    assert insight.in_time_text == "–"
    assert insight.median_days_to_contact is None


def test_the_mix_of_situations_counts_every_situation_and_the_unknown(groningen):
    mix = {label: number for label, number, _share in insight_of().situation_mix()}

    assert mix == {
        "Heeft werk": 4,
        "Zzp'er": 1,
        "Zoekt werk": 2,
        "Wil weer aan het werk": 0,
        "Op school": 0,
        "Iets anders": 0,
        "Niet bekend": 1,
    }


def test_referred_on_is_counted(groningen):
    assert insight_of().referred_on == 1


def test_the_period_leaves_out_older_requests(groningen):
    request(nov(2) - datetime.timedelta(days=400), contacted=nov(2) - datetime.timedelta(days=399))

    since = period_start("12", now=at(TODAY))

    assert insight_of(since=since).received == 8
    assert insight_of(since=None).received == 9


def test_each_region_counts_its_own_requests_and_the_total_all(groningen):
    request(nov(10), contacted=nov(10), code="AM10", status=Referral.Status.CONTACTED)

    found = region_insights(Region.objects.all(), since=None, today=TODAY)

    assert found.for_region(region("AM10")).received == 1
    assert found.for_region(groningen).received == 8
    assert found.total.received == 9
    assert sorted(found.total.days_to_contact) == [0, 0, 1, 1, 2, 3]
    assert len(found.regions) == Region.objects.count()


def queries_for(regions) -> int:
    with CaptureQueriesContext(connection) as captured:
        region_insights(regions, since=None, today=TODAY)
    return len(captured)


def test_the_number_of_queries_depends_on_neither_regions_nor_requests():
    for _ in range(10):
        request(nov(10), contacted=nov(11), status=Referral.Status.CONTACTED)
    one_region = queries_for(Region.objects.filter(code="AM01"))
    for code in ("AM01", "AM10", "AM20"):
        for _ in range(30):
            request(nov(10), contacted=nov(12), status=Referral.Status.CONTACTED, code=code)

    assert queries_for(Region.objects.all()) == one_region == 5


def test_the_comparison_table_shows_every_region_and_the_national_values(groningen):
    found = region_insights(Region.objects.all(), since=None, today=TODAY)

    table = comparison_table(found)

    rows = dict(table["rows"])
    assert len(rows) == Region.objects.count()
    assert rows[groningen.name] == ["8", "67%", "1", "2", "1", "1"]
    assert table["total"] == ["8", "67%", "1", "2", "1", "1"]


# ---------- The charts' geometry ----------


def test_the_largest_value_takes_the_full_width_left_for_bars():
    chart = bar_chart([("A", 10, "10"), ("B", 5, "5"), ("C", 0, "0")])

    assert [bar.length for bar in chart.bars] == [CHART_WIDTH - VALUE_SPACE, 145.0, 0]
    assert [bar.text_x for bar in chart.bars] == [296.0, 151.0, 6]
    assert chart.track_length == CHART_WIDTH - VALUE_SPACE


def test_bars_stand_below_each_other_with_their_label_above_them():
    chart = bar_chart([("A", 1, "1"), ("B", 2, "2")])

    first, second = chart.bars
    assert first.label_y < first.bar_y < second.label_y < second.bar_y
    assert second.bar_y + chart.bar_height <= chart.height
    assert chart.width == CHART_WIDTH


def test_a_fixed_maximum_scales_shares_to_100_percent():
    chart = bar_chart([("A", 0.5, "50%"), ("B", None, "–")], maximum=1.0)

    assert [bar.length for bar in chart.bars] == [(CHART_WIDTH - VALUE_SPACE) / 2, 0]


def test_a_chart_without_any_value_has_no_bars_but_keeps_its_texts():
    chart = bar_chart([("A", 0, "0")])

    assert chart.bars[0].length == 0
    assert chart.summary == "A: 0."


def test_an_empty_chart_still_has_a_height_for_its_viewbox():
    assert bar_chart([]).height > 0


@given(
    st.lists(
        st.one_of(st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False)),
        max_size=40,
    )
)
def test_every_bar_stays_inside_the_chart_and_a_larger_value_never_gets_a_shorter_bar(values):
    chart = bar_chart([(f"R{index}", value, "n") for index, value in enumerate(values)])

    for bar in chart.bars:
        assert 0 <= bar.length <= chart.track_length
        assert bar.text_x + VALUE_SPACE - 6 <= chart.width
        assert bar.bar_y + chart.bar_height <= chart.height
    pairs = sorted(
        zip([value or 0 for value in values], [bar.length for bar in chart.bars], strict=True)
    )
    assert [length for _value, length in pairs] == sorted(length for _value, length in pairs)


def test_the_funnel_chart_reads_as_numbers_with_their_share(groningen):
    chart = funnel_chart(insight_of())

    assert chart.summary == (
        "Binnengekomen: 8; Contact gehad: 5 (62%); Traject: 2 (25%); Afgerond: 1 (12%)."
    )


def test_the_comparison_puts_the_national_value_first_and_the_best_regions_next(groningen):
    request(nov(10), contacted=nov(10), code="AM10", status=Referral.Status.CONTACTED)
    found = region_insights(Region.objects.all(), since=None, today=TODAY)

    chart = comparison_chart(found, MEASURES["in_time"], "Nederland")

    total, best, second, *others = chart.bars
    assert (total.label, total.text, total.is_total) == ("Nederland", "71%", True)
    assert (best.label, best.text) == (region("AM10").name, "100%")
    assert (second.label, second.text) == (groningen.name, "67%")
    assert {bar.text for bar in others} == {"–"}
