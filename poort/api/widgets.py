"""Widgets for regional sites (docs/api.md, "Widgets"): a region's courses and its desk with
the way into the intake, as server-rendered HTML fragments that a site includes or links, and
one small script that turns `<gouden-poort-opleidingen>` and `<gouden-poort-loket>` into them.

Always Dutch, no cookies (nothing reads or writes the session), cached like every public
answer of /api/v1/ (api_edge), and never in a frame: their own CSP says frame-ancestors 'none'.
"""

import json
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from regions.models import Desk, Region, Sector
from trajectories.models.catalogue import Course

from .forms import WidgetQuery
from .public import bad_request

# The fragments load nothing themselves; the host's page (or the script's shadow root) styles them.
FRAGMENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def _fragment(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    with translation.override("nl"):
        response = render(request, template, {"site": settings.SITE_URL, **context})
    response["Content-Security-Policy"] = FRAGMENT_POLICY
    response["Content-Language"] = "nl"
    return response


@require_safe
def courses(request: HttpRequest) -> HttpResponse:
    """The region's courses that start there first (as its region page shows them), optionally
    of one field, as cards that link to the course pages here."""
    query = WidgetQuery(request.GET)
    if not query.is_valid():
        return bad_request(query)
    region, sector = query.cleaned_data["regio"], query.cleaned_data["vakgebied"]
    today = timezone.localdate()
    starting = Course.objects.starting_first_in(region, today)
    if sector:
        starting = starting.filter(sector=sector)
    filters = {"regio": region.slug} | ({"vakgebied": sector.slug} if sector else {})
    return _fragment(
        request,
        "api/widgets/courses.html",
        {
            "region": region,
            "sector": sector,
            "courses": starting[: query.cleaned_data["aantal"]],
            "total": starting.count(),
            "all_url": f"{settings.SITE_URL}/opleidingen/?{urlencode(filters)}",
            "level": query.cleaned_data["kop"],
            "card_level": query.cleaned_data["kop"] + 1,
        },
    )


@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    """The region's desk (else the national desk), its promise and the way into the intake."""
    query = WidgetQuery(request.GET)
    if not query.is_valid():
        return bad_request(query)
    region = query.cleaned_data["regio"]
    own = Desk.objects.filter(region=region, is_active=True).first()
    national = None if own else Desk.objects.filter(region=None, is_active=True).first()
    return _fragment(
        request,
        "api/widgets/desk.html",
        {"region": region, "desk": own or national, "level": query.cleaned_data["kop"]},
    )


def snippet(region: Region, sector: Sector | None = None, count: int = 5) -> str:
    """The HTML a regional site pastes: the script and both widgets, each with the link that
    shows without JavaScript (docs/api.md, "Widgets")."""
    filters = {"regio": region.slug} | ({"vakgebied": sector.slug} if sector else {})
    with translation.override("nl"):
        return render_to_string(
            "api/widgets/snippet.html",
            {
                "site": settings.SITE_URL,
                "region": region,
                "sector": sector,
                "count": count,
                "all_url": f"{settings.SITE_URL}/opleidingen/?{urlencode(filters)}",
            },
        ).strip()


@cache
def _script() -> str:
    css = json.dumps(render_to_string("api/widgets/widget.css"))  # as a JavaScript string
    return render_to_string("api/widgets/widget.js").replace('"{WIDGET_CSS}"', css)


@require_safe
def script(request: HttpRequest) -> HttpResponse:
    """The one script a site loads: no eval, no inline styles (a constructed style sheet), its
    HTML through a Trusted Types policy where the page asks for one."""
    return HttpResponse(_script(), content_type="text/javascript; charset=utf-8")


@require_safe
def stylesheet(request: HttpRequest) -> HttpResponse:
    """The same styles for a site that includes the fragments on its server."""
    return HttpResponse(
        render_to_string("api/widgets/widget.css"), content_type="text/css; charset=utf-8"
    )
