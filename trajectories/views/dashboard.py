"""The adviser's dashboard: the queue of referrals and the work on one referral (docs/dashboard.md).

Every action works as a plain POST → redirect with a message, and through htmx, which gets
the changed part of the page back and hears the result through an aria-live region.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poort.htmx import render_page_or_partial
from regions.access import is_editor, regions_for, staff_with_second_factor_required
from regions.models import Membership

from ..access import referral_for_user
from ..dashboard_forms import ContactForm, QueueFilterForm, ReferOnForm, StatusForm
from ..models import AuditEntry, OnwardReferral, Referral, ReferralError
from ..trajectory_forms import EndForm, StartForm

QUEUE_PAGE_SIZE = 25


@require_GET
@staff_with_second_factor_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """The queue: the referrals of the person's regions, the most overdue first, then the newest."""
    regions = regions_for(request.user)
    referrals = Referral.objects.in_regions(regions)
    form = QueueFilterForm(request.GET)
    queue = form.filter(referrals.for_queue(), request.user)
    memberships = Membership.objects.filter(user=request.user).select_related("region")
    context = {
        "memberships": memberships,
        # The pages a coordinator keeps for each of their regions, linked from here.
        "coordinated": [m.region for m in memberships if m.role == Membership.Role.COORDINATOR],
        "is_editor": is_editor(request.user),
        "form": form,
        "page_obj": Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page")),
        "counts": status_counts(referrals.count_per_status()),
        "onward": OnwardReferral.objects.summary(referral__region__in=regions),
    }
    return render_page_or_partial(request, "trajectories/dashboard/home.html", "queue", context)


def status_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(status.value, status.label, counts.get(status.value, 0)) for status in Referral.Status]


@require_GET
@staff_with_second_factor_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    AuditEntry.objects.record(request.user, AuditEntry.Action.VIEWED_REFERRAL, referral)
    return render_work(request, referral)


def render_work(
    request: HttpRequest,
    referral: Referral,
    *,
    announcement: str = "",
    status: int = 200,
    **forms,
) -> HttpResponse:
    """The referral's page, or on htmx its work panel (forms, history, contact moments)."""
    context = {
        "referral": referral,
        "earlier": referral.referred_from,
        "onward": OnwardReferral.objects.filter(referral=referral).first(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "status_form": forms.get("status_form") or StatusForm(referral=referral),
        "announcement": announcement,
        "trajectory": referral.current_trajectory(),
        "start_form": forms.get("start_form") or StartForm(),
        "end_form": forms.get("end_form") or EndForm(),
    }
    return render_page_or_partial(
        request, "trajectories/dashboard/referral.html", "work", context, status=status
    )


def done(request: HttpRequest, referral: Referral, message: str) -> HttpResponse:
    """After a successful action: the changed part for htmx, else back to the page (PRG)."""
    if request.htmx and request.htmx.target == f"row-{referral.pk}":
        context = {"referral": referral, "announcement": message, "overdue": referral.is_overdue()}
        response = render(request, "trajectories/dashboard/home.html#row_swap", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    if request.htmx:
        return render_work(request, referral, announcement=message)
    messages.success(request, message)
    return redirect("dashboard:referral", pk=referral.pk)


def refused(request: HttpRequest, referral: Referral, error: ReferralError) -> HttpResponse:
    if request.htmx:
        return render_work(request, referral, announcement=str(error.args[0]))
    messages.error(request, str(error.args[0]))
    return redirect("dashboard:referral", pk=referral.pk)


@require_POST
@staff_with_second_factor_required
def referral_assign(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    try:
        referral.assign_to(request.user)
    except ReferralError as error:
        return refused(request, referral, error)
    return done(request, referral, _("You took on this request."))


@require_POST
@staff_with_second_factor_required
def referral_contact(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return render_work(request, referral, contact_form=form)
    try:
        referral.log_contact(request.user, form.cleaned_data["channel"], form.cleaned_data["note"])
    except ReferralError as error:
        return refused(request, referral, error)
    return done(request, referral, _("The contact is saved."))


@require_POST
@staff_with_second_factor_required
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(request, pk)
    form = StatusForm(request.POST, referral=referral)
    if not form.is_valid():
        return render_work(request, referral, status_form=form)
    try:
        referral.move_to(form.cleaned_data["status"], request.user, form.cleaned_data["note"])
    except ReferralError as error:
        return refused(request, referral, error)
    return done(request, referral, _("The status is now “%s”.") % referral.get_status_display())


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def referral_refer_on(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the person on, once, to another region's desk or to a provider."""
    referral = referral_for_user(request, pk)
    form = ReferOnForm(request.POST or None, referral=referral)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            onward = referral.refer_on(by=request.user, **form.cleaned_data)
        except ReferralError as refusal:
            error = str(refusal.args[0])
        else:
            receiver = onward.to_desk or onward.to_provider
            messages.success(request, _("The request went to %s. They got an e-mail.") % receiver)
            return redirect("dashboard:referral", pk=referral.pk)
    context = {"referral": referral, "form": form, "error": error}
    return render(request, "trajectories/dashboard/refer_on.html", context)
