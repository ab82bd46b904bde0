"""The language switch: Django's set_language, which a page of this site may post to without a
CSRF token, so the home page needs no cookie to offer it (docs/load.md).

A browser tells where a form was sent from, in Sec-Fetch-Site and Origin, and no other site can
make it say "this site". A switch that says so is taken as it comes; any other request needs a
valid CSRF token, as every form does. Part of the base layer of `poort`: it imports no app.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.i18n import set_language as django_set_language

set_language_with_token = csrf_protect(django_set_language)


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    if sent_from_this_site(request):
        return django_set_language(request)
    return set_language_with_token(request)


def sent_from_this_site(request: HttpRequest) -> bool:
    """Whether the browser says the request comes from a page of this site: Fetch metadata
    where it sends them (every current browser), else the Origin header."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"
