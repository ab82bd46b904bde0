"""Course imports from EDU-DEX and OOAPI v5: `import_courses(format, location)`.

See docs/imports.md.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from regions.models import Sector
from trajectories.models.catalogue import CourseFeed, ImportRun

from . import edudex, ooapi, ooapi_client
from .common import Document, Importer, ImportReport, ImportSourceError, read_documents, run_import


@dataclass(frozen=True)
class Format:
    """A feed format: the source its courses are kept under, how it is read and parsed."""

    source: str
    parse: Importer
    read: Callable[[str], Iterator[Document]] = read_documents


FORMATS = {
    "edudex": Format(edudex.SOURCE, edudex.parse),
    "ooapi": Format(ooapi.SOURCE, ooapi.parse),
    # the same objects as "ooapi", so a course keeps its id whichever way it came
    "ooapi-endpoint": Format(ooapi.SOURCE, ooapi.parse, ooapi_client.read_endpoint),
}

__all__ = [
    "FORMATS",
    "ImportReport",
    "ImportSourceError",
    "feed_from_setting",
    "import_and_record",
    "import_courses",
    "sync_feed",
]


def import_courses(
    format: str,
    location: str,
    *,
    default_sector: str | None = None,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Upsert the providers, courses and offerings in a file, directory or http(s) URL.

    Raises ImportSourceError when the source cannot be read at all; records that cannot be
    imported are listed in the report with their reason, and the rest is imported.
    """
    feed_format = FORMATS[format]
    return run_import(
        feed_format.source,
        feed_format.parse,
        feed_format.read(location),
        default_sector=default_sector,
        progress=progress,
    )


def feed_from_setting(entry: Any) -> CourseFeed:
    """The CourseFeed of one entry of settings.COURSE_FEEDS ({"format": …, "url": …,
    "default_sector": …}), made when it is not there yet; from then on it is edited in
    /beheer/ and the entry only makes sure it exists."""
    if (
        not isinstance(entry, dict)
        or entry.get("format") not in FORMATS
        or not isinstance(entry.get("url"), str)
        or not entry["url"]
    ):
        raise ImportSourceError(
            _("A course feed needs a format (%(formats)s) and a url, not %(feed)r.")
            % {"formats": ", ".join(sorted(FORMATS)), "feed": entry}
        )
    default_sector = None
    if entry.get("default_sector"):
        default_sector = Sector.objects.filter(slug=entry["default_sector"]).first()
        if default_sector is None:
            raise ImportSourceError(
                _("There is no field (sector) called %(sector)s.")
                % {"sector": entry["default_sector"]}
            )
    feed, _created = CourseFeed.objects.get_or_create(
        format=entry["format"],
        location=entry["url"][:500],
        defaults={"name": entry["url"][:200], "default_sector": default_sector},
    )
    return feed


def import_and_record(
    format: str,
    location: str,
    *,
    feed: CourseFeed | None = None,
    default_sector: str | None = None,
    progress: Callable[[ImportReport], None] | None = None,
) -> tuple[ImportRun, ImportReport | None]:
    """Import a source and write what happened as an ImportRun (also when it fails)."""
    run = ImportRun.objects.create(feed=feed, format=format, location=location[:500])
    try:
        report = import_courses(format, location, default_sector=default_sector, progress=progress)
    except ImportSourceError as error:
        run.fail(str(error))
        return run, None
    except Exception as error:  # one broken feed never stops the others; the run says why
        run.fail(f"{type(error).__name__}: {error}")
        raise
    run.record(report)
    return run, report


def sync_feed(feed: CourseFeed) -> tuple[ImportRun, ImportReport | None]:
    """Import one CourseFeed now, with its default field."""
    default = feed.default_sector.slug if feed.default_sector_id else None
    return import_and_record(feed.format, feed.location, feed=feed, default_sector=default)
