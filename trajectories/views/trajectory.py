"""A referral's trajectory in the dashboard: plan it (course, start date, funding, agreements),
mark its start and end, and handle what the person answered to a check-in
(docs/dashboard.md, "Trajectory plan" and "Follow-up").

The plan is a page of its own in two steps, both plain forms: search and choose a course
(GET), then choose a start date and write the agreements (POST; "Show the funding" shows the
stack without saving). With htmx the step is swapped in place. Start, end and "handled" are
actions on the referral's work panel, like the other actions there.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from poort.htmx import render_page_or_partial
from poort.vocabulary import Situation
from regions.access import staff_with_second_factor_required

from ..access import referral_for_user
from ..models import AuditEntry, Course, Referral, ReferralError, Trajectory
from ..trajectory_forms import CourseSearchForm, EndForm, PlanForm, StartForm
from .dashboard import done, refused, render_work

SEARCH_RESULTS = 10


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def trajectory_plan(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    course = chosen_course(request, referral)
    form = PlanForm(request.POST or None, course=course, **plan_initial(referral))
    error = ""
    saving = request.method == "POST" and "preview" not in request.POST
    if course is not None and saving and form.is_valid():
        try:
            referral.plan_trajectory(by=request.user, **form.cleaned_data)
        except ReferralError as refusal:
            error = str(refusal.args[0])
        else:
            messages.success(request, _("The plan is saved. The person sees it on their page."))
            return redirect_to_referral(request, referral)
    if request.method == "GET" and not request.htmx:
        AuditEntry.objects.record(request.user, AuditEntry.Action.VIEWED_REFERRAL, referral)
    context = plan_context(request, referral, course, form) | {"error": error}
    return render_page_or_partial(request, "trajectories/dashboard/plan.html", "plan_step", context)


def chosen_course(request: HttpRequest, referral: Referral) -> Course | None:
    """The course of ?opleiding=, else the one of the current plan, else the one the person
    showed interest in; none while the adviser searches."""
    courses = Course.objects.published().select_related("provider")
    chosen = CourseSearchForm(request.GET).chosen_course_id()
    if chosen is not None:
        return courses.filter(pk=chosen).first()
    if "q" in request.GET:
        return None
    current = referral.current_trajectory()
    if current is not None and current.status == Trajectory.Status.PLANNED:
        return courses.filter(pk=current.offering.course_id).first()
    return courses.filter(pk=referral.course_id).first() if referral.course_id else None


def plan_initial(referral: Referral) -> dict:
    """The current plan's offering and agreements, or the offering the person chose."""
    current = referral.current_trajectory()
    if current is not None and current.status == Trajectory.Status.PLANNED:
        initial = {"offering": current.offering_id, "agreements": current.agreements}
    else:
        initial = {"offering": referral.offering_id}
    return {"initial": initial | {"situation": referral.candidate.situation}}


def plan_context(request: HttpRequest, referral: Referral, course, form: PlanForm) -> dict:
    search = CourseSearchForm(request.GET)
    search.is_valid()
    words = search.cleaned_data.get("q", "")
    results = (
        Course.objects.published()
        .offered()
        .search(words)
        .by_relevance(words)
        .select_related("provider")
        .with_next_start()[:SEARCH_RESULTS]
        if words
        else None
    )
    offering = shown_offering(form) if course is not None else None
    situation = shown_situation(form)
    return {
        "referral": referral,
        "course": course,
        "search": search,
        "results": results,
        "form": form,
        "offering": offering,
        "situation": Situation(situation).label if situation else _("unknown"),
        "stack": (
            referral.funding_for(offering, situation=situation) if offering is not None else None
        ),
        "previewed": request.method == "POST" and "preview" in request.POST,
    }


def shown_offering(form: PlanForm):
    """The offering whose funding the page shows: the one chosen, else the initial one."""
    if form.is_bound and (form.is_valid() or "offering" in form.cleaned_data):
        return form.cleaned_data["offering"]
    return form.fields["offering"].queryset.filter(pk=form.initial.get("offering")).first()


def shown_situation(form: PlanForm) -> str:
    """The situation the funding is worked out for: the one chosen, else the person's own."""
    if form.is_bound and "situation" in getattr(form, "cleaned_data", {}):
        return form.cleaned_data["situation"]
    return form.initial.get("situation", "")


def redirect_to_referral(request: HttpRequest, referral: Referral) -> HttpResponse:
    """Back to the referral's page; htmx is told to load it whole."""
    url = reverse("dashboard:referral", args=[referral.pk])
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@require_POST
@staff_with_second_factor_required
def trajectory_start(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    form = StartForm(request.POST)
    if not form.is_valid():
        return render_work(request, referral, start_form=form)
    trajectory = referral.current_trajectory()
    try:
        if trajectory is None:
            raise ReferralError(_("Plan the trajectory first."))
        trajectory.start(by=request.user, on=form.cleaned_data["started_on"])
    except ReferralError as error:
        return refused(request, referral, error)
    return done(request, referral, _("The start is saved. We will ask how it goes."))


@require_POST
@staff_with_second_factor_required
def trajectory_end(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        return render_work(request, referral, end_form=form)
    trajectory = referral.current_trajectory()
    outcome = form.cleaned_data["outcome"]
    try:
        if trajectory is None:
            raise ReferralError(_("Only a trajectory that has started can end."))
        trajectory.end(outcome, by=request.user, note=form.cleaned_data["note"])
    except ReferralError as error:
        return refused(request, referral, error)
    return done(request, referral, _("The end of the trajectory is saved."))


@require_POST
@staff_with_second_factor_required
def check_ins_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """The adviser has helped with the problem the person reported in a check-in."""
    referral = referral_for_user(request, pk)
    referral.handle_check_ins(request.user)
    return done(request, referral, _("The answer is marked as handled."))
