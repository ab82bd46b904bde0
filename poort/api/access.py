"""Who may manage which partner keys and webhook endpoints: the coordinators of the region,
and editors."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from poort.models import Notification
from regions.access import region_for_coordinator
from regions.models import Desk, Region

from .models import PartnerKey, WebhookEndpoint


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


def endpoint_for_coordinator(request: HttpRequest, slug: str, pk: int) -> WebhookEndpoint:
    """An active endpoint of the person's region; 404 for any other, without a hint."""
    region = region_for_coordinator(request, slug)
    return get_object_or_404(WebhookEndpoint.objects.active(), pk=pk, region=region)


def delivery_for_coordinator(
    request: HttpRequest, slug: str, endpoint_pk: int, pk: int
) -> tuple[WebhookEndpoint, Notification]:
    """A delivery to an active endpoint of the person's region; 404 for any other."""
    endpoint = endpoint_for_coordinator(request, slug, endpoint_pk)
    return endpoint, get_object_or_404(endpoint.deliveries(), pk=pk)
