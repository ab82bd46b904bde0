"""What every answer of /api/v1/ has in common (NLGov API Design Rules, docs/api.md): the
API-Version header, CORS for reading, rate limits, problem+json for every error,
ETag / Last-Modified with 304 Not Modified for GET, the language from Accept-Language, and no
cookie in or out. One decorator round each URL pattern."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django_ratelimit.core import is_ratelimited

API_VERSION = "1.0.0"
KEY_HEADER = "X-Api-Key"
EXPOSED_HEADERS = "API-Version, ETag, Last-Modified, Link, Retry-After"
PROBLEM_TYPE = "https://www.rfc-editor.org/rfc/rfc9110#name-"
# The section of RFC 9110 that defines each status, as the problem's type.
STATUS_SECTIONS = {
    400: "400-bad-request",
    401: "401-unauthorized",
    403: "403-forbidden",
    404: "404-not-found",
    405: "405-method-not-allowed",
    409: "409-conflict",
    429: "429-too-many-requests",
}


def problem(status: int, title: str, detail: str = "", **extra) -> HttpResponse:
    """An error as RFC 9457 Problem Details (application/problem+json)."""
    body = {
        "type": PROBLEM_TYPE + STATUS_SECTIONS.get(status, "status-codes"),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body |= extra
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json",
    )


def _key_of(group: str, request: HttpRequest) -> str:
    """The partner key's digest as the key of its rate limit (never the secret itself)."""
    return hashlib.sha256(request.headers.get(KEY_HEADER, "").encode()).hexdigest()


def _over_the_limit(request: HttpRequest) -> bool:
    if request.headers.get(KEY_HEADER):
        group, key, rate = "api-key", _key_of, settings.API_KEY_RATE_LIMIT
    else:
        group, key, rate = "api", "ip", settings.API_RATE_LIMIT
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """A strong ETag of the body; 304 when the client has it (If-None-Match) or has it since
    Last-Modified (If-Modified-Since), which a view sets where it knows the time."""
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )


def asked_language(request: HttpRequest) -> str:
    """The first language of Accept-Language that the site speaks, else Dutch. Not the site's
    language cookie: an answer of the API depends on no cookie (docs/api.md, "Caching")."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _without_the_session(request: HttpRequest) -> None:
    """The middleware reads the session to know who is signed in (and may note the time), so
    SessionMiddleware would add Vary: Cookie and perhaps Set-Cookie. No answer here depends on
    it (a partner key in a header says who asks), and a public, cacheable answer must never
    carry a session cookie: the session is left as it came (a signed-in adviser's idle time is
    noted on their next page of the site)."""
    session = getattr(request, "session", None)
    if session is not None:
        session.accessed = session.modified = False


def api_edge(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        language = asked_language(request)
        with translation.override(language):
            response = _answer(view, request, *args, **kwargs)
        response.setdefault("Content-Language", language)
        _without_the_session(request)
        return response

    return wrapper


def _answer(view, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Max-Age"] = "86400"
    elif _over_the_limit(request):
        response = problem(429, _("Too many requests"), _("Wait a minute and try again."))
        response["Retry-After"] = "60"
    else:
        response = view(request, *args, **kwargs)
    if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
        allowed = response["Allow"]
        response = problem(405, _("This method is not allowed here"), allow=allowed)
        response["Allow"] = allowed
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response = _conditional(request, response)
    response["API-Version"] = API_VERSION
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.headers.get(KEY_HEADER) or response.status_code not in (200, 304):
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    patch_vary_headers(response, ["Accept-Language", KEY_HEADER])
    return response
