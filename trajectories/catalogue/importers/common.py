"""What the EDU-DEX and OOAPI importers share: reading a source, our vocabulary, and saving.

An importer turns each record of its standard into a `CourseRecord` (a course with its
offerings, in our own terms) or rejects it with `InvalidRecord`. Every check that the
database would make is made here in Python first, so the valid records can be written in
batches of a thousand, in one transaction each: a COPY (PostgreSQL) or bulk_create for new
rows, one UPDATE statement run for all changed rows. A batch that fails anyway (a race with
another import, say) is rolled back and written again one record at a time, each in a
transaction of its own, so one bad record never stops the rest and is never half-imported.

See docs/imports.md.
"""

import datetime
import json
import re
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from poort.vocabulary import Level
from regions.models import (
    MUNICIPALITY_ALIASES,
    UNCLASSIFIED_SECTOR_SLUG,
    Municipality,
    Sector,
    normalise_place_name,
)
from trajectories.models.catalogue import (
    Course,
    CourseSource,
    Offering,
    Provider,
    ProviderSource,
    SectorRule,
)

URL_TIMEOUT_SECONDS = 30
BATCH_SIZE = 1000
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
MAX_PRICE = Decimal("9999999.99")
MAX_SMALL_INTEGER = 32767
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT = re.compile(r"[+]?\d+(\.\d+)?")
CREBO = re.compile(r"[0-9]{5}")

COURSE_FIELDS = (
    "title",
    "summary",
    "description",
    "provider_id",
    "sector_id",
    "sector_rule",
    "level",
    "certificate_kind",
    "learning_path",
    "mode",
    "duration_weeks",
    "hours_per_week",
    "price",
    "crebo_code",
)
OFFERING_FIELDS = (
    "start_date",
    "end_date",
    "municipality_id",
    "seats",
    "price",
    "application_deadline",
)

course_fields = attrgetter(*COURSE_FIELDS)
SECTOR, RULE = COURSE_FIELDS.index("sector_id"), COURSE_FIELDS.index("sector_rule")
offering_fields = attrgetter(*OFFERING_FIELDS)


class ImportSourceError(Exception):
    """A source that cannot be read at all; its message says why in one line."""


class InvalidRecord(Exception):
    """One record that cannot be imported; its message is the reason, for the report."""


@dataclass(frozen=True)
class Document:
    """One JSON value read from the source: a whole file, or one line of a JSON Lines file."""

    label: str
    data: Any = None
    error: str = ""


@dataclass(frozen=True)
class ProviderRecord:
    source_id: str
    name: str
    website: str = ""


@dataclass(frozen=True)
class OfferingRecord:
    source_id: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    municipality_id: int | None = None
    seats: int | None = None
    price: Decimal | None = None
    application_deadline: datetime.date | None = None

    def values(self) -> tuple:
        return offering_fields(self)


@dataclass
class CourseRecord:
    source_id: str
    provider: ProviderRecord
    title: str
    summary: str
    description: str
    sector_id: int
    sector_rule: str
    level: int | None
    certificate_kind: str
    learning_path: str
    mode: str
    duration_weeks: int | None
    hours_per_week: int | None
    price: Decimal
    crebo_code: str
    offerings: list[OfferingRecord] = field(default_factory=list)
    provider_id: int | None = None  # set when the provider is saved

    def values(self) -> tuple:
        return course_fields(self)


@dataclass(frozen=True)
class Parsed:
    """What an importer makes of one record: a course, or the reason it is invalid."""

    label: str
    course: CourseRecord | None = None
    reason: str = ""


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unclassified: int = 0
    providers_created: int = 0
    merged: int = 0
    invalid: list[tuple[str, str]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.invalid)

    def add(self, counts: Counter) -> None:
        self.created += counts["created"]
        self.updated += counts["updated"]
        self.unchanged += counts["unchanged"]
        self.unclassified += counts["unclassified"]
        self.providers_created += counts["providers_created"]
        self.merged += counts["merged"]

    def summary(self) -> str:
        summary = _(
            "Courses: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(invalid)d invalid; %(unclassified)d to be classified. "
            "Providers created: %(providers)d."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": len(self.invalid),
            "unclassified": self.unclassified,
            "providers": self.providers_created,
        }
        if self.merged:
            summary += " " + ngettext(
                "%(merged)d course was found in another feed too and joined to it.",
                "%(merged)d courses were found in another feed too and joined to them.",
                self.merged,
            ) % {"merged": self.merged}
        return summary


# Reading the source ------------------------------------------------------------------------


def read_documents(location: str) -> Iterator[Document]:
    """The JSON values in a file, a directory of files, or at an http(s) URL.

    A .json file is one value; a .jsonl or .ndjson file is one value per line, read line
    by line so a large file never has to fit in memory at once. A directory yields its
    .json, .jsonl and .ndjson files in name order; one it cannot read becomes a document
    with an error, so it is reported like an invalid record.
    """
    if re.match(r"https?://", location, re.IGNORECASE):
        yield from documents_from_bytes(location, download(location))
        return
    path = Path(location)
    if path.is_dir():
        files = sorted(
            child
            for child in path.iterdir()
            if child.is_file() and child.suffix.lower() in (".json", *JSON_LINES_SUFFIXES)
        )
        if not files:
            raise ImportSourceError(_("%(path)s holds no .json or .jsonl files.") % {"path": path})
        for file in files:
            try:
                yield from documents_from_file(file)
            except ImportSourceError as error:  # one bad file does not stop the others
                yield Document(file.name, error=str(error))
        return
    if not path.is_file():
        raise ImportSourceError(_("%(path)s does not exist.") % {"path": path})
    yield from documents_from_file(path)


def download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        raise ImportSourceError(
            _("%(url)s answered with HTTP %(status)d.") % {"url": url, "status": error.code}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportSourceError(
            _("Cannot fetch %(url)s: %(reason)s") % {"url": url, "reason": reason}
        ) from None


def documents_from_file(path: Path) -> Iterator[Document]:
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        try:
            with path.open("rb") as lines:
                yield from json_lines(path.name, lines)
        except OSError as error:
            raise ImportSourceError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from None
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportSourceError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from None
    yield from documents_from_bytes(path.name, data)


def documents_from_bytes(label: str, data: bytes) -> Iterator[Document]:
    try:
        yield Document(label, json.loads(data))
    except UnicodeDecodeError:
        raise ImportSourceError(_("%(source)s is not UTF-8 text.") % {"source": label}) from None
    except RecursionError:
        raise ImportSourceError(
            _("%(source)s is nested too deeply to read.") % {"source": label}
        ) from None
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise ImportSourceError(
                _("%(source)s is not valid JSON (line %(line)d: %(problem)s).")
                % {"source": label, "line": error.lineno, "problem": error.msg}
            ) from None
        # More than one value: read it as JSON Lines.
        yield from json_lines(label, data.splitlines())


def json_lines(label: str, lines: Iterable[bytes]) -> Iterator[Document]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            yield Document(where, json.loads(line))
        except (UnicodeDecodeError, RecursionError, json.JSONDecodeError):
            yield Document(where, error=_("This line is not valid JSON."))


# Reading values ----------------------------------------------------------------------------


def dig(data: Any, *keys: str) -> Any:
    """data[key1][key2]…, or None where a level is missing or is not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def text_items(value: Any) -> list[str]:
    """The strings in a list, or a lone string as a list of one."""
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def as_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def one_line(value: str) -> str:
    return " ".join(value.split())


def parse_date(value: Any, what: str) -> datetime.date:
    text = as_text(value)
    try:
        if DATE.match(text):
            return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    raise InvalidRecord(
        _("%(what)s is not a date like 2026-09-01: %(value)s")
        % {"what": what, "value": text or "—"}
    )


def optional_date(value: Any, what: str) -> datetime.date | None:
    return None if value in (None, "") else parse_date(value, what)


def parse_amount(value: Any, what: str) -> Decimal:
    text = as_text(value)
    if not AMOUNT.fullmatch(text):
        raise InvalidRecord(
            _("%(what)s is not an amount in euros: %(value)s")
            % {"what": what, "value": text or "—"}
        )
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        amount = MAX_PRICE + 1
    if amount > MAX_PRICE:
        raise InvalidRecord(_("%(what)s is too high: %(value)s") % {"what": what, "value": text})
    return amount


def small_number(value: Any) -> int | None:
    """A count such as seats; None when it is missing, negative or too large to store."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = int(value)
    return number if 0 <= number <= MAX_SMALL_INTEGER else None


def crebo_code(value: Any) -> str:
    code = as_text(value)
    if code and not CREBO.fullmatch(code):
        raise InvalidRecord(
            _("The crebo code %(code)s does not have five digits.") % {"code": code}
        )
    return code


def shortened(text: str, length: int) -> str:
    return Truncator(text).chars(length) if len(text) > length else text


def required_title(title: str) -> str:
    title = one_line(title)
    if not title:
        raise InvalidRecord(_("The course has no name."))
    return shortened(title, 200)


def summary_of(summary: str, description: str) -> str:
    """The summary, or else the first paragraph of the description, on one line."""
    text = summary or (description.strip().split("\n\n")[0] if description else "")
    return shortened(one_line(text), 400)


def weeks_from(*, years: int = 0, months: int = 0, weeks: int = 0, days: int = 0) -> int | None:
    """Whole weeks; None for a duration under a week, which would read as "1 week"."""
    total_days = years * 365 + months * 30.44 + weeks * 7 + days
    result = round(total_days / 7)
    return result if 1 <= result <= MAX_SMALL_INTEGER else None


# Our vocabulary ----------------------------------------------------------------------------


LEVELS_BY_NLQF = {str(level.value): level.value for level in Level} | {"4+": Level.NLQF4.value}


class Vocabulary:
    """Municipalities and fields (sectors), loaded once per import and looked up in memory."""

    def __init__(self, default_sector: str | None = None) -> None:
        self.places: dict[str, set[int]] = defaultdict(set)
        code_to_pk = {}
        for pk, code, name in Municipality.objects.values_list("pk", "code", "name"):
            code_to_pk[code] = pk
            self.places[normalise_place_name(name)].add(pk)
            # "Bergen (NH.)" is also found as "Bergen", unless another Bergen exists.
            self.places[normalise_place_name(re.sub(r"\(.*?\)", "", name))].add(pk)
        for alias, code in MUNICIPALITY_ALIASES.items():
            if code in code_to_pk:
                self.places[alias].add(code_to_pk[code])
        self.found_places: dict[str, set[int]] = {}
        self.sectors: dict[str, int] = {}
        self.sector_keys: dict[str, str] = {}
        self.isced: dict[str, int] = {}
        keywords: dict[str, int] = {}
        fields = Sector.objects.exclude(slug=UNCLASSIFIED_SECTOR_SLUG).order_by("name")
        for pk, name, slug, codes, words in fields.values_list(
            "pk", "name", "slug", "isced_codes", "keywords"
        ):
            self.sectors[slugify(name)] = pk
            self.sectors[slugify(slug)] = pk
            for code in codes.split():
                self.isced.setdefault(code, pk)
            for word in words.splitlines():
                if normalise_place_name(word):
                    keywords.setdefault(normalise_place_name(word), pk)
        self.keywords = keywords
        # A keyword matches at the start of a word; the longest keyword first.
        alternatives = "|".join(re.escape(word) for word in sorted(keywords, key=len, reverse=True))
        self.keyword_pattern = re.compile(f" ({alternatives})") if keywords else None
        self.found_keywords: dict[str, int | None] = {}
        self.default_sector_id: int | None = None
        if default_sector:
            self.default_sector_id = self.sectors.get(slugify(default_sector))
            if self.default_sector_id is None:
                raise ImportSourceError(
                    _("There is no field (sector) called %(sector)s.") % {"sector": default_sector}
                )
        self._unclassified_id: int | None = None

    @property
    def unclassified_id(self) -> int:
        if self._unclassified_id is None:
            self._unclassified_id = Sector.objects.unclassified().pk
        return self._unclassified_id

    def municipality(self, place: str, where: str) -> int:
        """The municipality of a place name; `where` names the start in an error."""
        found = self.found_places.get(place)
        if found is None:
            found = self.found_places[place] = self.places.get(normalise_place_name(place), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise InvalidRecord(
                _("%(where)s: the place “%(place)s” matches more than one municipality.")
                % {"where": where, "place": place}
            )
        if not place.strip():
            raise InvalidRecord(_("%(where)s has no place and is not online.") % {"where": where})
        raise InvalidRecord(
            _("%(where)s: “%(place)s” is not a Dutch municipality.")
            % {"where": where, "place": place}
        )

    def named_sector(self, candidates: Iterable[str]) -> int | None:
        """The field whose name or slug is one of the candidates (capitals, accents and
        punctuation do not matter)."""
        for candidate in candidates:
            key = self.sector_keys.get(candidate)
            if key is None:
                key = self.sector_keys[candidate] = slugify(candidate)
            if key in self.sectors:
                return self.sectors[key]
        return None

    def keyword_sector(self, texts: Iterable[str]) -> int | None:
        """The field of the first keyword found at the start of a word in the texts."""
        if self.keyword_pattern is None:
            return None
        for text in texts:
            found = self.found_keywords.get(text, 0)
            if found == 0:
                match = self.keyword_pattern.search(f" {normalise_place_name(text)}")
                found = self.found_keywords[text] = match and self.keywords[match.group(1)]
            if found:
                return found
        return None

    def classify(
        self,
        *,
        title: str,
        consumer: Iterable[str] = (),
        isced: Iterable[str] = (),
        themes: Iterable[str] = (),
    ) -> tuple[int, str]:
        """(field, rule): our own field named in the feed, else the ISCED-F code, else the
        themes and search words (a field's name, then its keywords), else the title's
        keywords, else the feed's default field; else "nog in te delen". Never refuses."""
        themes = list(themes)
        sector = self.named_sector(consumer)
        if sector is not None:
            return sector, SectorRule.CONSUMER
        for code in isced:
            if code in self.isced:
                return self.isced[code], SectorRule.ISCED
        sector = self.named_sector(themes) or self.keyword_sector(themes)
        if sector is not None:
            return sector, SectorRule.THEME
        sector = self.keyword_sector([title])
        if sector is not None:
            return sector, SectorRule.TITLE
        if self.default_sector_id is not None:
            return self.default_sector_id, SectorRule.DEFAULT
        return self.unclassified_id, SectorRule.UNCLASSIFIED


def check_offerings(offerings: list[OfferingRecord], kind: str) -> None:
    """What the database would refuse, said in words people understand.

    `kind` is the standard's own word for a start ("programRun", "offering").
    """
    seen = set()
    for offering in offerings:
        if not offering.source_id or len(offering.source_id) > 200:
            raise InvalidRecord(
                _("A %(kind)s has no id, or one over 200 characters.") % {"kind": kind}
            )
        where = offering.source_id
        if where in seen:
            raise InvalidRecord(_("%(kind)s %(id)s appears twice.") % {"kind": kind, "id": where})
        seen.add(where)
        if offering.end_date and offering.end_date < offering.start_date:
            raise InvalidRecord(
                _("%(kind)s %(id)s ends before it starts.") % {"kind": kind, "id": where}
            )
        if offering.application_deadline and offering.application_deadline > offering.start_date:
            raise InvalidRecord(
                _("%(kind)s %(id)s: the application deadline is after the start.")
                % {"kind": kind, "id": where}
            )


def lowest_price(offerings: list[OfferingRecord]) -> Decimal:
    prices = [offering.price for offering in offerings if offering.price is not None]
    if not prices:
        raise InvalidRecord(_("The course has no price."))
    return min(prices)


# Saving ------------------------------------------------------------------------------------


class Slugs:
    """Unique slugs for one model: base, base-2, base-3 …

    A base is looked up in the table once (with everything that starts with it), so a
    thousand courses with the same title do not cost a thousand queries each. A base
    known to be free (`look_up=False`) costs no query at all.
    """

    def __init__(self, model: type[Course] | type[Provider]) -> None:
        self.model = model
        self.used: dict[str, set[str]] = {}
        self.assigned: set[str] = set()
        self.next_number: dict[str, int] = {}

    def unique(self, base: str, *, look_up: bool = True) -> str:
        base = base[:200].strip("-") or self.model._meta.model_name
        if base not in self.used:
            self.used[base] = set()
            if look_up:
                found = self.model.objects.filter(slug__startswith=base)
                self.used[base] = set(found.values_list("slug", flat=True))
        used, number = self.used[base], self.next_number.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in used or candidate in self.assigned:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        self.assigned.add(candidate)
        self.next_number[base] = number
        return candidate


def save_providers(source: str, records: list[CourseRecord], counts: Counter) -> None:
    """Create or rename the providers of these courses; sets each record's provider_id.

    A provider an editor linked to this source's id (ProviderSource) is that provider; the
    source that brought it names it. A provider record without a name keeps the name it
    has (or gets its source id).
    """
    wanted = {record.provider.source_id: record.provider for record in records}
    existing = {
        link.source_id: link.provider
        for link in ProviderSource.objects.filter(source=source, source_id__in=wanted)
        .exclude(source_id="")
        .select_related("provider")
    }
    existing |= {
        provider.source_id: provider
        for provider in Provider.objects.filter(source=source, source_id__in=wanted)
        .exclude(source_id="")
        .exclude(source_id__in=existing)
    }
    new = [
        Provider(source=source, source_id=source_id, name=record.name or source_id[:200])
        for source_id, record in wanted.items()
        if source_id not in existing
    ]
    for provider, slug in zip(
        new, unique_slugs(Provider, [slugify(p.name) for p in new]), strict=True
    ):
        provider.slug, provider.website = slug, wanted[provider.source_id].website
    for provider in Provider.objects.bulk_create(new):
        existing[provider.source_id] = provider
    counts["providers_created"] += len(new)
    for source_id, record in wanted.items():
        provider = existing[source_id]
        if provider.source != source:
            continue
        name, website = record.name or provider.name, record.website or provider.website
        if (name, website) != (provider.name, provider.website):
            provider.name, provider.website = name, website
            provider.save(update_fields=["name", "website"])
    for record in records:
        record.provider_id = existing[record.provider.source_id].pk


def unique_slugs(model: type[Course] | type[Provider], bases: list[str]) -> list[str]:
    """Unique slugs for new rows: one query for all, more only for a base that clashes."""
    bases = [base[:200].strip("-") or model._meta.model_name for base in bases]
    counts = Counter(bases)
    clashing = set(model.objects.filter(slug__in=bases).values_list("slug", flat=True))
    slugs = Slugs(model)
    return [slugs.unique(base, look_up=base in clashing or counts[base] > 1) for base in bases]


def insert(model: type[Course] | type[Offering], rows: list[dict]) -> None:
    """Insert rows (attribute name → value); the model's defaults fill in the rest.

    bulk_create; on PostgreSQL a COPY, which is several times faster for thousands of rows.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = [
        (
            field.attname,
            now
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_default(),
        )
        for field in fields
    ]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row.get(name, default) for name, default in defaults])


def update(model: type[Course] | type[Offering], names: list[str], rows: list[tuple]) -> None:
    """UPDATE rows by primary key; each row is (pk, value of each field in `names`).

    One statement run for many rows, rather than bulk_update's CASE per field and row,
    which costs far more to build than to run.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    statement = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - model names
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            statement,
            [
                [
                    *(
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(fields, values, strict=True)
                    ),
                    pk,
                ]
                for pk, *values in rows
            ],
        )


def existing_courses(source: str, source_ids: Iterable[str]) -> dict[str, tuple[int, tuple]]:
    """source id → (pk, values of COURSE_FIELDS) of the courses already imported."""
    rows = (
        Course.objects.filter(source=source, source_id__in=source_ids)
        .exclude(source_id="")
        .values_list("source_id", "pk", *COURSE_FIELDS)
    )
    return {row[0]: (row[1], row[2:]) for row in rows}


def existing_offerings(
    course_pks: Iterable[int], source: str = ""
) -> dict[int, dict[str, tuple[int, tuple]]]:
    """course pk → source id → (pk, values of OFFERING_FIELDS), of the offerings one source
    keeps: the course's own ("") or another feed's."""
    found: dict[int, dict[str, tuple[int, tuple]]] = defaultdict(dict)
    rows = Offering.objects.filter(course_id__in=course_pks, source=source).values_list(
        "course_id", "source_id", "pk", *OFFERING_FIELDS
    )
    for course_id, source_id, pk, *values in rows:
        found[course_id][source_id] = (pk, tuple(values))
    return found


def linked_courses(source: str, records: list[CourseRecord], counts: Counter) -> dict[str, int]:
    """source id → pk of the course another source brought first, for records of courses
    that another feed already publishes: linked before, or now matched on provider and
    crebo code (one course of that provider with that code, not yet linked to this source).
    """
    known = dict(
        CourseSource.objects.filter(
            source=source, source_id__in=[record.source_id for record in records]
        ).values_list("source_id", "course_id")
    )
    candidates = [r for r in records if r.source_id not in known and r.crebo_code]
    if not candidates:
        return known
    matches: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, provider_id, code in (
        Course.objects.filter(
            provider_id__in={record.provider_id for record in candidates},
            crebo_code__in={record.crebo_code for record in candidates},
        )
        .exclude(source=source)
        .exclude(other_sources__source=source)
        .values_list("pk", "provider_id", "crebo_code")
    ):
        matches[provider_id, code].append(pk)
    links = []
    for record in candidates:
        found = matches.pop((record.provider_id, record.crebo_code), [])
        if len(found) == 1:  # two courses with one code (say BOL and BBL): no guessing
            known[record.source_id] = found[0]
            links.append(
                CourseSource(course_id=found[0], source=source, source_id=record.source_id)
            )
    CourseSource.objects.bulk_create(links)
    counts["merged"] += len(links)
    return known


@dataclass
class StartChanges:
    """What one source's start moments change in the offerings of some courses: the new
    ones, the changed ones, the ones it dropped (unless a referral or trajectory needs
    them), and which courses that touches."""

    added: list[dict] = field(default_factory=list)
    modified: list[tuple] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    courses: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, courses: dict[int, CourseRecord], source: str = "") -> "StartChanges":
        """Compare each course's offerings of this source ("" the course's own) with the
        record's."""
        current_of = existing_offerings(courses, source)
        wanted_of = {
            pk: {offering.source_id: offering for offering in record.offerings}
            for pk, record in courses.items()
        }
        dropped_ids = [
            offering_pk
            for pk in courses
            for key, (offering_pk, _) in current_of[pk].items()
            if key not in wanted_of[pk]
        ]
        keep = (
            set(
                Offering.objects.filter(pk__in=dropped_ids).protected().values_list("pk", flat=True)
            )
            if dropped_ids
            else set()
        )
        changes = cls()
        for pk in courses:
            current, wanted = current_of[pk], wanted_of[pk]
            gone = [
                o_pk for key, (o_pk, _) in current.items() if key not in wanted and o_pk not in keep
            ]
            added = [
                {"course_id": pk, "source": source, **offering_values(offering)}
                for key, offering in wanted.items()
                if key not in current
            ]
            modified = [
                (current[key][0], *offering.values())
                for key, offering in wanted.items()
                if key in current and current[key][1] != offering.values()
            ]
            if gone or added or modified:
                changes.courses.add(pk)
            changes.dropped += gone
            changes.added += added
            changes.modified += modified
        return changes

    def save(self) -> None:
        insert(Offering, self.added)
        update(Offering, list(OFFERING_FIELDS), self.modified)
        Offering.objects.filter(pk__in=self.dropped).delete()


def create_courses(source: str, records: list[CourseRecord]) -> dict[str, int]:
    """Insert new courses with their offerings; returns source id → pk."""
    names = dict(
        Provider.objects.filter(pk__in={r.provider_id for r in records}).values_list("pk", "name")
    )
    slugs = unique_slugs(
        Course, [slugify(f"{record.title} {names[record.provider_id]}") for record in records]
    )
    insert(
        Course,
        [
            {"source": source, "source_id": record.source_id, "slug": slug, **course_values(record)}
            for record, slug in zip(records, slugs, strict=True)
        ],
    )
    pks = dict(
        Course.objects.filter(source=source, source_id__in=[r.source_id for r in records])
        .exclude(source_id="")
        .values_list("source_id", "pk")
    )
    insert(
        Offering,
        [
            {"course_id": pks[record.source_id], **offering_values(offering)}
            for record in records
            for offering in record.offerings
        ],
    )
    return pks


def save_courses(source: str, records: list[CourseRecord]) -> Counter:
    """Upsert these courses and their offerings on their source ids; returns the counts.

    A course another feed brought first (same provider, same crebo code) is not made
    twice: this source adds its start moments to it and leaves its fields alone.
    """
    counts: Counter = Counter()
    save_providers(source, records, counts)
    by_source_id = {record.source_id: record for record in records}
    existing = existing_courses(source, by_source_id)
    others = [record for record in records if record.source_id not in existing]
    linked = linked_courses(source, others, counts)
    counts["created"] = len(
        create_courses(source, [r for r in others if r.source_id not in linked])
    )
    own = StartChanges.of({pk: by_source_id[key] for key, (pk, _) in existing.items()})
    added = StartChanges.of({pk: by_source_id[key] for key, pk in linked.items()}, source)
    changed, touched = [], [*added.courses]
    counts["unchanged"] += len(linked) - len(added.courses)
    for source_id, (pk, values) in existing.items():
        record = by_source_id[source_id]
        if values[RULE] == SectorRule.EDITOR:  # an editor's choice of field stays
            record.sector_id, record.sector_rule = values[SECTOR], values[RULE]
        if values != record.values():
            changed.append((pk, *record.values()))
        elif pk in own.courses:
            touched.append(pk)  # only its starts changed
        else:
            counts["unchanged"] += 1
    counts["updated"] = len(changed) + len(touched)
    counts["unclassified"] = sum(
        r.sector_rule == SectorRule.UNCLASSIFIED for r in records if r.source_id not in linked
    )
    now = timezone.now()
    update(Course, [*COURSE_FIELDS, "updated_at"], [(*row, now) for row in changed])
    Course.objects.filter(pk__in=touched).update(updated_at=now)
    own.save()
    added.save()
    return counts


def course_values(record: CourseRecord) -> dict:
    return dict(zip(COURSE_FIELDS, record.values(), strict=True))


def offering_values(record: OfferingRecord) -> dict:
    return {
        "source_id": record.source_id,
        **dict(zip(OFFERING_FIELDS, record.values(), strict=True)),
    }


def save_batch(source: str, records: list[CourseRecord], report: ImportReport) -> None:
    """All records in one transaction; if that fails, each one in a savepoint of its own."""
    try:
        with transaction.atomic():
            counts = save_courses(source, records)
    except DatabaseError:
        for record in records:
            try:
                with transaction.atomic():
                    counts = save_courses(source, [record])
            except DatabaseError as error:
                report.invalid.append(
                    (record.source_id, _("Not saved: %(error)s") % {"error": one_line(str(error))})
                )
            else:
                report.add(counts)
    else:
        report.add(counts)


Importer = Callable[[Iterable[Document], Vocabulary], Iterator[Parsed]]


def run_import(
    source: str,
    importer: Importer,
    documents: Iterable[Document],
    *,
    default_sector: str | None = None,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Read, check and save every record of the source; invalid ones go into the report."""
    vocabulary = Vocabulary(default_sector)
    report = ImportReport(source=source)
    batch: dict[str, CourseRecord] = {}
    seen: set[str] = set()
    for read, parsed in enumerate(importer(documents, vocabulary), start=1):
        course = parsed.course
        if course is None:
            report.invalid.append((parsed.label, parsed.reason))
        elif course.source_id in seen:
            report.invalid.append((parsed.label, _("This course appears twice in the source.")))
        else:
            seen.add(course.source_id)
            batch[course.source_id] = course
        if read % BATCH_SIZE == 0:
            if batch:
                save_batch(source, list(batch.values()), report)
                batch = {}
            if progress:
                progress(report)
    if batch:
        save_batch(source, list(batch.values()), report)
    return report
