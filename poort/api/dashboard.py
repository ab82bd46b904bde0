"""The coordinator's page of partner keys for their region's desk (docs/api.md, "Partner
keys"): make a key (its secret is shown once), see the keys, revoke one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regions.access import staff_with_second_factor_required

from .access import desk_for_keys, key_for_coordinator
from .dashboard_forms import PartnerKeyForm
from .models import PartnerKey


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def keys(request: HttpRequest, slug: str) -> HttpResponse:
    region, desk = desk_for_keys(request, slug)
    data = request.POST if request.method == "POST" else None
    form = PartnerKeyForm(data, desk=desk) if desk else None
    context = {"region": region, "desk": desk, "form": form, "secret": ""}
    if form is not None and form.is_valid():
        key, secret = PartnerKey.objects.issue(desk=desk, by=request.user, **form.cleaned_data)
        # Shown on this answer only (the page is never cached); it is stored as a digest.
        context |= {"secret": secret, "new_key": key, "form": PartnerKeyForm(desk=desk)}
    context["keys"] = PartnerKey.objects.filter(desk__region=region).select_related("desk")
    return render(request, "api/dashboard/keys.html", context)


@require_POST
@staff_with_second_factor_required
def key_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    key = key_for_coordinator(request, slug, pk)
    key.revoke()
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": key.name})
    return redirect("dashboard:partner_keys", slug=slug)
