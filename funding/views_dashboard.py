"""Coordinators change the budget and status of their regional schemes (docs/dashboard.md)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regions.access import staff_with_second_factor_required
from regions.forms import save_with_history

from .access import scheme_for_coordinator, schemes_for_coordinator
from .forms import SchemeBudgetForm


@require_GET
@staff_with_second_factor_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = schemes_for_coordinator(request).prefetch_related("regions")
    return render(request, "funding/dashboard/schemes.html", {"schemes": schemes})


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def scheme_budget(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = scheme_for_coordinator(request, scheme)
    form = SchemeBudgetForm(request.POST if request.method == "POST" else None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        save_with_history(form, user=request.user, regions=scheme.regions.all())
        messages.success(request, _("The budget and status of the scheme are saved."))
        return redirect("dashboard:scheme_budget", scheme=scheme.slug)
    return render(request, "funding/dashboard/scheme.html", {"scheme": scheme, "form": form})
