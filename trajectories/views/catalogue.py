from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from funding.models import Scheme
from poort import profile
from poort.htmx import render_page_or_partial
from regions.models import Municipality

from ..catalogue.forms import CatalogueForm, Facet
from ..catalogue.search import CatalogueQuery, Summary
from ..catalogue.structured_data import course_structured_data
from ..models import Course


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue; an htmx request gets only the part below the heading (the form)."""
    form = CatalogueForm(request.GET)
    query = form.catalogue_query()
    summary = query.summary()
    counts = summary.counts
    page = query.page(request.GET.get("page"), form.page_size, summary)
    facets = form.facets(counts)
    context = {
        "form": form,
        "total": counts["total"],
        "page": page,
        "facets": facets,
        "chosen_filters": chosen_filters(form, facets),
        "ways_on": None if counts["total"] else ways_on(form, query, facets, summary),
        "suggestion": suggestion(form, query, counts["total"]),
        # A page or "drop this filter" link was followed: its content is new, so focus it.
        "focus_results": bool(request.htmx and request.htmx.boosted),
        "municipality_names": Municipality.objects.values_list("name", flat=True),
    }
    page_number = {"page": str(page.number)} if page.number > 1 else {}
    return render_page_or_partial(
        request,
        "trajectories/catalogue.html",
        "catalogue_form",
        context,
        push_url=request.path + form.url(**page_number),
    )


@dataclass(frozen=True)
class WayOn:
    label: str
    url: str
    count: int


def ways_on(
    form: CatalogueForm, query: CatalogueQuery, facets: list[Facet], summary: Summary
) -> dict[str, list[WayOn]]:
    """For an empty result: drop one filter, or try a neighbouring region."""
    # A filter the search could not use (words that are all punctuation, say) has no count.
    widen = [
        WayOn(label=label, url=form.url(without=parameter), count=summary.counts_without[name])
        for parameter, name, label in form.active_filters(facets)
        if summary.counts_without.get(name)
    ]
    by_region = summary.counts["region"]
    neighbours = [
        WayOn(label=region.name, url=form.url(regio=region.slug), count=by_region[region.pk])
        for region in (query.region.neighbours() if query.region else [])
        if by_region.get(region.pk)
    ]
    return {"widen": widen, "neighbours": neighbours}


@dataclass(frozen=True)
class Chip:
    label: str
    url: str


def chosen_filters(form: CatalogueForm, facets: list[Facet]) -> list[Chip]:
    """The filters in use (not the words, which the search box shows), each with the search
    without it: the chips above the results that take a filter away."""
    return [
        Chip(label=label, url=form.url(without=parameter))
        for parameter, _name, label in form.active_filters(facets)
        if parameter != "q"
    ]


def suggestion(form: CatalogueForm, query: CatalogueQuery, total: int) -> WayOn | None:
    """ "Bedoelde je …?": a close title word or field that finds more than a small result."""
    found = query.suggestion(total)
    return found and WayOn(label=found.text, url=form.url(q=found.text), count=found.count)


# The course page names the few schemes that fit best; the funding check weighs them all.
SCHEMES_SHOWN = 3


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(
        Course.objects.published().select_related("provider", "sector"), slug=slug
    )
    home = known_municipality(request)
    offerings = list(course.offerings.upcoming().nearest_first(home.region if home else None))
    regions = list(
        {offering.municipality.region for offering in offerings if offering.municipality}
    )
    schemes = list(course.schemes_that_may_apply(regions))
    context = {
        "course": course,
        "home": home,
        "offerings": offerings,
        "schemes": schemes[:SCHEMES_SHOWN],
        "schemes_total": len(schemes),
        "municipalities": Municipality.objects.values_list("code", "name"),
        "funding": Scheme.objects.course_funding(
            profile.get(request.session), course.funding_facts(), timezone.localdate()
        ),
        "structured_data": course_structured_data(course, offerings),
    }
    return render(request, "trajectories/course_detail.html", context)


def known_municipality(request: HttpRequest) -> Municipality | None:
    """Where the person lives, if we know: ?gemeente=GM0014, else the session's profile."""
    code = request.GET.get("gemeente", "")
    if code:
        return Municipality.objects.by_code(code)
    return Municipality.objects.from_profile(profile.get(request.session))
