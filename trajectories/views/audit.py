"""The audit log of a region and the CSV export of its referrals (docs/dashboard.md, "Audit and
export"). Both are for coordinators of the region and for editors; anyone else gets 404."""

import csv
import datetime
from collections.abc import Iterator

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from poort.workdays import working_days_between
from regions.access import staff_with_second_factor_required
from regions.models import Region

from ..access import exported_regions, overseen_regions
from ..models import AuditEntry, Referral

LOG_PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    """The log's filters from the query string; a value that does not exist is ignored."""

    regio = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All your regions"),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[("", gettext_lazy("Everything")), *AuditEntry.Action.choices],
    )

    def __init__(self, *args, regions: QuerySet[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regions

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("regio"):
            entries = entries.filter(region=data["regio"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        return entries


@require_GET
@staff_with_second_factor_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who opened or changed which request, and when; newest first."""
    regions = overseen_regions(request)
    form = AuditFilterForm(request.GET, regions=regions)
    entries = form.filter(AuditEntry.objects.in_regions(regions).for_log())
    context = {
        "form": form,
        "regions": regions,
        "page_obj": Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "trajectories/dashboard/log.html", context)


@require_GET
@staff_with_second_factor_required
def referrals_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The referrals of the person's regions (or of ?regio=AMxx) as CSV, without the person's
    name, e-mail or phone; in Dutch with ";" between the columns. The download itself is
    logged, once per region."""
    regions = exported_regions(request, request.GET.get("regio", ""))
    referrals = Referral.objects.in_regions(regions)
    numbers = dict(referrals.order_by().values_list("region").annotate(number=Count("pk")))
    for region in regions:
        AuditEntry.objects.record(
            request.user,
            AuditEntry.Action.EXPORTED_CSV,
            region=region,
            detail=f"{numbers.get(region.pk, 0)} referrals",
        )
    codes = [region.code for region in regions]
    name = codes[0] if len(codes) == 1 else "regios"
    filename = f"aanmeldingen-{name}-{timezone.localdate():%Y-%m-%d}.csv"
    rows = csv_rows(referrals, translation.get_language())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


# Spreadsheets set to Dutch split a CSV file on ";" (the comma is their decimal sign).
CSV_DELIMITERS = {"nl": ";"}


def csv_rows(referrals: QuerySet[Referral], language: str) -> Iterator[str]:
    writer = csv.writer(Echo(), delimiter=CSV_DELIMITERS.get(language, ","))
    today = timezone.localdate()
    with translation.override(language):
        yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
        yield writer.writerow(csv_header())
        rows = referrals.select_related("desk", "candidate__municipality", "assigned_to")
        for referral in rows.order_by("created_at", "pk").iterator(chunk_size=500):
            yield writer.writerow([safe_cell(value) for value in csv_row(referral, today)])


def csv_header() -> list[str]:
    return [
        _("Number"),
        _("Received on"),
        _("Kind"),
        _("Status"),
        _("Desk"),
        _("Municipality"),
        _("Situation"),
        _("Adviser (e-mail)"),
        _("First contact on"),
        _("Working days waiting"),
        _("Referred on"),
    ]


def csv_row(referral: Referral, today: datetime.date) -> list:
    candidate = referral.candidate
    first_contact = (
        timezone.localdate(referral.first_contact_at) if referral.first_contact_at else None
    )
    return [
        referral.pk,
        timezone.localdate(referral.created_at).isoformat(),
        referral.get_kind_display(),
        referral.get_status_display(),
        referral.desk.name,
        candidate.municipality.name if candidate.municipality else "",
        candidate.get_situation_display(),
        referral.assigned_to.email if referral.assigned_to else "",
        first_contact.isoformat() if first_contact else "",
        days_waiting(referral, first_contact, today),
        _("yes") if referral.status == Referral.Status.REFERRED_ON else _("no"),
    ]


def days_waiting(
    referral: Referral, first_contact: datetime.date | None, today: datetime.date
) -> int:
    """Working days from the request to the first contact; without contact, to its closing day
    or, while it is open, to today."""
    end = first_contact or (timezone.localdate(referral.closed_at) if referral.closed_at else today)
    return working_days_between(timezone.localdate(referral.created_at), end)


def safe_cell(value) -> str | int:
    """A text that a spreadsheet would run as a formula starts with a quote instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
