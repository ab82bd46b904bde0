"""The catalogue index: the catalogue's sets of courses as bitsets (PostgreSQL).

A results page needs a count for every option of every filter. Counting them on the
course or entry tables costs work per matching course: for a common word or a search
without words that is most of 200,000 courses, 200-800 ms here. The index holds, per filter
option, per region and start window, and per word (lexeme) of the search vectors, the set
of courses as a bitset (bit n stands for course n). Every count of a page is then the
number of ones in an AND of a few bitsets: about a hundred operations on 25 kB numbers,
a few milliseconds whatever the number of matches (docs/catalogue.md "The catalogue index").

`build()` makes a new generation of the index from the database; the beat task
`refresh_catalogue_index` (every five minutes), the imports and `manage.py
build_catalogue_index` call it. `current()` returns the index when it was built from the
catalogue as it is now and for today, else None: the search then counts as before, so a
change shows at once and the index only ever makes the same counts faster.
"""

import bisect
import datetime
import functools
import itertools
import re
import secrets
import threading
import time
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Substr
from django.utils import timezone

from trajectories.models.catalogue import CatalogueEntry, CatalogueIndexPart, CatalogueState, Course

from .terms import (
    COURSE_COLUMNS,
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
    KNOWN,
    RANK_WINDOW,
    SEARCH_CONFIG,
    UNKNOWN,
    dutch_query,
    remember_word_status,
    search_term,
)

if TYPE_CHECKING:
    from .search import CatalogueQuery

# Only one build at a time (a PostgreSQL advisory lock, held until the build commits).
BUILD_LOCK = 727_001
# The window names of "start:<region>:<window>"; "any" is any upcoming day.
WINDOWS = (*StartWindow, "any")
ENTRIES = CatalogueEntry._meta.db_table
# The parts of the courses with one title; not loaded, but asked for a misspelt word.
TITLE = "title:"
# The parts that list every course in the order of a sort ("order:price",
# "order:start:<region>": by first upcoming start there, "*" anywhere).
ORDER = "order:"
LISTS = (TITLE, ORDER)


@dataclass(frozen=True)
class Built:
    parts: int
    stored_bytes: int
    seconds: float


def build(today: datetime.date | None = None) -> Built | None:
    """Build a new generation of the index and make it current; None when another build
    holds the lock. The number of changes is read first: a change committed while the
    index is being built leaves it stale, never wrong."""
    today = today or timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [BUILD_LOCK])
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off")
        state, _created = CatalogueState.objects.get_or_create(pk=1)
        changes = state.changes
        cursor.execute("SELECT coalesce(max(id), 0) FROM trajectories_course")
        size = cursor.fetchone()[0] // 8 + 1
        generation = secrets.randbits(62)
        parts = [
            CatalogueIndexPart(
                generation=generation,
                name=name,
                courses=len(ids),
                # Titles and orders as lists of ids, every other set as a bitset.
                bits=zlib.compress(
                    array("q", ids).tobytes() if name.startswith(LISTS) else to_bits(ids, size), 1
                ),
            )
            for name, ids in _course_sets(cursor, today)
        ]
        CatalogueIndexPart.objects.bulk_create(parts, batch_size=200)
        CatalogueIndexPart.objects.exclude(generation=generation).delete()
        cursor.execute(f"ANALYZE {CatalogueIndexPart._meta.db_table}")  # for the title index
        seconds = time.perf_counter() - started
        CatalogueState.objects.filter(pk=1).update(
            index_generation=generation,
            index_changes=changes,
            index_day=today,
            index_built_at=timezone.now(),
            index_seconds=seconds,
        )
    return Built(
        parts=len(parts), stored_bytes=sum(len(part.bits) for part in parts), seconds=seconds
    )


def _course_sets(cursor, today: datetime.date) -> Iterable[tuple[str, list[int]]]:
    """(name, course ids) for every set of the index (see CatalogueIndexPart)."""
    cursor.execute(f"SELECT array_agg(course_id) FROM {ENTRIES} WHERE is_published")  # noqa: S608
    yield "published", cursor.fetchone()[0] or []
    for name, column in COURSE_COLUMNS.items():
        cursor.execute(
            f"SELECT {column}, array_agg(course_id) FROM {ENTRIES} "  # noqa: S608
            f"WHERE {column} IS NOT NULL GROUP BY 1"
        )
        for value, ids in cursor.fetchall():
            yield f"{name}:{value}", ids
    # Prices and start windows are cumulative: at most a limit, starting by a window's end.
    cursor.execute(
        f"SELECT {PRICE_CLASS_SQL}, array_agg(course_id) FROM {ENTRIES} GROUP BY 1"  # noqa: S608
    )
    by_class = dict(cursor.fetchall())
    for index, limit in enumerate(PRICE_LIMITS):
        yield f"max_price:{limit}", _joined(ids for c, ids in by_class.items() if c <= index)
    first_window = window_sql(first_upcoming_sql(today), today)
    cursor.execute(
        f"SELECT 0, {first_window}, array_agg(course_id) FROM {ENTRIES} "  # noqa: S608
        f"WHERE {first_window} IS NOT NULL GROUP BY 2 "
        "UNION ALL "
        f"SELECT place / {PLACE}, {window_sql(f'mod(place, {PLACE})', today)}, "
        f"array_agg(course_id) FROM {ENTRIES}, {FIRST_IN_REGION} "
        f"WHERE place >= {PLACE} AND {first_in_region_sql(today)} GROUP BY 1, 2"
    )
    by_window: dict[int, dict[int, list[int]]] = {}
    for region, window, ids in cursor.fetchall():
        by_window.setdefault(region, {})[window] = ids
    for region, windows in by_window.items():
        where = region or "*"
        for index, window in enumerate(WINDOWS):
            yield f"start:{where}:{window}", _joined(i for w, i in windows.items() if w <= index)
    cursor.execute(
        "SELECT lexeme, array_agg(id) FROM trajectories_course, "
        "unnest(tsvector_to_array(search_vector)) AS lexeme GROUP BY 1"
    )
    for lexeme, ids in cursor:
        yield f"word:{lexeme}", ids
    # The orders of CatalogueQuery.results(), made by PostgreSQL so that titles sort alike.
    cursor.execute(
        "SELECT array_agg(id ORDER BY title, id), array_agg(id ORDER BY price, title, id) "
        "FROM trajectories_course"
    )
    by_title, by_price = cursor.fetchone()
    yield f"{ORDER}title", by_title or []
    yield f"{ORDER}price", by_price or []
    cursor.execute(
        f"SELECT '*', array_agg(course.id ORDER BY {first_upcoming_sql(today)} NULLS LAST, "  # noqa: S608
        f"course.title, course.id) FROM trajectories_course course "
        f"JOIN {ENTRIES} ON course_id = course.id "
        "UNION ALL "
        f"SELECT (place / {PLACE})::text, array_agg(course.id ORDER BY mod(place, {PLACE}), "
        f"course.title, course.id) FROM {ENTRIES} JOIN trajectories_course course "
        f"ON course.id = course_id, {FIRST_IN_REGION} "
        f"WHERE place >= {PLACE} AND {first_in_region_sql(today)} GROUP BY 1"
    )
    for region, ids in cursor.fetchall():
        yield f"{ORDER}start:{region}", ids or []
    # Many courses share a title (one course, many providers): a misspelt word is compared
    # with each distinct title once, through a trigram index on these parts' names.
    cursor.execute("SELECT title, array_agg(id ORDER BY id) FROM trajectories_course GROUP BY 1")
    for title, ids in cursor:
        yield f"{TITLE}{title}", ids


def _joined(lists: Iterable[list[int]]) -> list[int]:
    return [course for ids in lists for course in ids]


def to_bits(ids: Iterable[int], size: int) -> bytes:
    """A bitset as bytes, little-endian: bit n (byte n // 8, bit n % 8) is course n."""
    bits = bytearray(size)
    for course in ids:
        bits[course >> 3] |= 1 << (course & 7)
    return bytes(bits)


def ids_of(bits: int, limit: int | None = None) -> list[int]:
    """The course ids of a bitset, ascending; the first `limit` only when given."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    ids = []
    for found in re.finditer(rb"[^\x00]", data):
        index = found.start()
        ids += [index * 8 + bit for bit in range(8) if data[index] >> bit & 1]
        if limit is not None and len(ids) >= limit:
            return ids[:limit]
    return ids


@functools.lru_cache(maxsize=1024)
def _expanded(blob: bytes) -> int:
    return int.from_bytes(zlib.decompress(blob), "little")


class LoadedIndex:
    """One generation of the index in this process's memory: the parts compressed, each
    made a number when used (the last 1,024 used are kept: 26 MB at 200,000 courses)."""

    def __init__(self, generation: int, day: datetime.date, parts: dict[str, bytes]) -> None:
        self.generation = generation
        self.day = day
        self.parts = parts
        self._options: dict[str, list[str]] = {}
        for name in parts:
            kind, _colon, value = name.partition(":")
            self._options.setdefault(kind, []).append(value)
        self.lexemes = sorted(self.options("word"))
        # The regions where some course has an upcoming start ("start:<region>:<window>").
        places = {value.partition(":")[0] for value in self.options("start")}
        self.regions = sorted(int(place) for place in places if place != "*")
        self._orders: dict[str, array] = {}

    def bits(self, name: str) -> int:
        blob = self.parts.get(name)
        return 0 if blob is None else _expanded(blob)

    def order(self, name: str) -> array:
        """A list part (ORDER) as an array of course ids, kept once made."""
        if name not in self._orders:
            blob = self.parts.get(f"{ORDER}{name}")
            self._orders[name] = array("q", zlib.decompress(blob) if blob else b"")
        return self._orders[name]

    def _close_title_lists(self, word: str) -> list[array]:
        """Per title holding something close to the words (`title %> words`, as
        CourseQuerySet.relevance_window takes them), its courses' ids; the closest titles
        first."""
        title = Substr("name", len(TITLE) + 1)
        close = (
            CatalogueIndexPart.objects.filter(
                TrigramWordSimilar(title, Value(word)),
                generation=self.generation,
                name__startswith=TITLE,
            )
            .annotate(similarity=TrigramWordSimilarity(Value(word), title))
            .order_by("-similarity", "name")
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # The trigram index: the planner takes a scan, which compares every title.
            cursor.execute("SET LOCAL enable_seqscan = off")
            blobs = list(close.values_list("bits", flat=True))
        return [array("q", zlib.decompress(blob)) for blob in blobs]

    def closest_titles(self, phrase: str, among: int, limit: int) -> list[int]:
        """Up to `limit` courses of `among` whose title is close to the phrase, from the
        closest titles on."""
        return members_in_order(
            chain.from_iterable(self._close_title_lists(phrase)), among, 0, limit
        )

    def options(self, filter_name: str) -> list[str]:
        """The values of a filter that some course has, as written in the part names."""
        return self._options.get(filter_name, [])

    def lexemes_from(self, prefix: str) -> list[str]:
        """The lexemes that start with the prefix, as a tsquery prefix (`lass:*`) matches."""
        first = bisect.bisect_left(self.lexemes, prefix)
        found = []
        for lexeme in self.lexemes[first:]:
            if not lexeme.startswith(prefix):
                break
            found.append(lexeme)
        return found


_loaded: LoadedIndex | None = None
_loading = threading.Lock()


def current_generation(today: datetime.date) -> int | None:
    """The generation of the index, when it is current: built from the catalogue as it
    is, for today."""
    state = (
        CatalogueState.objects.filter(pk=1)
        .values_list("changes", "index_generation", "index_changes", "index_day")
        .first()
    )
    if state is None:
        return None
    changes, generation, built_from, day = state
    return generation if built_from == changes and day == today else None


def current(today: datetime.date) -> LoadedIndex | None:
    """The index, when it is current, loaded into this process once per generation."""
    global _loaded
    generation = current_generation(today)
    if generation is None:
        return None
    loaded = _loaded
    if loaded is not None and loaded.generation == generation:
        return loaded
    with _loading:
        if _loaded is None or _loaded.generation != generation:
            rows = CatalogueIndexPart.objects.filter(generation=generation).exclude(
                name__startswith=TITLE
            )
            parts = {name: bytes(bits) for name, bits in rows.values_list("name", "bits")}
            if not parts:  # a newer generation replaced it meanwhile
                return None
            _loaded = LoadedIndex(generation, today, parts)
        return _loaded


def refresh(today: datetime.date | None = None) -> Built | None:
    """Build the index when it is not current; None when it is (or another build runs)."""
    today = today or timezone.localdate()
    # Only asks whether it is current: the beat worker never searches, so never loads it.
    if connection.vendor != "postgresql" or current_generation(today) is not None:
        return None
    return build(today)


class IndexedTally:
    """The counts of a results page from the index: the same numbers as CatalogueTally and
    CatalogueQuery.counted_on_courses (tests/trajectories/catalogue/test_index.py)."""

    def __init__(self, index: LoadedIndex, query: "CatalogueQuery") -> None:
        self.index = index
        self.query = query
        self.published = index.bits("published")
        self.understood = query.understood
        self.groups = self._groups()
        self.matches = self._at_least(self.understood.needed) & self.published
        self.chosen = {
            name: index.bits(f"{name}:{getattr(value, 'pk', value)}")
            for name in (*COURSE_COLUMNS, "max_price")
            if (value := getattr(query, name)) not in (None, "")
        }

    def _groups(self) -> list[int]:
        """Per word group of the search as understood, the courses that match one of its
        terms (every word of the term), as CourseQuerySet.search finds them."""
        groups = self.understood.groups
        words = sorted({word for group in groups for term in group.terms for word in term})
        if not words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_tsquery(%s, term)::text FROM unnest(%s::text[]) "
                "WITH ORDINALITY AS word(term, number) ORDER BY number",
                [SEARCH_CONFIG, [search_term(word) for word in words]],
            )
            queries = [tsquery for (tsquery,) in cursor.fetchall()]
        found = {
            word: self._word(word, tsquery) for word, tsquery in zip(words, queries, strict=True)
        }
        return [
            functools.reduce(
                lambda any_term, term: (
                    any_term | functools.reduce(lambda every, word: every & found[word], term, -1)
                ),
                group.terms,
                0,
            )
            for group in groups
        ]

    def _at_least(self, needed: int) -> int:
        """The courses that match `needed` of the groups (every course when there are none)."""
        if not self.groups:
            return self.published
        return functools.reduce(
            lambda found, combination: (
                found | functools.reduce(lambda every, group: every & group, combination, -1)
            ),
            itertools.combinations(self.groups, needed),
            0,
        )

    def _word(self, word: str, tsquery: str) -> int:
        """The courses whose search vector holds the word (as a prefix from three letters)."""
        single = re.fullmatch(r"'([^']+)'(:\*)?", tsquery)
        if single:
            lexeme, prefix = single.groups()
            lexemes = self.index.lexemes_from(lexeme) if prefix else [lexeme]
            known = [lexeme for lexeme in lexemes if f"word:{lexeme}" in self.index.parts]
            remember_word_status(word, KNOWN if known else UNKNOWN)
            return functools.reduce(
                lambda found, lexeme: found | self.index.bits(f"word:{lexeme}"), known, 0
            )
        if tsquery:  # a word the parser splits (rare): as the search itself does
            courses = Course.objects.filter(search_vector=dutch_query([word]))
            return bits_from(list(courses.values_list("pk", flat=True)))
        return 0

    def _selected(
        self,
        *,
        drop: str = "",
        option: int = -1,
        region: int | None = None,
        window: str = "",
        matches: int | None = None,
    ) -> int:
        """The matches that pass every chosen filter but `drop`, the option, and have an
        upcoming start in the region within the window (when given)."""
        found = self.matches if matches is None else matches
        for name, bits in self.chosen.items():
            if name != drop:
                found &= bits
        found &= option
        if region is not None or window:
            found &= self.index.bits(f"start:{region or '*'}:{window or 'any'}")
        return found

    def _count(self, **selected) -> int:
        return self._selected(**selected).bit_count()

    @property
    def _region(self) -> int | None:
        return self.query.region.pk if self.query.region else None

    def facet_counts(self) -> dict[str, dict]:
        index = self.index
        placed = {"region": self._region, "window": self.query.starts_within}
        counts: dict[str, dict] = {}
        for name in COURSE_COLUMNS:
            counts[name] = {
                int(value) if name in ("sector", "level") else value: self._count(
                    drop=name, option=index.bits(f"{name}:{value}"), **placed
                )
                for value in index.options(name)
            }
        counts["max_price"] = {
            limit: self._count(drop="max_price", option=index.bits(f"max_price:{limit}"), **placed)
            for limit in PRICE_LIMITS
        }
        counts["starts_within"] = {
            window: self._count(region=placed["region"], window=window) for window in StartWindow
        }
        counts["region"] = {
            region: self._count(region=region, window=placed["window"]) for region in index.regions
        }
        counts["total"] = self._count(**placed)
        return counts

    def count_without(self, name: str) -> int:
        """The number of results when this filter (or the words) is dropped."""
        region = None if name == "region" else self._region
        window = "" if name == "starts_within" else self.query.starts_within
        matches = self.published if name == "text" else None
        return self._count(drop=name, region=region, window=window, matches=matches)

    def _results(self) -> int:
        return self._selected(region=self._region, window=self.query.starts_within)

    def ids(self) -> list[int]:
        """The ids of all results, ascending."""
        return ids_of(self._results())

    def ordered(self, start: int, stop: int) -> list[int]:
        """The ids of the results from `start` to `stop` (not included) in the chosen
        order (first start date, price, else title), walking the order's list."""
        query = self.query
        if query.sort == Sort.START:
            order = self.index.order(f"start:{self._region or '*'}")
        else:
            order = self.index.order("price" if query.sort == Sort.PRICE else "title")
        return members_in_order(order, self._results(), start, stop - start)

    def relevance_window(self) -> list[int]:
        """The results worth ranking, as CourseQuerySet.relevance_window chooses them:
        RANK_WINDOW whose title is close to the words (here: from the closest titles on), the
        first RANK_WINDOW of all (here: those with the lowest ids) and, when a course may
        miss a word, the first RANK_WINDOW that match every word."""
        results = self._results()
        first = ids_of(results, RANK_WINDOW)
        if len(first) < RANK_WINDOW:
            return first  # all of them
        window = {*first, *self.index.closest_titles(self.understood.phrase, results, RANK_WINDOW)}
        if self.understood.needed < len(self.groups):
            every_word = functools.reduce(lambda every, group: every & group, self.groups, -1)
            window.update(ids_of(results & every_word, RANK_WINDOW))
        return sorted(window)


def members_in_order(ids: Iterable[int], bits: int, skip: int, limit: int) -> list[int]:
    """The ids in the bitset, in the order given: `limit` of them after the first `skip`."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    size, found = len(data), []
    for course in ids:
        if course >> 3 < size and data[course >> 3] >> (course & 7) & 1:
            if skip:
                skip -= 1
            else:
                found.append(course)
                if len(found) == limit:
                    break
    return found


def bits_from(ids: Sequence[int]) -> int:
    return int.from_bytes(to_bits(ids, max(ids) // 8 + 1), "little") if ids else 0
