"""Region insights: what happened to the requests of a period, per region (docs/insights.md).

`region_insights(regions, since=..., today=...)` answers for every region, and for all of them
together, in five queries whatever the number of regions or requests: the funnel (received →
contacted → trajectory → completed), the working days to the first contact, the share
contacted within the desk's promise, the mix of situations and the number referred on.
`bar_chart(...)` turns numbers into the geometry of a horizontal bar chart that a template
draws as SVG.
"""

import datetime
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import Situation
from poort.workdays import working_days_between
from regions.models import Region

from .models import Referral, ReferralStatusChange, months_before

# A request "reached a trajectory" when its status is one of these now, or was once.
TRAJECTORY_STATUSES = (
    Referral.Status.TRAJECTORY_PLANNED,
    Referral.Status.IN_TRAJECTORY,
    Referral.Status.COMPLETED,
)
UNKNOWN_SITUATION = ""

# Short names for the mix of situations; the intake asks them in the first person.
SITUATION_LABELS = {
    Situation.EMPLOYED: _("In work"),
    Situation.SELF_EMPLOYED: _("Self-employed"),
    Situation.JOB_SEEKING: _("Looking for work"),
    Situation.RETURNING: _("Returning to work"),
    Situation.STUDENT: _("At school"),
    Situation.OTHER: _("Something else"),
    UNKNOWN_SITUATION: _("Not known"),
}

# The periods to choose from: months back from today, or None for every request.
PERIODS = {"3": 3, "12": 12, "all": None}
DEFAULT_PERIOD = "12"


def period_start(period: str, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The moment from which requests count: 3 or 12 calendar months ago, or None (all)."""
    months = PERIODS[period]
    return None if months is None else months_before(now or timezone.now(), months)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


@dataclass
class RegionInsight:
    """The measures of one region, or of several together (`region` None)."""

    region: Region | None
    received: int = 0
    contacted: int = 0
    trajectory: int = 0
    completed: int = 0
    referred_on: int = 0
    contacted_in_time: int = 0
    contacted_late: int = 0
    waiting_too_long: int = 0
    days_to_contact: list[int] = field(default_factory=list, repr=False)
    situations: Counter = field(default_factory=Counter)

    @property
    def median_days_to_contact(self) -> float | None:
        """The median of the working days from the request to the first contact."""
        return statistics.median(self.days_to_contact) if self.days_to_contact else None

    @property
    def promise_measured(self) -> int:
        """The requests whose promise is decided: contacted, or waiting past the promise."""
        return self.contacted_in_time + self.contacted_late + self.waiting_too_long

    @property
    def share_in_time(self) -> float | None:
        """The share of `promise_measured` that was contacted within the promise."""
        measured = self.promise_measured
        return self.contacted_in_time / measured if measured else None

    @property
    def in_time_text(self) -> str:
        return percent(self.contacted_in_time, self.promise_measured)

    @property
    def median_text(self) -> str:
        return days_text(self.median_days_to_contact)

    def funnel(self) -> list[tuple[str, int, str]]:
        """(step, number, share of the requests received) from received to completed."""
        steps = [
            (_("Received"), self.received),
            (_("Contacted"), self.contacted),
            (_("Trajectory"), self.trajectory),
            (_("Completed"), self.completed),
        ]
        return [(str(label), number, percent(number, self.received)) for label, number in steps]

    def situation_mix(self) -> list[tuple[str, int, str]]:
        """(short label, number, share of the requests received) per situation, in the
        intake's order."""
        return [
            (str(label), self.situations[value], percent(self.situations[value], self.received))
            for value, label in SITUATION_LABELS.items()
        ]

    def add(self, other: "RegionInsight") -> None:
        for name in (
            "received",
            "contacted",
            "trajectory",
            "completed",
            "referred_on",
            "contacted_in_time",
            "contacted_late",
            "waiting_too_long",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days_to_contact += other.days_to_contact
        self.situations.update(other.situations)


@dataclass
class Insights:
    regions: list[RegionInsight]
    total: RegionInsight

    def for_region(self, region: Region) -> RegionInsight:
        return next(insight for insight in self.regions if insight.region == region)


def region_insights(
    regions: QuerySet[Region],
    *,
    since: datetime.datetime | None,
    today: datetime.date | None = None,
) -> Insights:
    """The measures of the requests received since `since` (None: all), per region, in code
    order, and of all these regions together. Five queries, however many regions or requests."""
    today = today or timezone.localdate()
    referrals = Referral.objects.in_regions(regions).order_by()
    if since is not None:
        referrals = referrals.filter(created_at__gte=since)
    per_region = {region.pk: RegionInsight(region) for region in regions.order_by("code")}
    for row in funnel_rows(referrals):
        insight = per_region[row.pop("region")]
        for name, number in row.items():
            setattr(insight, name, number)
    for region_id, number in referrals.overdue(today).values_list("region").annotate(Count("pk")):
        per_region[region_id].waiting_too_long = number
    situations = referrals.values_list("region", "candidate__situation").annotate(Count("pk"))
    for region_id, situation, number in situations:
        per_region[region_id].situations[situation or UNKNOWN_SITUATION] += number
    for region_id, days, promise, number in days_to_first_contact(referrals):
        insight = per_region[region_id]
        insight.days_to_contact += [days] * number
        if days <= promise:
            insight.contacted_in_time += number
        else:
            insight.contacted_late += number
    total = RegionInsight(None)
    for insight in per_region.values():
        total.add(insight)
    return Insights(regions=list(per_region.values()), total=total)


def days_to_first_contact(referrals: QuerySet[Referral]) -> Iterable[tuple[int, int, int, int]]:
    """(region id, working days to the first contact, the desk's promise, number of requests).
    The database turns the moments into local dates and groups equal ones; Python counts the
    working days, as `Referral.is_overdue()` does."""
    rows = (
        referrals.filter(first_contact_at__isnull=False)
        .values_list(
            "region",
            TruncDate("created_at"),
            TruncDate("first_contact_at"),
            "desk__contact_within_days",
        )
        .annotate(Count("pk"))
    )
    for region_id, received_on, contacted_on, promise, number in rows:
        yield region_id, working_days_between(received_on, contacted_on), promise, number


def funnel_rows(referrals: QuerySet[Referral]) -> Iterable[dict]:
    reached_before = ReferralStatusChange.objects.filter(
        referral=OuterRef("pk"), to_status__in=TRAJECTORY_STATUSES
    )
    return (
        referrals.alias(reached_before=Exists(reached_before))
        .values("region")
        .annotate(
            received=Count("pk"),
            contacted=Count("pk", filter=Q(first_contact_at__isnull=False)),
            trajectory=Count(
                "pk", filter=Q(status__in=TRAJECTORY_STATUSES) | Q(reached_before=True)
            ),
            completed=Count("pk", filter=Q(status=Referral.Status.COMPLETED)),
            referred_on=Count("pk", filter=Q(status=Referral.Status.REFERRED_ON)),
        )
    )


# ---------- Charts ----------


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number as people read it, e.g. "12 (40%)"
    label_y: int
    bar_y: int
    length: float
    text_x: float
    text_y: int
    is_total: bool = False


@dataclass(frozen=True)
class BarChart:
    """The geometry of a horizontal bar chart: for each bar its label above it and its number
    right after it, in the units of the SVG's viewBox (`width` by `height`)."""

    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    track_length: float  # the longest possible bar: a light track behind every bar shows it

    @property
    def summary(self) -> str:
        """The chart in words, for the SVG's <desc>."""
        return "; ".join(f"{bar.label}: {bar.text}" for bar in self.bars) + "."


CHART_WIDTH = 400
VALUE_SPACE = 110  # room right of the longest bar for its number
FONT_SIZE = 16
BAR_HEIGHT = 20
ROW_GAP = 14


def bar_chart(
    rows: Iterable[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    total_label: str | None = None,
) -> BarChart:
    """Bars for (label, value, text) rows; a value of None or 0 gets no bar, only its text.

    The longest bar is `maximum` (default: the largest value) and takes the width left after
    VALUE_SPACE. A row whose label is `total_label` is marked as the total.
    """
    rows = list(rows)
    largest = maximum or max((value or 0 for _label, value, _text in rows), default=0)
    room = CHART_WIDTH - VALUE_SPACE
    row_height = FONT_SIZE + 4 + BAR_HEIGHT + ROW_GAP
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = index * row_height
        length = round(room * min(value or 0, largest) / largest, 1) if largest else 0
        bar_y = top + FONT_SIZE + 4
        bars.append(
            Bar(
                label=str(label),
                text=text,
                label_y=top + FONT_SIZE,
                bar_y=bar_y,
                length=length,
                text_x=round(length + 6, 1),
                text_y=bar_y + BAR_HEIGHT - 5,
                is_total=total_label is not None and label == total_label,
            )
        )
    return BarChart(
        bars=bars,
        width=CHART_WIDTH,
        height=max(len(bars) * row_height - ROW_GAP, 1),
        bar_height=BAR_HEIGHT,
        track_length=room,
    )


def funnel_chart(insight: RegionInsight) -> BarChart:
    return bar_chart(
        (step, number, str(number) if index == 0 else f"{number} ({share})")
        for index, (step, number, share) in enumerate(insight.funnel())
    )


def situation_chart(insight: RegionInsight) -> BarChart:
    return bar_chart(
        (label, number, f"{number} ({share})") for label, number, share in insight.situation_mix()
    )


@dataclass(frozen=True)
class Measure:
    """A measure to compare regions by: how to read it from an insight and how to show it."""

    label: str
    value: Callable[[RegionInsight], float | None]
    text: Callable[[RegionInsight], str]
    is_rate: bool = False  # a share or a median: the national value gets a bar of its own
    maximum: float | None = None  # the value of the longest possible bar (default: the largest)


def count_measure(label: str, attribute: str) -> Measure:
    return Measure(
        label=label,
        value=attrgetter(attribute),
        text=lambda insight: str(getattr(insight, attribute)),
    )


def days_text(days: float | None) -> str:
    """A median in working days as people read it: "2" or "2,5" (in Dutch)."""
    if days is None:
        return "–"
    return number_format(days, decimal_pos=0 if days == int(days) else 1)


# The default first: a wrong value in the form shows the first one, which is the one used.
MEASURES = {
    "in_time": Measure(
        label=_("Contacted within the promise"),
        value=attrgetter("share_in_time"),
        text=attrgetter("in_time_text"),
        is_rate=True,
        maximum=1.0,
    ),
    "median_days": Measure(
        label=_("Median working days to first contact"),
        value=attrgetter("median_days_to_contact"),
        text=attrgetter("median_text"),
        is_rate=True,
    ),
    "received": count_measure(_("Requests received"), "received"),
    "trajectory": count_measure(_("Reached a trajectory"), "trajectory"),
    "completed": count_measure(_("Completed"), "completed"),
    "referred_on": count_measure(_("Referred on"), "referred_on"),
}
DEFAULT_MEASURE = "in_time"
COMPARISON_COLUMNS = [
    "received",
    "in_time",
    "median_days",
    "trajectory",
    "completed",
    "referred_on",
]


def comparison_table(found: Insights) -> dict:
    """Every region's measures as text, and the national ones, for the comparison's table."""
    columns = [MEASURES[key] for key in COMPARISON_COLUMNS]

    def cells(insight: RegionInsight) -> list[str]:
        return [measure.text(insight) for measure in columns]

    return {
        "headers": [measure.label for measure in columns],
        "rows": [(insight.region.name, cells(insight)) for insight in found.regions],
        "total": cells(found.total),
    }


def comparison_chart(insights: Insights, measure: Measure, total_label: str) -> BarChart:
    """Every region for one measure, the highest first (regions without a value last); for a
    share or a median the national value comes first, as a bar of its own."""
    ranked = sorted(
        insights.regions,
        key=lambda insight: (measure.value(insight) is None, -(measure.value(insight) or 0)),
    )
    rows = [
        (insight.region.name, measure.value(insight), measure.text(insight)) for insight in ranked
    ]
    if measure.is_rate:
        total = insights.total
        rows.insert(0, (total_label, measure.value(total), measure.text(total)))
    return bar_chart(
        rows, maximum=measure.maximum, total_label=total_label if measure.is_rate else None
    )
