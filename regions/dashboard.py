"""The coordinators' pages on the dashboard: their region's page, desk, advisers and the
history of every change (docs/dashboard.md, "Coordinators").

A coordinator reaches only their own regions; any other region answers 404, as for people who
are no coordinator at all. Every valid edit is kept as ChangeRecords: who, when, old and new.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .access import (
    coordinated_regions,
    region_for_coordinator,
    staff_with_second_factor_required,
)
from .forms import (
    AdviserAddForm,
    AdviserRemoveForm,
    DeskForm,
    InitiativeLinkForm,
    RegionForm,
    save_with_history,
)
from .models import ChangeRecord, Desk, Membership, Region

HISTORY_PAGE_SIZE = 50


@require_GET
@staff_with_second_factor_required
def region_list(request: HttpRequest) -> HttpResponse:
    regions = coordinated_regions(request)
    return render(request, "regions/dashboard/regions.html", {"regions": regions})


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def region_edit(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request, slug)
    form = RegionForm(request.POST if request.method == "POST" else None, instance=region)
    if request.method == "POST" and form.is_valid():
        save_with_history(form, user=request.user, regions=[region])
        messages.success(request, _("The region page is saved."))
        return redirect("dashboard:region_edit", slug=region.slug)
    return render(request, "regions/dashboard/region.html", {"region": region, "form": form})


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def desk_edit(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request, slug)
    desk = Desk.objects.filter(region=region, is_active=True).first()
    form = (
        DeskForm(request.POST if request.method == "POST" else None, instance=desk)
        if desk
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        save_with_history(form, user=request.user, regions=[region])
        messages.success(request, _("The details of the desk are saved."))
        return redirect("dashboard:desk_edit", slug=region.slug)
    context = {"region": region, "desk": desk, "form": form}
    return render(request, "regions/dashboard/desk.html", context)


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def advisers(request: HttpRequest, slug: str) -> HttpResponse:
    """The region's advisers: add an existing account by e-mail, or remove one."""
    region = region_for_coordinator(request, slug)
    removing = "membership" in request.POST
    add_form = AdviserAddForm(None if removing else request.POST or None, region=region)
    remove_form = AdviserRemoveForm(request.POST if removing else None, region=region)
    form = remove_form if removing else add_form
    if request.method == "POST" and form.is_valid():
        if removing:
            remove_adviser(request, region, form.cleaned_data["membership"])
        else:
            add_adviser(request, region, form.cleaned_data["email"])
        return redirect("dashboard:advisers", slug=region.slug)
    context = {
        "region": region,
        "form": add_form,
        "remove_error": remove_form.errors.get("membership"),
        "memberships": region.memberships.filter(role=Membership.Role.ADVISER)
        .select_related("user")
        .order_by("user__email"),
    }
    return render(request, "regions/dashboard/advisers.html", context)


@transaction.atomic
def add_adviser(request: HttpRequest, region: Region, user) -> None:
    Membership.objects.create(user=user, region=region, role=Membership.Role.ADVISER)
    ChangeRecord.objects.create(
        region=region,
        user=request.user,
        object_kind=_("adviser"),
        object_name=user.email,
        field=_("adviser"),
        new_value=_("added"),
    )
    messages.success(
        request, _("%(email)s is now an adviser in this region.") % {"email": user.email}
    )


@transaction.atomic
def remove_adviser(request: HttpRequest, region: Region, membership: Membership) -> None:
    email = membership.user.email
    membership.delete()
    ChangeRecord.objects.create(
        region=region,
        user=request.user,
        object_kind=_("adviser"),
        object_name=email,
        field=_("adviser"),
        new_value=_("removed"),
    )
    messages.success(
        request, _("%(email)s is no longer an adviser in this region.") % {"email": email}
    )


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def initiatives(request: HttpRequest, slug: str) -> HttpResponse:
    """The region's initiatives: link one more, or take a link away."""
    region = region_for_coordinator(request, slug)
    form = InitiativeLinkForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST" and form.is_valid():
        initiative, action = form.cleaned_data["initiative"], form.cleaned_data["action"]
        with transaction.atomic():
            if action == InitiativeLinkForm.Action.LINK:
                initiative.regions.add(region)
            else:
                initiative.regions.remove(region)
            ChangeRecord.objects.create(
                region=region,
                user=request.user,
                object_kind=_("initiative"),
                object_name=initiative.name,
                field=_("regions"),
                new_value=_("linked")
                if action == InitiativeLinkForm.Action.LINK
                else _("unlinked"),
            )
        messages.success(request, _("The initiatives of the region are saved."))
        return redirect("dashboard:initiatives", slug=region.slug)
    unlinking = request.POST.get("action") == InitiativeLinkForm.Action.UNLINK
    context = {
        "region": region,
        "form": InitiativeLinkForm(region=region) if unlinking else form,
        "unlink_error": form.errors.get("initiative") if unlinking else None,
        "linked": region.initiatives.all(),
    }
    return render(request, "regions/dashboard/initiatives.html", context)


@require_GET
@staff_with_second_factor_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request, slug)
    records = region.change_records.select_related("user")
    page_obj = Paginator(records, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "regions/dashboard/history.html", {"region": region, "page_obj": page_obj}
    )
