import datetime
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Region, Sector

from .models import LiveStatus, Scheme, SchemeQuerySet


class SchemeFilterForm(forms.Form):
    """The filters of /regelingen/. A value that is not valid is shown and left out."""

    soort = forms.ChoiceField(
        label=_("Kind of scheme"),
        choices=[("", _("All kinds")), *Scheme.Level.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind from the list.")},
    )
    regio = forms.ModelChoiceField(
        label=_("Region where you live"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    vakgebied = forms.ModelChoiceField(
        label=_("Field of the course"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label=_("All fields"),
        required=False,
        error_messages={"invalid_choice": _("Choose a field from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Scheme status"),
        choices=[("", _("Every status")), *LiveStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )

    def schemes(self, today: datetime.date) -> SchemeQuerySet:
        """The schemes that pass every valid filter, those people can apply to first."""
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        schemes = Scheme.objects.with_live_status(today)
        if "soort" in chosen:
            schemes = schemes.filter(level=chosen["soort"])
        if "regio" in chosen:
            schemes = schemes.available_in(chosen["regio"])
        if "vakgebied" in chosen:
            schemes = schemes.for_field(chosen["vakgebied"])
        if "status" in chosen:
            schemes = schemes.filter(live_status=chosen["status"])
        return schemes.open_first().prefetch_related("regions", "sectors")

    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def url(self) -> str:
        """The query string of the valid filters, for the address bar after an htmx update."""
        values = {
            name: self.data.get(name) for name in self.cleaned_data if self.cleaned_data[name]
        }
        return f"?{urlencode(values)}" if values else ""


class SchemeBudgetForm(forms.ModelForm):
    """A coordinator's changes to a regional scheme: its money and its status."""

    budget_total = forms.DecimalField(
        label=_("total budget (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty when the budget is not known."),
        error_messages={
            "invalid": _("Enter an amount in euros, such as 250000 or 250000.50."),
            "min_value": _("The budget cannot be less than 0."),
            "max_digits": _("Enter a smaller amount."),
            "max_decimal_places": _("Enter at most 2 digits after the decimal point."),
        },
    )
    budget_remaining = forms.DecimalField(
        label=_("remaining budget (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("At most the total budget. At 0, people see that the budget is used up."),
        error_messages={
            "invalid": _("Enter an amount in euros, such as 250000 or 250000.50."),
            "min_value": _("The budget cannot be less than 0."),
            "max_digits": _("Enter a smaller amount."),
            "max_decimal_places": _("Enter at most 2 digits after the decimal point."),
        },
    )

    class Meta:
        model = Scheme
        fields = ["budget_total", "budget_remaining", "status"]
        error_messages = {"status": {"invalid_choice": _("Choose a status from the list.")}}
