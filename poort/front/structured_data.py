"""A region's page as schema.org `GovernmentService`: the free advice on working and learning
in technology, for the people of the region, given by its desk (docs/frontend.md). A plain
dict; the page writes it with `{% json_ld %}` (poort/seo.py)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from poort.seo import site_url
from regions.models import Desk, Region


def region_structured_data(region: Region, desk: Desk | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": _("Advice on working and learning in technology in %(region)s")
        % {"region": region.name},
        "serviceType": _("Advice on working and learning in technology"),
        "url": site_url(region_path(region)),
        "areaServed": {"@type": "AdministrativeArea", "name": region.name},
        "isAccessibleForFree": True,
    }
    if desk is not None:
        provider: dict[str, Any] = {"@type": "Organization", "name": desk.name}
        if desk.phone:
            provider["telephone"] = desk.phone
        if desk.website:
            provider["url"] = desk.website
        if desk.address:
            provider["address"] = " ".join(desk.address.split())
        data["provider"] = provider
    return data


def region_path(region: Region) -> str:
    return reverse("region", args=[region.slug])
