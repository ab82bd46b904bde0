"""A candidate's private status page, reached only through the random token in their link.

Every answer is private: never cached, never indexed, 404 for a token we do not know.
"""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from trajectories.models import Referral

STATUS_EXPLANATIONS = {
    Referral.Status.NEW: _("Your question is with the desk. They will contact you soon."),
    Referral.Status.CONTACTED: _("The desk has been in touch with you."),
    Referral.Status.ADVISING: _("An adviser is helping you choose a course."),
    Referral.Status.TRAJECTORY_PLANNED: _("You and your adviser have planned a course."),
    Referral.Status.IN_TRAJECTORY: _("You are taking a course. Good luck!"),
    Referral.Status.COMPLETED: _("Your question is finished."),
    Referral.Status.WITHDRAWN: _("You have withdrawn your question."),
    Referral.Status.NO_RESPONSE: _("The desk could not reach you, so your question was closed."),
    Referral.Status.REFERRED_ON: _("Your question has been passed on to another desk."),
}


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)


def referral_for_token(token: str) -> Referral:
    """The referral behind a status link, or 404; erased people have no page."""
    return get_object_or_404(
        Referral.objects.select_related("desk", "assigned_to", "candidate"),
        token=token,
        candidate__anonymised_at=None,
    )


@private
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    # After an onward referral the first link shows the request where it is now.
    referral = referral_for_token(token).latest()
    context = {
        "referral": referral,
        "explanation": STATUS_EXPLANATIONS.get(referral.status, ""),
        "promise": referral.promise(),
        "timeline": referral.timeline(),
        "plan": referral.current_trajectory(),
    }
    return render(request, "poort/status/status.html", context)


@private
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_for_token(token).latest()
    if request.method == "POST":
        referral.withdraw()
        return redirect("referral_status", token=token)
    return render(request, "poort/status/withdraw.html", {"referral": referral})


@private
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    referral = referral_for_token(token)
    if request.method == "POST":
        referral.candidate.erase()
        return redirect("referral_erased")
    return render(request, "poort/status/erase.html", {"referral": referral})


@private
@require_GET
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "poort/status/erased.html")


@private
@require_GET
def download(request: HttpRequest, token: str) -> JsonResponse:
    referral = referral_for_token(token)
    response = JsonResponse(
        referral.candidate.export_data(), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="gouden-poort-mijn-gegevens.json"'
    return response
