from datetime import date

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from regions.models import Municipality

# The day the accessibility and privacy statements were last checked; change it with the text.
STATEMENTS_CHECKED_ON = date(2026, 12, 6)


# The home page is the same for every visitor without a session, apart from its CSP nonce: it
# is rendered once per process and language, and each response gets its own nonce (docs/load.md).
NONCE_PLACEHOLDER = "{csp-nonce}"
home_pages: dict[str, str] = {}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # Rendered afresh: in development (template edits show at once), for a link with a query
    # (the language switch returns to it), and for a visitor with a session or a message.
    # The search box suggests municipalities as the catalogue does (they change once a year,
    # with import_regions, after which the site is restarted).
    context = {"municipality_names": Municipality.objects.values_list("name", flat=True)}
    if settings.DEBUG or request.GET or has_session(request):
        return render(request, "poort/home.html", context)
    nonce, language = str(request.csp_nonce), get_language()
    if language not in home_pages:
        page = render_to_string("poort/home.html", context, request=request)
        home_pages[language] = page.replace(nonce, NONCE_PLACEHOLDER)
    return HttpResponse(home_pages[language].replace(NONCE_PLACEHOLDER, nonce))


@receiver(setting_changed)
def forget_home_pages(**kwargs) -> None:
    home_pages.clear()


def has_session(request: HttpRequest) -> bool:
    """Whether the visitor may be signed in or have a message waiting."""
    return not request.COOKIES.keys().isdisjoint(
        {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    )


def organisation() -> dict:
    """The organisation's facts from settings, as the statements and the contact page show them."""
    return {
        "name": settings.ORGANISATION_NAME,
        "address": settings.ORGANISATION_ADDRESS,
        "kvk": settings.ORGANISATION_KVK,
        "contact_email": settings.CONTACT_EMAIL,
        "accessibility_email": settings.ACCESSIBILITY_EMAIL,
        "privacy_email": settings.PRIVACY_EMAIL,
        "privacy_officer_email": settings.PRIVACY_OFFICER_EMAIL,
        "site": settings.SITE_URL,
    }


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    # The compliance status it states (C) and why: docs/accessibility.md.
    context = {"checked_on": STATEMENTS_CHECKED_ON, "organisation": organisation()}
    return render(request, "poort/accessibility.html", context)


@require_safe
def accessibility_testing(request: HttpRequest) -> HttpResponse:
    context = {"checked_on": STATEMENTS_CHECKED_ON, "organisation": organisation()}
    return render(request, "poort/accessibility_testing.html", context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "checked_on": STATEMENTS_CHECKED_ON,
        "organisation": organisation(),
        "retention_months": settings.RETENTION_MONTHS,
        "log_retention_days": settings.LOG_RETENTION_DAYS,
        "hosting_provider": settings.HOSTING_PROVIDER,
        "email_provider": settings.EMAIL_PROVIDER,
        "error_reporting": bool(getattr(settings, "SENTRY_DSN", "")),
    }
    return render(request, "poort/privacy.html", context)


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/contact.html", {"organisation": organisation()})
