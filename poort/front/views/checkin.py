"""The person's answer to a check-in ("Hoe gaat het?"), reached through the link in the e-mail.

A GET never records anything: e-mail scanners open every link. It shows the page with the
answer of the clicked link chosen; the person sends it with one button (POST), with a short
note if they like. The latest answer counts. Private like the status page: never cached,
never indexed, 404 for a token we do not know (docs/dashboard.md, "Follow-up").
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from poort.front.views.status import private
from trajectories.models import CheckIn
from trajectories.trajectory_forms import CheckInAnswerForm


def check_in_for_token(token: str) -> CheckIn:
    """The check-in behind an answer link we sent, or 404; erased people have none."""
    return get_object_or_404(
        CheckIn.objects.select_related(
            "trajectory__offering__course", "trajectory__referral__desk", "trajectory__candidate"
        ),
        token=token,
        sent_at__isnull=False,
        trajectory__candidate__anonymised_at=None,
    )


@private
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    check_in = check_in_for_token(token)
    if request.method == "POST":
        form = CheckInAnswerForm(request.POST)
        if form.is_valid():
            check_in.record_answer(**form.cleaned_data)
            messages.success(request, _("Thank you. We have received your answer."))
            return redirect("check_in", token=token)
    else:
        clicked = CheckInAnswerForm.answer_from_link(request.GET.get("antwoord", ""))
        form = CheckInAnswerForm(initial={"answer": clicked or check_in.answer})
    return render(request, "poort/checkin/check_in.html", {"check_in": check_in, "form": form})
