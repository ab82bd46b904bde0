"""Course imports from EDU-DEX and OOAPI v5: `import_courses(format, location)`.

See docs/imports.md.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from . import edudex, ooapi
from .common import ImportReport, ImportSourceError, run_import

FORMATS = {"edudex": edudex, "ooapi": ooapi}

__all__ = ["FORMATS", "ImportReport", "ImportSourceError", "import_courses", "import_feed"]


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
    module = FORMATS[format]
    return run_import(
        module.SOURCE,
        module.parse,
        location,
        default_sector=default_sector,
        progress=progress,
    )


def import_feed(feed: Any) -> ImportReport:
    """One entry of settings.COURSE_FEEDS: {"format": …, "url": …, "default_sector": …}."""
    if not isinstance(feed, dict) or feed.get("format") not in FORMATS or not feed.get("url"):
        raise ImportSourceError(
            _("A course feed needs a format (%(formats)s) and a url, not %(feed)r.")
            % {"formats": ", ".join(sorted(FORMATS)), "feed": feed}
        )
    return import_courses(feed["format"], feed["url"], default_sector=feed.get("default_sector"))
