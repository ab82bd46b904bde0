"""Access to the casework for staff: one helper per kind of object, each returning what the
person may see or raising 404, without a hint that anything else exists."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from regions.access import coordinated_regions, regions_for
from regions.models import Region

from .models import Referral


def referral_for_user(request: HttpRequest, pk: int) -> Referral:
    """The referral when it lies in one of the person's regions (advisers and coordinators of
    the region, editors everywhere); 404 otherwise, without a hint that it exists."""
    referral = (
        Referral.objects.in_regions(regions_for(request.user))
        .select_related("candidate__municipality", "desk", "region", "assigned_to", "course")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def overseen_regions(request: HttpRequest) -> QuerySet[Region]:
    """The regions whose audit log and export the person sees: where they coordinate (editors:
    all), by code; 404 for a person who coordinates nowhere, such as an adviser."""
    return coordinated_regions(request).order_by("code")


def exported_regions(request: HttpRequest, code: str = "") -> QuerySet[Region]:
    """The regions of one export: the one of `code` (?regio=AMxx) when the person oversees it,
    else all they oversee; 404 for a code outside their reach."""
    regions = overseen_regions(request)
    if not code:
        return regions
    regions = regions.filter(code=code)
    if not regions.exists():
        raise Http404
    return regions


def insights_region(request: HttpRequest, slug: str = "") -> Region:
    """The region of the insights page: the one of `slug` (?regio=) among the person's
    regions, else the first of them; 404 for any other region or a person without one."""
    regions = regions_for(request.user).order_by("code")
    region = regions.filter(slug=slug).first() if slug else regions.first()
    if region is None:
        raise Http404
    return region
