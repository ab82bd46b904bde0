"""The coordinator's pages for their region's own systems (docs/api.md): partner keys for
the desk (make one, its secret shown once; revoke one), webhook endpoints (register one,
its signing secret shown once; see its recent deliveries, send one again; switch it off) and
the code of the widgets for the region's own site."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from poort.models import Notification
from poort.outbox import start_sending
from regions.access import region_for_coordinator, staff_with_second_factor_required

from .access import (
    delivery_for_coordinator,
    desk_for_keys,
    endpoint_for_coordinator,
    key_for_coordinator,
)
from .dashboard_forms import PartnerKeyForm, WebhookEndpointForm, WidgetSnippetForm
from .models import PartnerKey, WebhookEndpoint
from .widgets import snippet

RECENT_DELIVERIES = 20


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


@require_http_methods(["GET", "POST"])
@staff_with_second_factor_required
def endpoints(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request, slug)
    form = WebhookEndpointForm(request.POST if request.method == "POST" else None, region=region)
    context = {"region": region, "secret": ""}
    if form.is_valid():
        endpoint, secret = WebhookEndpoint.objects.register(
            region=region, by=request.user, **form.cleaned_data
        )
        # Shown on this answer only (the page is never cached).
        context |= {"secret": secret, "new_endpoint": endpoint}
        form = WebhookEndpointForm(region=region)
    listed = WebhookEndpoint.objects.active().filter(region=region)
    context |= {
        "form": form,
        "endpoints": [(endpoint, endpoint.deliveries()[:RECENT_DELIVERIES]) for endpoint in listed],
    }
    return render(request, "api/dashboard/webhooks.html", context)


@require_POST
@staff_with_second_factor_required
def endpoint_switch_off(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = endpoint_for_coordinator(request, slug, pk)
    endpoint.switch_off()
    messages.success(request, _("%(address)s gets no more events.") % {"address": endpoint})
    return redirect("dashboard:webhooks", slug=slug)


@require_POST
@staff_with_second_factor_required
def delivery_resend(request: HttpRequest, slug: str, endpoint_pk: int, pk: int) -> HttpResponse:
    _endpoint, delivery = delivery_for_coordinator(request, slug, endpoint_pk, pk)
    if Notification.objects.resend_webhook(delivery.pk, timezone.now()):
        start_sending(delivery.pk)
        messages.success(request, _("The delivery is being sent again."))
    else:
        messages.error(request, _("This delivery is being sent right now. Try again in a minute."))
    return redirect("dashboard:webhooks", slug=slug)


@require_safe
@staff_with_second_factor_required
def widget_code(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request, slug)
    form = WidgetSnippetForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    code = snippet(region, chosen.get("vakgebied"), chosen.get("aantal", 5))
    context = {"region": region, "form": form, "snippet": code, "site": settings.SITE_URL}
    return render(request, "api/dashboard/widgets.html", context)
