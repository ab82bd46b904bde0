"""Region insights (docs/insights.md): the measures of one region for advisers and
coordinators of that region; for editors any region plus every region side by side."""

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from regions.access import is_editor, regions_for, staff_with_second_factor_required
from regions.models import Region

from .. import insights
from ..access import insights_region
from ..models import OnwardReferral


class InsightsForm(forms.Form):
    """The region, the period and (for editors) the measure to compare, from the query
    string. The region is the access helper's (`insights_region`: 404 outside the person's
    reach); another wrong value shows its error and the default is used."""

    regio = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=None,
    )
    periode = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        choices=[
            ("12", gettext_lazy("The last 12 months")),
            ("3", gettext_lazy("The last 3 months")),
            ("all", gettext_lazy("All requests")),
        ],
        error_messages={"invalid_choice": gettext_lazy("Choose one of the periods in the list.")},
    )
    maat = forms.ChoiceField(
        label=gettext_lazy("Compare the regions by"),
        required=False,
        choices=[(key, measure.label) for key, measure in insights.MEASURES.items()],
        error_messages={"invalid_choice": gettext_lazy("Choose one of the measures in the list.")},
    )

    def __init__(self, *args, regions: QuerySet[Region], national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regions
        if not national:
            del self.fields["maat"]

    def period(self) -> str:
        return self.cleaned_data.get("periode") or insights.DEFAULT_PERIOD

    def measure(self) -> str:
        return self.cleaned_data.get("maat") or insights.DEFAULT_MEASURE


@require_GET
@staff_with_second_factor_required
def region_insights(request: HttpRequest) -> HttpResponse:
    """The funnel, the time to the first contact, the situations and the onward referrals of
    a region's requests in a period; for editors also every region side by side."""
    national = is_editor(request.user)
    regions = regions_for(request.user).order_by("code")
    form = InsightsForm(request.GET, regions=regions, national=national)
    form.is_valid()
    region = insights_region(request, request.GET.get("regio", ""))
    since = insights.period_start(form.period())
    found = insights.region_insights(
        regions if national else regions.filter(pk=region.pk), since=since
    )
    insight = found.for_region(region)
    in_period = {"referral__created_at__gte": since} if since else {}
    context = {
        "form": form,
        "region": region,
        "period_label": dict(form.fields["periode"].choices)[form.period()],
        "insight": insight,
        "funnel_chart": insights.funnel_chart(insight),
        "situation_chart": insights.situation_chart(insight),
        "onward": OnwardReferral.objects.summary(referral__region=region, **in_period),
    }
    if national:
        measure = insights.MEASURES[form.measure()]
        context |= {
            "measure": measure,
            "national_received": found.total.received,
            "comparison_table": insights.comparison_table(found),
            "comparison_chart": insights.comparison_chart(found, measure, _("The Netherlands")),
        }
    return render(request, "trajectories/dashboard/insights.html", context)
