"""The catalogue's shared query terms: the start windows, sort orders, price limits and filter
columns of /opleidingen/, and the SQL fragments over the catalogue entries. The search
(search.py) and the catalogue index (index.py) both build on them; neither on the other's
internals (docs/catalogue.md)."""

import calendar
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class StartWindow(models.TextChoices):
    THIS_MONTH = "deze-maand", _("This month")
    THREE_MONTHS = "3-maanden", _("Within 3 months")
    SIX_MONTHS = "6-maanden", _("Within 6 months")

    def last_day(self, today: datetime.date) -> datetime.date:
        """The last start date in this window: the end of this month, or a date N months on."""
        if self == StartWindow.THIS_MONTH:
            return today.replace(day=calendar.monthrange(today.year, today.month)[1])
        months = 3 if self == StartWindow.THREE_MONTHS else 6
        month_index = today.month - 1 + months
        year, month = today.year + month_index // 12, month_index % 12 + 1
        return today.replace(
            year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1])
        )


class Sort(models.TextChoices):
    RELEVANCE = "relevantie", _("Best match")
    START = "start", _("First start date")
    PRICE = "prijs", _("Price, lowest first")


# The maximum prices a person can choose, in whole euros; 0 means free.
PRICE_LIMITS = (0, 500, 1000, 2500, 5000)

# The filters, by the name of their field on CatalogueQuery.
COURSE_COLUMNS = {
    "sector": "sector_id",
    "level": "level",
    "learning_path": "learning_path",
    "mode": "mode",
    "certificate_kind": "certificate_kind",
}
FILTERS = ("text", *COURSE_COLUMNS, "region", "starts_within", "max_price")


# The catalogue entries (CatalogueEntry, migration 0007) write a day as days since this date
# and a place and day as region id * PLACE + day; an online start has region 0.
EPOCH = datetime.date(2000, 1, 1)
PLACE = 65536
CELL_FILTERS = ("sector", "level", "learning_path", "mode", "certificate_kind")

# SQL over the catalogue entries, shared by the tally and the catalogue index.
PRICE_CLASS_SQL = (
    "CASE "
    + " ".join(f"WHEN price <= {limit} THEN {index}" for index, limit in enumerate(PRICE_LIMITS))
    + f" ELSE {len(PRICE_LIMITS)} END"
)
# Each start with its number in the entry's sorted `starts`; see first_in_region_sql.
FIRST_IN_REGION = "unnest(starts) WITH ORDINALITY AS start(place, number)"


def window_sql(day: str, today: datetime.date) -> str:
    """SQL: the StartWindow index of a day number (3: later than every window), else NULL."""
    ends = [(window.last_day(today) - EPOCH).days for window in StartWindow]
    steps = " ".join(f"WHEN {day} <= {end} THEN {index}" for index, end in enumerate(ends))
    return f"CASE WHEN {day} IS NULL THEN NULL {steps} ELSE {len(ends)} END"


def first_upcoming_sql(today: datetime.date) -> str:
    """SQL: an entry's first upcoming start day anywhere (a binary search), else NULL."""
    return f"days[width_bucket({(today - EPOCH).days - 1}, days) + 1]"


def first_in_region_sql(today: datetime.date) -> str:
    """SQL: whether a start of FIRST_IN_REGION (`place`) is its region's first upcoming one
    (starts are sorted by region, then day)."""
    day = (today - EPOCH).days
    return (
        f"mod(place, {PLACE}) >= {day} "
        f"AND (number = 1 OR starts[number - 1] < place - mod(place, {PLACE}) + {day})"
    )
