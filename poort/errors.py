"""The site's own error pages: 400 for unreadable requests, 500, and 503 while the database is
down (docs/resilience.md).

They render without the request's context, so they never touch the database or the session:
that is what lets them answer while PostgreSQL is away. Part of the base layer of `poort`.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

# How long a browser or a client is asked to wait before it tries again while the database is
# down: a restart or fail-over of PostgreSQL takes about this long.
RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (OperationalError, InterfaceError)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400, and the answer to bad bytes in an address or a header (poort.middleware)."""
    return _page("400.html", {}, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form came back without a valid security token; say so in Dutch,
    and how to go on (the whole page: the database is up)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the database cannot be reached, else the 500 page.

    Django calls it while the exception is being handled, wherever it was raised: in a view,
    in loading the session, or in saving it.
    """
    if isinstance(sys.exception(), DATABASE_DOWN):
        return database_unavailable(request)
    return _page("500.html", {}, status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After. A form that was being sent comes back as hidden fields with a
    "Send again" button, so nothing the person typed is lost (passwords excepted)."""
    context = {"fields": None}
    if request.method == "POST":
        context = {"fields": resendable_fields(request), "action": request.get_full_path()}
    response = _page("503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def resendable_fields(request: HttpRequest) -> list[tuple[str, str]]:
    try:
        posted = list(request.POST.lists())
    except (MultiPartParserError, UnreadablePostError):
        return []
    return [
        (name, value)
        for name, values in posted
        if "password" not in name.lower()
        for value in values
    ]


def _page(template_name: str, context: dict, *, status: int) -> HttpResponse:
    response = HttpResponse(loader.render_to_string(template_name, context), status=status)
    add_never_cache_headers(response)
    return response
