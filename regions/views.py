from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Initiative, Region


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.with_public_facts()
    return render(request, "regions/region_list.html", {"regions": regions})


@require_safe
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiatives = Initiative.objects.filter(is_active=True).prefetch_related("regions", "sectors")
    initiative = get_object_or_404(initiatives, slug=slug)
    return render(request, "regions/initiative_detail.html", {"initiative": initiative})
