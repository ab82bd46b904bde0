"""Who may manage which partner keys: the coordinators of the desk's region, and editors."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from regions.access import region_for_coordinator
from regions.models import Desk, Region

from .models import PartnerKey


def desk_for_keys(request: HttpRequest, slug: str) -> tuple[Region, Desk | None]:
    """The region when the person coordinates it (editors: every region), with its active
    desk (None when it has none); 404 for any other region."""
    region = region_for_coordinator(request, slug)
    return region, Desk.objects.filter(region=region, is_active=True).first()


def key_for_coordinator(request: HttpRequest, slug: str, pk: int) -> PartnerKey:
    """A key of a desk of the person's region; 404 for any other, without a hint."""
    region = region_for_coordinator(request, slug)
    key = get_object_or_404(PartnerKey, pk=pk, desk__region=region)
    if key.revoked_at is not None:
        raise Http404
    return key
