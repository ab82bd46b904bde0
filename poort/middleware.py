"""The site's middleware: bad bytes refused, private pages never cached, limits on how long a
signed-in session lasts (docs/signin.md), Dutch first, and the CSP header built once.

Part of the base layer of `poort`: it imports no app.
"""

import functools
import re
import time
from collections.abc import Callable
from urllib.parse import unquote

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from poort.errors import bad_request

# C0 control characters and DEL never belong in an address or a query; a header value may
# hold a tab (RFC 9110), nothing else of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
HEADER_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Pages under these paths show or download personal data (docs/resilience.md).
PRIVATE_PATHS = ("/dashboard/", "/aanvraag/", "/hoe-gaat-het/", "/accounts/", "/beheer/")
# Answers under these paths take their language from Accept-Language only, never a cookie, so
# they do not vary on one (the API's edge, docs/api.md "Caching and conditional requests").
COOKIELESS_PATHS = ("/api/",)

SESSION_KEY = "signed_in_session"
# The last-seen time is written at most this often, so a session is not saved on every request.
TOUCH_EVERY = 60


class RefuseControlCharactersMiddleware:
    """Answer 400 when the path, the query string or a header (cookies too) holds a control
    character, before any view or database sees it. Form fields are left to the forms: Django's
    CharField refuses NUL with an error next to the field."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request):
            return bad_request(request)
        return self.get_response(request)


def has_control_characters(request: HttpRequest) -> bool:
    query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
    if CONTROL_CHARACTERS.search(request.path_info) or CONTROL_CHARACTERS.search(query):
        return True
    return any(
        HEADER_CONTROL_CHARACTERS.search(value)
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )


class PrivatePagesMiddleware:
    """Pages and downloads with personal data say Cache-Control: no-store, so no browser
    history, shared computer or proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PATHS):
            add_never_cache_headers(response)
        return response


class SignedInSessionLimitsMiddleware:
    """Sign a person out after STAFF_IDLE_TIMEOUT without a request or STAFF_SESSION_MAX_AGE
    after sign-in, and send them to the sign-in page with a message.

    The times live in the session. Anonymous visitors are left alone: their intake answers
    stay in their session as long as Django keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self.check(request, now=time.time())
            if expired:
                return expired
        return self.get_response(request)

    def check(self, request: HttpRequest, now: float) -> HttpResponse | None:
        times = request.session.get(SESSION_KEY)
        user_id = str(request.user.pk)
        if not isinstance(times, dict) or times.get("user") != user_id:
            request.session[SESSION_KEY] = {"user": user_id, "started": now, "seen": now}
            return None
        if now - times["started"] > settings.STAFF_SESSION_MAX_AGE:
            message = _(
                "You have been signed out: you may stay signed in for at most %(duration)s. "
                "Sign in again to go on."
            ) % {"duration": duration(settings.STAFF_SESSION_MAX_AGE)}
            return self.sign_out(request, message)
        if now - times["seen"] > settings.STAFF_IDLE_TIMEOUT:
            message = _(
                "You have been signed out because you did nothing for %(duration)s. "
                "Sign in again to go on."
            ) % {"duration": duration(settings.STAFF_IDLE_TIMEOUT)}
            return self.sign_out(request, message)
        if now - times["seen"] > TOUCH_EVERY:
            request.session[SESSION_KEY] = {**times, "seen": now}
        return None

    def sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        path = request.get_full_path()
        logout(request)
        messages.info(request, message)
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(redirect_to_login(path).url)
        return redirect_to_login(path)


def duration(seconds: int) -> str:
    """Whole hours as hours, anything else as minutes: "10 hours", "30 minutes"."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(round(seconds / 60), 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """The address says the language: a public page is Dutch at its own address and English
    under /en/ (poort/urls.py, docs/language.md).

    Someone who prefers English (chose it with the language switch, or on a first visit, says
    so in the browser's Accept-Language) and asks for a public page's Dutch address is sent on
    to its English address. A page without an English address (the dashboard, the API, the
    admin, sign-in, a person's own status page) speaks the language they prefer, else Dutch.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            language = translation.get_language_from_request(request, check_path=False)
            if language != settings.LANGUAGE_CODE and has_translated_address(request, language):
                redirect = self.to_translated_address(request, language)
                if redirect:
                    return redirect
                # A form posted to a Dutch address is answered in Dutch, as the address says.
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def to_translated_address(self, request: HttpRequest, language: str) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None
        script_prefix = get_script_prefix()
        url = request.get_full_path().replace(script_prefix, f"{script_prefix}{language}/", 1)
        response = self.response_redirect_class(url)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith(COOKIELESS_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
        elif translation.get_language_from_path(request.path_info) is None:
            # Whether this address answers or sends on depends on the cookie and the header.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return super().process_response(request, response)


def has_translated_address(request: HttpRequest, language: str) -> bool:
    """Whether the Dutch address of this request has a version under /<language>/."""
    urlconf = getattr(request, "urlconf", None)
    with translation.override(language):
        return is_valid_path(f"/{language}{request.path_info}", urlconf)


class CachedPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the site's policy built once, not for every response (it
    took a fifth of the home page's time, docs/load.md): a response only gets its own nonce.
    Django's debug pages and a response with a policy of its own (django-csp's decorators) go
    django-csp's own way, as does everything once a report-only policy or excluded paths are set.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if settings.DEBUG or not takes_the_site_policy(response):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        response[HEADER] = site_policy(with_nonce=nonce is not None).replace(
            NONCE_MARK, nonce or ""
        )
        if nonce is None:
            # As django-csp does: a nonce asked for after this could not be in the header.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


NONCE_MARK = "{nonce}"


@functools.cache
def site_policy(*, with_nonce: bool) -> str:
    return build_policy(nonce=NONCE_MARK if with_nonce else None)


def takes_the_site_policy(response: HttpResponse) -> bool:
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    return bool(
        policy
        and not policy.get("EXCLUDE_URL_PREFIXES")
        and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        and HEADER not in response
        and not any(name.startswith("_csp_") for name in vars(response))
    )


@receiver(setting_changed)
def forget_the_site_policy(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()
