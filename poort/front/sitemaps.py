"""The sitemap (django.contrib.sitemaps): every public page in Dutch and English, each with
its hreflang alternates. /sitemap.xml is an index; a section over Sitemap.limit addresses is
split into pages (?p=2), and a page loads only its own rows (docs/frontend.md)."""

import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import NoReverseMatch, reverse

from funding.models import Scheme
from regions.models import Initiative, Region
from trajectories.models.catalogue import Course

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class InEveryLanguage(Sequence):
    """The (object, language) pairs of a query, in its order, fetched a slice at a time: the
    paginator counts them with COUNT and a page asks the database for its own rows only."""

    def __init__(self, objects: QuerySet | list, languages: list[str]) -> None:
        self.objects, self.languages = objects, languages

    def __len__(self) -> int:
        count = self.objects.count() if isinstance(self.objects, QuerySet) else len(self.objects)
        return count * len(self.languages)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        each = len(self.languages)
        objects = self.objects[start // each : math.ceil(stop / each)]
        pairs = [(item, language) for item in objects for language in self.languages]
        first = start - (start // each) * each
        return pairs[first : first + stop - start]


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, in both languages, with hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True

    def _items(self) -> InEveryLanguage:
        return InEveryLanguage(self.items(), self._languages())

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: object = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    """The pages that are not one object: home, the lists, the statements. Not /orienteren/:
    it sends each visitor on to a step of their own, which is noindex."""

    changefreq = "weekly"
    url_names = [
        "home",
        "catalogue",
        "funding:schemes",
        "funding_check",
        "regions:list",
        "accessibility",
        "accessibility_testing",
        "privacy",
        "contact",
    ]

    def items(self) -> list[str]:
        return [name for name in self.url_names if resolves(name)]

    def location(self, item: str) -> str:
        return reverse(item)


class CourseSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet:
        return Course.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, course: Course):
        return course.updated_at

    def get_latest_lastmod(self):
        return Course.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SchemeSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Scheme.objects.only("slug").order_by("pk")

    def location(self, scheme: Scheme) -> str:
        return reverse("funding:scheme", args=[scheme.slug])


class RegionSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Region.objects.only("slug").order_by("pk")

    def location(self, region: Region) -> str:
        return reverse("region", args=[region.slug])


class InitiativeSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet:
        return Initiative.objects.filter(is_active=True).only("slug").order_by("pk")

    def location(self, initiative: Initiative) -> str:
        return reverse("regions:initiative", args=[initiative.slug])


def resolves(url_name: str) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


SITEMAPS = {
    "pages": PageSitemap,
    "opleidingen": CourseSitemap,
    "regelingen": SchemeSitemap,
    "regios": RegionSitemap,
    "initiatieven": InitiativeSitemap,
}
