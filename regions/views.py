from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Desk, Initiative, Region


def _active_desks() -> Prefetch:
    return Prefetch("desks", queryset=Desk.objects.filter(is_active=True), to_attr="active_desks")


def _active_initiatives() -> Prefetch:
    return Prefetch(
        "initiatives",
        queryset=Initiative.objects.filter(is_active=True),
        to_attr="active_initiatives",
    )


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.prefetch_related(
        _active_desks(), _active_initiatives(), "municipalities"
    )
    return render(request, "regions/region_list.html", {"regions": regions})


@require_safe
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    regions = Region.objects.prefetch_related(
        _active_desks(), _active_initiatives(), "municipalities"
    )
    region = get_object_or_404(regions, slug=slug)
    desk = next(iter(region.active_desks), None)
    # Without a desk of its own, the region's referrals go to the national desk.
    national_desk = (
        None if desk else Desk.objects.filter(is_active=True, region__isnull=True).first()
    )
    context = {"region": region, "desk": desk, "national_desk": national_desk}
    return render(request, "regions/region_detail.html", context)


@require_safe
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiatives = Initiative.objects.filter(is_active=True).prefetch_related("regions", "sectors")
    initiative = get_object_or_404(initiatives, slug=slug)
    return render(request, "regions/initiative_detail.html", {"initiative": initiative})
