"""The course catalogue search: filters, sort orders, facet counts and the ways on.

The text search itself lives on the queryset (Course.objects.search / by_relevance); this
module combines it with the filters of /opleidingen/. The decisions (the facet rule, what a
neighbouring region is, the bounded ranking) are explained in docs/catalogue.md.
"""

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level
from regions.models import Municipality, Region, Sector
from trajectories.models.catalogue import CatalogueEntry, Course, CourseQuerySet, Offering

from .terms import (
    CELL_FILTERS,
    COURSE_COLUMNS,
    EPOCH,
    FILTERS,
    FIRST_IN_REGION,
    PLACE,
    PRICE_CLASS_SQL,
    PRICE_LIMITS,
    Sort,
    StartWindow,
    first_in_region_sql,
    first_upcoming_sql,
    window_sql,
)
from .textsearch import (
    CLOSE_TO_UNKNOWN,
    FEW_FOR_SUGGESTION,
    Understood,
    closest,
    search_words,
)

if TYPE_CHECKING:
    from .index import IndexedTally


# How long the counts of one search are remembered, and up to how many matches are
# sorted by their ids rather than through an index (docs/catalogue.md).
SUMMARY_SECONDS = 5 * 60
FEW_TO_SORT = 5000
# How many other words a "Bedoelde je …?" tries at most.
SUGGESTIONS_TRIED = 3


@dataclass(frozen=True)
class CatalogueQuery:
    """What a person asked the catalogue: words, filters and a sort order."""

    text: str = ""
    sector: Sector | None = None
    region: Region | None = None
    level: int | None = None
    learning_path: str = ""
    mode: str = ""
    certificate_kind: str = ""
    starts_within: str = ""
    max_price: int | None = None
    sort: str = Sort.RELEVANCE
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def starts_by(self) -> datetime.date | None:
        return StartWindow(self.starts_within).last_day(self.today) if self.starts_within else None

    def active_filters(self) -> list[str]:
        """The filters in use, in the order of FILTERS."""
        return [name for name in FILTERS if getattr(self, name) not in (None, "")]

    def _course_conditions(self) -> dict[str, Q]:
        """The chosen filters that are facts of the course itself, by filter name."""
        conditions = {
            name: Q(**{column: getattr(getattr(self, name), "pk", getattr(self, name))})
            for name, column in COURSE_COLUMNS.items()
            if getattr(self, name) not in (None, "")
        }
        if self.max_price is not None:
            conditions["max_price"] = Q(price__lte=self.max_price)
        return conditions

    def courses(self, *, without: frozenset[str] | set[str] = frozenset()) -> CourseQuerySet:
        """The published courses that pass every filter except those named in `without`."""
        courses = Course.objects.published()
        if "text" not in without:
            courses = courses.search(self.understood)
        conditions = [q for name, q in self._course_conditions().items() if name not in without]
        region = None if "region" in without else self.region
        starts_by = None if "starts_within" in without else self.starts_by
        if region is not None or starts_by is not None:
            courses = courses.offered(region=region, starts_by=starts_by, today=self.today)
        return courses.filter(*conditions)

    @property
    def ranks_a_window(self) -> bool:
        """Whether the results are the ranked window of Course.objects.by_relevance."""
        return self.on_postgresql and self.sort == Sort.RELEVANCE and bool(self.understood)

    @cached_property
    def understood(self) -> Understood:
        """What the words ask for: noise words and the level dropped, synonyms and close
        title words added (docs/catalogue.md "What a search means")."""
        return Course.objects.understand(self.text)

    def results(self, ids: list[int] | None = None) -> CourseQuerySet:
        """The matching courses in the chosen order, each with its next start; only those
        with these ids when the ids of the matches are known already (summary)."""
        courses = self.courses() if ids is None else Course.objects.filter(pk__in=ids)
        if self.sort == Sort.RELEVANCE:
            courses = courses.by_relevance(self.understood, ids)
        courses = courses.with_next_start(
            region=self.region, starts_by=self.starts_by, today=self.today
        ).select_related("provider", "sector")
        if self.sort == Sort.START:
            return courses.order_by(F("next_start").asc(nulls_last=True), "title", "pk")
        if self.sort == Sort.PRICE:
            return courses.order_by("price", "title", "pk")
        return courses

    def summary(self) -> "Summary":
        """Everything about this search but the page itself, remembered for a few minutes: a
        visitor who tries one filter after another, goes back, or pages through, asks for the
        same search again and again (docs/catalogue.md).

        The ids are those to page through when they are known: the relevance window, or all
        matches when there are at most FEW_TO_SORT (sorting those few needs no index).
        """
        key = cache_key("summary", (*self._key_parts(), self.ranks_a_window))
        summary = cache.get(key)
        if summary is None:
            counts = self.facet_counts()
            ids = None
            if self.indexed:
                # Other orders walk the index's lists (page), however many results.
                ids = self.indexed.relevance_window() if self.ranks_a_window else None
            elif self.ranks_a_window:
                ids = list(self.courses().relevance_window(self.understood))
            elif counts["total"] <= FEW_TO_SORT:
                ids = list(self.courses().values_list("pk", flat=True))
            without = {} if counts["total"] else self.counts_without_each_filter()
            summary = Summary(counts=counts, ids=ids, counts_without=without)
            cache.set(key, summary, SUMMARY_SECONDS)
        return summary

    def suggestion(self, total: int) -> "Suggestion | None":
        """For a search that finds nothing or little: the same search with one word
        replaced by a close word of a title or a field, when that finds more ("Bedoelde je
        …?"). A few such searches are tried, each counted (and remembered) as any other."""
        if total >= FEW_FOR_SUGGESTION or not self.understood:
            return None
        vocabulary = Course.objects.title_words()
        words = search_words(self.text)
        tried = 0
        for group in self.understood.groups:
            if group.typed not in words or len(group.typed) < 4 or tried == SUGGESTIONS_TRIED:
                continue
            meant = {word for term in group.terms for word in term}
            close = closest(
                group.typed,
                {word: n for word, n in vocabulary.items() if word not in meant},
                CLOSE_TO_UNKNOWN,
            )
            if close is None:
                continue
            tried += 1
            text = " ".join(close if word == group.typed else word for word in words)
            found = replace(self, text=text).summary().counts["total"]
            if found > total:
                return Suggestion(text=text, count=found)
        return None

    def _key_parts(self, without: set[str] = frozenset()) -> tuple:
        """What the counts depend on: the words, the filters (but those `without`), the day."""
        values = [
            None if name in without else getattr(getattr(self, name), "pk", getattr(self, name))
            for name in FILTERS
        ]
        return (self.understood.key(), *values[1:], self.today)

    def page(self, number: str | None, size: int, summary: "Summary") -> Page:
        """One page of the results. Ranked by relevance on PostgreSQL, the pages hold the
        relevance window only; otherwise every match."""
        if summary.ids is not None:
            listed = KnownCount(self.results(summary.ids), len(summary.ids))
        elif self.indexed:
            listed = IndexedPages(self, summary.counts["total"])
        else:
            listed = KnownCount(self.results(), summary.counts["total"])
        return Paginator(listed, size).get_page(number)

    def facet_counts(self) -> dict[str, dict]:
        """For each filter and each of its options: how many results choosing it gives.

        The count of an option applies every OTHER filter and this option (docs/catalogue.md).
        Keys: a sector or region id, a level, a choice value, a StartWindow, a price limit;
        "total" holds the number of results. On PostgreSQL from the catalogue index when it
        is current (IndexedTally), else one statement over the narrow catalogue entries
        (CatalogueTally); elsewhere counted on the courses.
        """
        if not self.on_postgresql:
            return self.counted_on_courses()
        return (self.indexed or self.tally).facet_counts()

    def counted_on_courses(self) -> dict[str, dict]:
        """facet_counts() on the course and offering tables, in four queries: the courses'
        own facts in one pass over the matches, then the regions and start windows of their
        offerings. Any database; SQLite has no catalogue entries."""
        conditions = self._course_conditions()

        def count(name: str, option: Q) -> Count:
            parts = [option] + [q for other, q in conditions.items() if other != name]
            condition = Q(*[part for part in parts if part])
            return Count("pk", filter=condition if condition else None)

        options = {
            "sector": list(Sector.objects.values_list("pk", flat=True)),
            "level": Level.values,
            "learning_path": LearningPath.values,
            "mode": CourseMode.values,
            "certificate_kind": CertificateKind.values,
        }
        aggregates = {"total": count("", Q())}
        for name, values in options.items():
            for value in values:
                aggregates[f"{name}_{value}"] = count(name, Q(**{COURSE_COLUMNS[name]: value}))
        for limit in PRICE_LIMITS:
            aggregates[f"max_price_{limit}"] = count("max_price", Q(price__lte=limit))
        found = self.courses(without=set(conditions)).aggregate(**aggregates)
        counts = {
            name: {value: found[f"{name}_{value}"] for value in values}
            for name, values in (*options.items(), ("max_price", PRICE_LIMITS))
        }
        counts["total"] = found["total"]
        counts.update(self._offering_facet_counts())
        return counts

    def _offering_facet_counts(self) -> dict[str, dict]:
        """Per region: the courses with an upcoming offering there (starting within the
        chosen window). Per window: the courses with an upcoming offering starting within it
        (in the chosen region, else anywhere, online included)."""
        table = self._offering_table()
        column = 1 + list(StartWindow).index(self.starts_within) if self.starts_within else 0
        chosen = (0, self.region.pk) if self.region else (1, None)
        return {
            "region": {region: found[column] for (_all, region), found in table.items() if region},
            "starts_within": dict(zip(StartWindow, table.get(chosen, [0] * 4)[1:], strict=True)),
        }

    def _offering_table(self) -> dict[tuple, list[int]]:
        """For each region, and for all places together (online included): how many matches
        have an upcoming offering there at all, and starting within each window.

        It does not depend on the chosen region or window, so it is remembered apart from the
        summary: one pass over the matches' offerings serves every region and window. The ORM
        cannot count all of it in one pass, hence the SQL; it runs on PostgreSQL and SQLite.
        """
        key = cache_key("offerings", self._key_parts(without={"region", "starts_within"}))
        table = cache.get(key)
        if table is not None:
            return table
        courses = self.courses(without={"region", "starts_within"}).order_by().values("pk")
        courses_sql, courses_parameters = courses.query.sql_with_params()
        limits = [datetime.date.max] + [window.last_day(self.today) for window in StartWindow]
        counts = ", ".join(["COUNT(*) FILTER (WHERE first_start <= %s)"] * len(limits))
        # firsts: each course's first upcoming start per region (NULL: online), so that no
        # course is counted twice and no COUNT(DISTINCT) has to sort.
        sql = f"""
            WITH firsts AS MATERIALIZED (
                SELECT offering.course_id, place.region_id, MIN(offering.start_date) AS first_start
                FROM {Offering._meta.db_table} offering
                LEFT JOIN {Municipality._meta.db_table} place
                    ON place.id = offering.municipality_id
                WHERE offering.start_date >= %s AND offering.course_id IN ({courses_sql})
                GROUP BY offering.course_id, place.region_id
            )
            SELECT 0, region_id, {counts} FROM firsts GROUP BY region_id
            UNION ALL
            SELECT 1, NULL, {counts} FROM (
                SELECT course_id, MIN(first_start) AS first_start FROM firsts GROUP BY course_id
            ) everywhere
        """  # noqa: S608 - only table names and placeholders go in
        connection = connections[courses.db]
        with transaction.atomic(using=courses.db), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Enough memory to group the whole catalogue's offerings without disk; no
                # JIT compilation, which costs more than it saves on one such statement.
                cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
            cursor.execute(sql, [self.today, *courses_parameters, *limits, *limits])
            table = {
                (everywhere, region): found for everywhere, region, *found in cursor.fetchall()
            }
        cache.set(key, table, SUMMARY_SECONDS)
        return table

    def counts_without_each_filter(self) -> dict[str, int]:
        """How many results there are when one filter is dropped, for each filter in use."""
        if self.indexed:
            return {name: self.indexed.count_without(name) for name in self.active_filters()}
        return {
            name: self.tally.count_without(name)
            if self.on_postgresql and name != "text"
            else self.courses(without={name}).count()
            for name in self.active_filters()
        }

    @property
    def on_postgresql(self) -> bool:
        return connections[Course.objects.db].vendor == "postgresql"

    @cached_property
    def tally(self) -> "CatalogueTally":
        return CatalogueTally.of(self)

    @cached_property
    def indexed(self) -> "IndexedTally | None":
        """The counts from the catalogue index, when it is current (PostgreSQL)."""
        if not self.on_postgresql:
            return None
        from .index import IndexedTally, current  # it builds on the terms, not on this module

        index = current(self.today)
        return IndexedTally(index, self) if index else None


@dataclass(frozen=True)
class CatalogueTally:
    """How many matches there are of each kind, from which every count of a results page
    follows exactly (PostgreSQL; docs/catalogue.md).

    `cells`: the matches (words only) grouped by their own facts, their price class (the
    first of PRICE_LIMITS they fit, else one past), and where their first upcoming start
    falls, in the chosen region (`here`; anywhere when no region is chosen) and anywhere: a
    window index (StartWindow order, 3 = later) or None (no upcoming start there).
    `regions`: per region, the matches that pass every course filter, by the window of their
    first upcoming start there. One statement over the narrow entries makes both.
    """

    query: "CatalogueQuery"
    cells: list[tuple]
    regions: list[tuple[int, int, int]]

    @classmethod
    def of(cls, query: "CatalogueQuery") -> "CatalogueTally":
        """The tally of this query. Each part is remembered apart, for the searches that
        share it: the cells depend only on the words, the region and the day; the regions
        only on the words, the course filters and the day."""
        other_filters = set(FILTERS) - {"text", "region"}
        cells_key = cache_key("cells", query._key_parts(without=other_filters))
        regions_key = cache_key("regions", query._key_parts(without={"region", "starts_within"}))
        cells, regions = cache.get(cells_key), cache.get(regions_key)
        if cells is None or regions is None:
            rows = cls._fetch(query, cells=cells is None, regions=regions is None)
            if cells is None:
                cells = [tuple(row[1:]) for row in rows if row[0] == 0]
                cache.set(cells_key, cells, SUMMARY_SECONDS)
            if regions is None:
                regions = [(row[1], row[7], row[9]) for row in rows if row[0] == 1]
                cache.set(regions_key, regions, SUMMARY_SECONDS)
        return cls(query=query, cells=cells, regions=regions)

    @staticmethod
    def _fetch(query: "CatalogueQuery", *, cells: bool, regions: bool) -> list[tuple]:
        """One statement for the parts asked for: rows (0, cell…) and (1, region…)."""
        today = (query.today - EPOCH).days

        def window(day: str) -> str:
            return window_sql(day, query.today)

        anywhere = first_upcoming_sql(query.today)
        here = "NULL::bigint"  # no region chosen: `anywhere` serves
        if query.region is not None:
            low = query.region.pk * PLACE
            first = f"starts[width_bucket({low + today - 1}::bigint, starts) + 1]"
            here = f"(CASE WHEN {first} < {low + PLACE} THEN {first} - {low} END)"
        matched, parameters = "", []
        if query.understood:
            # The words are matched on the courses. A subquery in each part rather than one
            # materialised list: the planner then knows how many match and takes the index
            # for a few and a hash for many (measured: 2-3 times faster, docs/catalogue.md).
            # published() keeps it from checking the trigrams of every title in a title
            # index for a misspelt word: it takes the trigram index instead.
            words = Course.objects.published().search(query.understood).order_by().values("pk")
            words_sql, parameters = words.query.sql_with_params()
            matched = f"AND course_id IN ({words_sql})"
        conditions = {
            name: (f"{COURSE_COLUMNS[name]} = %s", getattr(value, "pk", value))
            for name in CELL_FILTERS
            if (value := getattr(query, name)) not in (None, "")
        }
        if query.max_price is not None:
            conditions["max_price"] = ("price <= %s", query.max_price)
        course_filters = "".join(f" AND {sql}" for sql, _value in conditions.values())
        entries = CatalogueEntry._meta.db_table
        cells_sql = f"""
            SELECT 0, sector_id, level, learning_path, mode, certificate_kind, {PRICE_CLASS_SQL},
                {window("here")}, {window("anywhere")}, COUNT(*)
            FROM (
                SELECT sector_id, level, learning_path, mode, certificate_kind, price,
                    {here} AS here, {anywhere} AS anywhere
                FROM {entries} WHERE is_published {matched}
                OFFSET 0  -- each first start is looked up once per course, not per use
            ) entry
            GROUP BY 2, 3, 4, 5, 6, 7, 8, 9
        """  # noqa: S608 - only numbers, table names and placeholders go in
        regions_sql = f"""
            SELECT 1, place / {PLACE}, NULL, NULL, NULL, NULL, NULL,
                {window(f"mod(place, {PLACE})")}, NULL, COUNT(*)
            FROM {entries}, {FIRST_IN_REGION}
            WHERE is_published {matched} {course_filters} AND {first_in_region_sql(query.today)}
            GROUP BY 2, 8
        """  # noqa: S608 - only numbers, table names and placeholders go in
        parts, values = [], []
        if cells:
            parts.append(cells_sql)
            values += parameters
        if regions:
            parts.append(regions_sql)
            values += [*parameters, *[value for _sql, value in conditions.values()]]
        sql = " UNION ALL ".join(parts)
        with transaction.atomic(), connections[Course.objects.db].cursor() as cursor:
            # Enough memory to group in a hash table without disk; no JIT compilation, which
            # costs more than it saves on one such statement.
            cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
            cursor.execute(sql, values)
            return cursor.fetchall()

    @cached_property
    def _judged(self) -> list[tuple[tuple, str | None]]:
        """The cells that fail at most one course filter, each with the one it fails."""
        query = self.query
        chosen = {
            index: getattr(value, "pk", value)
            for index, name in enumerate(CELL_FILTERS)
            if (value := getattr(query, name)) not in (None, "")
        }
        price_class = None if query.max_price is None else PRICE_LIMITS.index(query.max_price)
        judged = []
        for cell in self.cells:
            fails = [CELL_FILTERS[index] for index, value in chosen.items() if cell[index] != value]
            if price_class is not None and cell[5] > price_class:
                fails.append("max_price")
            if len(fails) <= 1:
                judged.append((cell, fails[0] if fails else None))
        return judged

    def _placed(self, cell: tuple, without: str | None, window: str | None = "") -> bool:
        """Whether the cell's first start fits the chosen region and window (`window` stands
        for the chosen window when given), but the one filter `without`."""
        query = self.query
        window = query.starts_within if window == "" else window
        window = None if without == "starts_within" else window
        in_region = query.region is not None and without != "region"
        first = cell[6] if in_region else cell[7]
        if window:
            return first is not None and first <= list(StartWindow).index(window)
        return first is not None if in_region else True

    def _count(self, without: str | None = None, window: str | None = "") -> int:
        return sum(
            cell[-1]
            for cell, fails in self._judged
            if fails in (None, without) and self._placed(cell, without, window)
        )

    def count_without(self, name: str) -> int:
        """The number of results when this filter (not the words) is dropped."""
        return self._count(without=name)

    def facet_counts(self) -> dict[str, dict]:
        counts: dict[str, dict] = {name: {} for name in (*CELL_FILTERS, "max_price")}
        for cell, fails in self._judged:
            for index, name in enumerate(CELL_FILTERS):
                if fails in (None, name) and self._placed(cell, None):
                    counts[name][cell[index]] = counts[name].get(cell[index], 0) + cell[-1]
            if fails in (None, "max_price") and self._placed(cell, None):
                for index, limit in enumerate(PRICE_LIMITS):
                    if cell[5] <= index:
                        counts["max_price"][limit] = counts["max_price"].get(limit, 0) + cell[-1]
        counts["starts_within"] = {window: self._count(window=window) for window in StartWindow}
        chosen = self.query.starts_within
        last = list(StartWindow).index(chosen) if chosen else len(StartWindow)
        counts["region"] = {}
        for region, first, number in self.regions:
            if region and first <= last:
                counts["region"][region] = counts["region"].get(region, 0) + number
        counts["total"] = self._count()
        return counts


def cache_key(kind: str, parts: tuple) -> str:
    return f"catalogue:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Suggestion:
    text: str
    count: int


@dataclass(frozen=True)
class Summary:
    counts: dict[str, dict]
    ids: list[int] | None
    counts_without: dict[str, int]


class KnownCount:
    """Results whose number is already known, so the Paginator need not count them again."""

    ordered = True

    def __init__(self, results: CourseQuerySet, count: int) -> None:
        self.results = results
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.results[key]


class IndexedPages(KnownCount):
    """Many results, paged through with the orders of the catalogue index: a page looks up
    only its own courses."""

    def __init__(self, query: CatalogueQuery, count: int) -> None:
        self.query = query
        self._count = count

    def __getitem__(self, key: slice) -> list[Course]:
        return list(self.query.results(self.query.indexed.ordered(key.start, key.stop)))
