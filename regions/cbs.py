"""Municipalities and their labour market region, refreshed from CBS "Gebieden in Nederland".

Two layouts are read, told apart by their header:

- the CSV export of the CBS table (86247NED for 2026): semicolons, a UTF-8 byte order
  mark, columns such as "Codes en namen van gemeenten/Code (code)" and
  "Lokaliseringen van gemeenten/Arbeidsmarktregio's/Code (code)", values padded with
  spaces; flat names such as "Gemeentecode" and "Arbeidsmarktregio's code" work too;
- the project's own regions/data/gemeenten-2026.csv: gemeente,code,arbeidsmarktregio,provincie.

See docs/regions.md for the yearly refresh.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Municipality, Region

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
REGION_CODE = re.compile(r"AM[0-9]{2}")
HEADER_SEARCH_ROWS = 10
DELIMITERS = (";", ",", "\t")

# Header names, normalised by header_key(), in order of preference for each column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("codesennamenvangemeenten/code", "gemeentecode", "code"),
    "name": ("codesennamenvangemeenten/naam", "gemeentenaam", "gemeente", "regios"),
    "region_code": (
        "arbeidsmarktregios/code",
        "arbeidsmarktregioscode",
        "arbeidsmarktregiocode",
        "arbeidsmarktregio",
    ),
    "region_name": ("arbeidsmarktregios/naam", "arbeidsmarktregiosnaam", "arbeidsmarktregionaam"),
    "province": ("provincies/naam", "provincienaam", "provincie"),
}
REQUIRED = ("code", "name", "region_code")


class FactsFileError(Exception):
    """A file that cannot be used; its message says why in one line."""


@dataclass(frozen=True)
class MunicipalityFact:
    code: str
    name: str
    region_code: str
    region_name: str  # "" when the file does not name the region
    province: str | None  # None when the file has no province column


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


KINDS = (
    "region_added",
    "region_renamed",
    "added",
    "renamed",
    "moved",
    "province",
    "removed",
    "kept",
    "region_empty",
)


@dataclass
class ImportReport:
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False

    def add(self, kind: str, code: str, message: str) -> None:
        self.changes.append(Change(kind, code, message))

    def ordered(self) -> list[Change]:
        return sorted(self.changes, key=lambda change: (KINDS.index(change.kind), change.code))

    def summary(self) -> str:
        counts = Counter(change.kind for change in self.changes)
        parts = [
            _("%(count)d added") % {"count": counts["added"]},
            _("%(count)d renamed") % {"count": counts["renamed"]},
            _("%(count)d moved") % {"count": counts["moved"]},
            _("%(count)d removed") % {"count": counts["removed"]},
            _("%(count)d kept") % {"count": counts["kept"]},
        ]
        summary = _("Summary: %(parts)s.") % {"parts": ", ".join(parts)}
        if counts["region_added"]:
            summary += " " + _("New regions: %(count)d.") % {"count": counts["region_added"]}
        if not self.changes:
            summary = _("No changes: the municipalities are up to date.")
        if self.dry_run:
            summary += " " + _("Dry run: nothing was saved.")
        return summary


def header_key(header: str) -> str:
    """The last two parts of a header, lower case, letters and digits only.

    "Lokaliseringen van gemeenten/Arbeidsmarktregio's/Code (code)" → "arbeidsmarktregios/code"
    """
    header = re.sub(r"\([^)]*\)\s*$", "", header.strip().lstrip("\ufeff"))
    parts = [re.sub(r"[^a-z0-9]", "", part.lower()) for part in header.split("/")]
    return "/".join(parts[-2:])


def find_columns(row: list[str]) -> dict[str, int] | None:
    keys = [header_key(cell) for cell in row]
    columns = {}
    for column, names in COLUMNS.items():
        found = next((keys.index(name) for name in names if name in keys), None)
        if found is not None:
            columns[column] = found
    return columns if all(column in columns for column in REQUIRED) else None


def decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FactsFileError(
            _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}
        ) from None
    if b"\0" in data:
        raise FactsFileError(_("%(file)s is not a CSV file.") % {"file": path})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older StatLine exports


def locate_header(text: str, path: Path) -> tuple[list[list[str]], int, dict[str, int]]:
    """The rows, the index of the header row and the column of each field."""
    for delimiter in DELIMITERS:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            columns = find_columns(row)
            if columns:
                return rows, index, columns
    raise FactsFileError(
        _(
            "%(file)s has no header with a municipality code, a municipality name and a "
            "labour market region code (see docs/regions.md for the layouts)."
        )
        % {"file": path}
    )


def cell(row: list[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return row[index].strip() if index is not None and index < len(row) else ""


def fact_from_row(row: list[str], columns: dict[str, int], line: int) -> MunicipalityFact:
    code = cell(row, columns, "code").upper()
    if code.isdigit() and len(code) <= 4:
        code = f"GM{int(code):04d}"
    fact = MunicipalityFact(
        code=code,
        name=cell(row, columns, "name"),
        region_code=cell(row, columns, "region_code").upper(),
        region_name=cell(row, columns, "region_name"),
        province=cell(row, columns, "province") if "province" in columns else None,
    )
    problem = None
    if not MUNICIPALITY_CODE.fullmatch(fact.code):
        problem = _("%(value)r is not a municipality code like GM0014") % {"value": fact.code}
    elif not REGION_CODE.fullmatch(fact.region_code):
        problem = _("%(value)r is not a region code like AM01") % {"value": fact.region_code}
    elif not fact.name or len(fact.name) > 100:
        problem = _("the municipality name is empty or longer than 100 characters")
    elif len(fact.region_name) > 100 or len(fact.province or "") > 50:
        problem = _("the region or province name is too long")
    if problem:
        raise FactsFileError(_("Line %(line)d: %(problem)s.") % {"line": line, "problem": problem})
    return fact


def read_municipality_facts(path: Path) -> list[MunicipalityFact]:
    """Every municipality in the file; raises FactsFileError for a file that cannot be used."""
    rows, header_index, columns = locate_header(decode(path), path)
    facts: dict[str, MunicipalityFact] = {}
    for line, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        # Notes such as "Bron: CBS" under the table have neither code.
        if not cell(row, columns, "code") and not cell(row, columns, "region_code"):
            continue
        fact = fact_from_row(row, columns, line)
        if fact.code in facts:
            raise FactsFileError(
                _("Line %(line)d: %(code)s appears twice.") % {"line": line, "code": fact.code}
            )
        facts[fact.code] = fact
    if not facts:
        raise FactsFileError(_("%(file)s has a header but no municipalities.") % {"file": path})
    return list(facts.values())


def unique_region_slug(name: str, code: str) -> str:
    slug = slugify(name.replace("/", " ")) or code.lower()
    return slug if not Region.objects.filter(slug=slug).exists() else f"{slug}-{code.lower()}"


def refresh_regions(facts: list[MunicipalityFact], report: ImportReport) -> dict[str, Region]:
    regions = {region.code: region for region in Region.objects.all()}
    names = {fact.region_code: fact.region_name for fact in facts if fact.region_name}
    for code in sorted({fact.region_code for fact in facts}):
        name = names.get(code, "")
        region = regions.get(code)
        if region is None:
            region = Region.objects.create(
                code=code, name=name or code, slug=unique_region_slug(name or code, code)
            )
            regions[code] = region
            report.add(
                "region_added", code, _("new region: %(region)s") % {"region": label(region)}
            )
        elif name and name != region.name:
            report.add(
                "region_renamed",
                code,
                _("region renamed: %(code)s %(old)s → %(new)s")
                % {"code": code, "old": region.name, "new": name},
            )
            region.name = name
            region.save(update_fields=["name"])
    return regions


def label(region: Region) -> str:
    return f"{region.code} {region.name}"


def refresh_municipality(
    municipality: Municipality, fact: MunicipalityFact, region: Region, report: ImportReport
) -> None:
    old = (municipality.name, municipality.region, municipality.province)
    province = municipality.province if fact.province is None else fact.province
    names = {"code": fact.code, "name": fact.name}
    if fact.name != municipality.name:
        report.add(
            "renamed",
            fact.code,
            _("renamed: %(code)s %(old)s → %(new)s")
            % {"code": fact.code, "old": municipality.name, "new": fact.name},
        )
    if region != municipality.region:
        report.add(
            "moved",
            fact.code,
            _("moved: %(code)s %(name)s, region %(old)s → %(new)s")
            % {**names, "old": label(municipality.region), "new": label(region)},
        )
    if province != municipality.province:
        report.add(
            "province",
            fact.code,
            _("province: %(code)s %(name)s, %(old)s → %(new)s")
            % {**names, "old": municipality.province or "—", "new": province},
        )
    if (fact.name, region, province) != old:
        municipality.name, municipality.region, municipality.province = fact.name, region, province
        municipality.save()


def add_municipality(fact: MunicipalityFact, region: Region, report: ImportReport) -> None:
    Municipality.objects.create(
        code=fact.code, name=fact.name, province=fact.province or "", region=region
    )
    report.add(
        "added",
        fact.code,
        _("added: %(code)s %(name)s, region %(region)s")
        % {"code": fact.code, "name": fact.name, "region": label(region)},
    )


def remove_municipality(municipality: Municipality, report: ImportReport) -> None:
    code, name = municipality.code, municipality.name
    try:
        with transaction.atomic():
            municipality.delete()
    except (ProtectedError, RestrictedError) as error:
        users = error.args[1]
        uses = Counter(str(user._meta.verbose_name_plural) for user in users)
        report.add(
            "kept",
            code,
            _("kept: %(code)s %(name)s is not in the file but is still in use (%(uses)s)")
            % {
                "code": code,
                "name": name,
                "uses": ", ".join(f"{k}: {n}" for k, n in sorted(uses.items())),
            },
        )
    else:
        report.add(
            "removed",
            code,
            _("removed: %(code)s %(name)s (not in the file)") % {"code": code, "name": name},
        )


def refresh_municipalities(facts: list[MunicipalityFact], *, dry_run: bool = False) -> ImportReport:
    """Bring municipalities and regions in line with the facts, in one transaction.

    A municipality that is gone from the facts is deleted, unless something still refers
    to it; then it is kept and reported. A dry run reports the same and saves nothing.
    """
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        existing = {m.code: m for m in Municipality.objects.select_related("region")}
        missing = existing.keys() - {fact.code for fact in facts}
        had_municipalities = {m.region_id for m in existing.values()}
        if len(missing) * 2 > len(existing):
            raise FactsFileError(
                _(
                    "The file lacks %(missing)d of the %(total)d municipalities; it looks "
                    "incomplete, so nothing was changed."
                )
                % {"missing": len(missing), "total": len(existing)}
            )
        regions = refresh_regions(facts, report)
        for fact in facts:
            if fact.code in existing:
                refresh_municipality(existing[fact.code], fact, regions[fact.region_code], report)
            else:
                add_municipality(fact, regions[fact.region_code], report)
        for code in sorted(missing):
            remove_municipality(existing[code], report)
        emptied = Region.objects.filter(pk__in=had_municipalities, municipalities__isnull=True)
        for region in emptied.order_by("code"):
            report.add(
                "region_empty",
                region.code,
                _("region without municipalities: %(region)s") % {"region": label(region)},
            )
        if dry_run:
            transaction.set_rollback(True)
    report.changes = report.ordered()
    return report


def import_municipalities(path: Path, *, dry_run: bool = False) -> ImportReport:
    return refresh_municipalities(read_municipality_facts(path), dry_run=dry_run)
