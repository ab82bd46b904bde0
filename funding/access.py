"""Access to the schemes coordinators keep up to date: one helper per kind of object, each
returning what the person may change or raising 404."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from regions.access import coordinated_regions
from regions.models import Region

from .models import Scheme


def schemes_for_coordinator(request: HttpRequest) -> QuerySet[Scheme]:
    """Regional schemes whose regions are all coordinated by the person (editors: all); 404 for
    a person who coordinates nowhere."""
    regions = coordinated_regions(request)
    return (
        Scheme.objects.filter(level=Scheme.Level.REGIONAL, regions__in=regions)
        .exclude(regions__in=Region.objects.exclude(pk__in=regions.values("pk")))
        .distinct()
    )


def scheme_for_coordinator(request: HttpRequest, slug: str) -> Scheme:
    """One of those schemes by its slug; 404 for any other."""
    return get_object_or_404(schemes_for_coordinator(request), slug=slug)
