"""A labour market region's public page: its desk and the way into the intake, the courses
that start there soon, the schemes open to its people and its initiatives. In the front door
because it shows the catalogue and the schemes, which the regions app may not use."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from funding.models import Scheme
from regions.models import Desk, Region
from trajectories.models import Course

from ..structured_data import region_structured_data

UPCOMING_SHOWN = 5


@require_safe
def region(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.with_public_facts(), slug=slug)
    today = timezone.localdate()
    desk = next(iter(region.active_desks), None)
    upcoming = Course.objects.starting_first_in(region, today)
    context = {
        "region": region,
        "desk": desk,
        # Without a desk of its own, the region's referrals go to the national desk.
        "national_desk": None if desk else Desk.objects.filter(is_active=True, region=None).first(),
        "upcoming": upcoming[:UPCOMING_SHOWN],
        # The number the catalogue shows for the region (its region filter: offered there).
        "courses_in_region": upcoming.count(),
        "schemes": Scheme.objects.for_people().open_on(today).available_in(region).order_by("name"),
    }
    context["structured_data"] = region_structured_data(region, desk or context["national_desk"])
    return render(request, "regions/region_detail.html", context)
