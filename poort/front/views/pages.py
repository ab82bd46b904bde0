from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# The day the accessibility and privacy statements were last checked; change it with the text.
STATEMENTS_CHECKED_ON = date(2026, 11, 22)
ACCESSIBILITY_EMAIL = "toegankelijkheid@goudenpoort.nl"
PRIVACY_EMAIL = "privacy@goudenpoort.nl"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/home.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    context = {"checked_on": STATEMENTS_CHECKED_ON, "contact_email": ACCESSIBILITY_EMAIL}
    return render(request, "poort/accessibility.html", context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"checked_on": STATEMENTS_CHECKED_ON, "contact_email": PRIVACY_EMAIL}
    return render(request, "poort/privacy.html", context)
