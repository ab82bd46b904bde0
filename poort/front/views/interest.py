"""The "ik heb interesse" sign-up of a course page: one short form, then a referral.

GET/POST on /opleidingen/<slug>/interesse/. It ends on the intake's confirmation page, and
shares the intake's municipality matching, honeypot, BSN refusal and rate limit (one limit
for both). With htmx, the course page loads the form in its place. Decisions: docs/intake.md.
"""

import logging
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from poort import profile
from poort.front.forms import InterestForm
from poort.front.services import interest_submit
from poort.front.views.intake import IntakeDraft, _municipality_choices, guarded_submit
from poort.htmx import render_page_or_partial
from regions.models import Municipality
from trajectories.models import Course

logger = logging.getLogger(__name__)


@never_cache
@require_http_methods(["GET", "POST"])
def interest(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.published().select_related("provider"), slug=slug)
    if request.method == "GET":
        form = InterestForm(course=course, initial={"municipality": _home_name(request)})
        return _render(request, course, form)
    form = InterestForm(request.POST, course=course)
    if not form.is_valid():
        return _render(request, course, form)
    referral = guarded_submit(
        request,
        from_a_bot=form.is_from_a_bot(),
        submit=lambda: interest_submit(**form.answers(), course=course, language=get_language()),
        unsaved=lambda: _render(request, course, form, not_sent=True, status=503),
    )
    if isinstance(referral, HttpResponse):
        return referral
    profile.store(
        request.session,
        situation=profile.get(request.session).situation,
        municipality=form.cleaned_data["municipality"].code,
    )
    # The intake's confirmation page, under a key of its own in this session.
    key = secrets.token_urlsafe(12)
    IntakeDraft(request.session, key).finish(referral)
    return redirect("intake_done", key=key)


def _render(
    request: HttpRequest,
    course: Course,
    form: InterestForm,
    not_sent: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "course": course,
        "form": form,
        "not_sent": not_sent,
        "retention_months": settings.RETENTION_MONTHS,
        **_municipality_choices(form["municipality"].value() or ""),
        "chosen_code": form["municipality_code"].value(),
    }
    return render_page_or_partial(
        request, "poort/interest/form.html", "interest_form", context, status=status
    )


def _home_name(request: HttpRequest) -> str:
    """The municipality from the person's profile, so they need not type it again."""
    home = Municipality.objects.from_profile(profile.get(request.session))
    return home.name if home else ""
