"""The API's own query parameters, checked like every form of the site; clean_<field> returns a
domain value. The course search reuses the catalogue's form (trajectories.catalogue.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import Situation
from regions.forms import MunicipalityField
from regions.models import Municipality, Region, Sector
from trajectories.models.catalogue import Course


class FundingCheckQuery(forms.Form):
    situatie = forms.TypedChoiceField(choices=Situation.choices, coerce=Situation)
    gemeente = MunicipalityField(
        error_messages={"ambiguous": _("Several municipalities fit: %(names)s. Use a code.")}
    )
    opleiding = forms.ModelChoiceField(
        queryset=Course.objects.published().select_related("sector"),
        to_field_name="slug",
        required=False,
    )
    werkgever = forms.NullBooleanField(
        required=False,
        widget=forms.NullBooleanSelect(attrs={}),
    )

    def clean_gemeente(self) -> Municipality:
        return self.fields["gemeente"].municipality(self.cleaned_data["gemeente"])

    def clean_werkgever(self) -> bool | None:
        # "ja" / "nee" (and true / false); anything else means: not said.
        return {"ja": True, "true": True, "nee": False, "false": False}.get(
            str(self.data.get("werkgever", "")).lower()
        )


class CursorQuery(forms.Form):
    cursor = forms.IntegerField(min_value=0, required=False)
    limit = forms.IntegerField(min_value=1, max_value=100, required=False)


def invalid_params(form: forms.Form) -> list[dict[str, str]]:
    """A form's errors as the problem's "invalid-params" (NLGov ADR)."""
    return [
        {"name": name, "reason": " ".join(str(message) for message in messages)}
        for name, messages in form.errors.items()
    ]


class WidgetQuery(forms.Form):
    """What a regional site's widget asks (docs/api.md, "Widgets")."""

    regio = forms.ModelChoiceField(queryset=Region.objects.all(), to_field_name="slug")
    vakgebied = forms.ModelChoiceField(
        queryset=Sector.objects.all(), to_field_name="slug", required=False
    )
    aantal = forms.IntegerField(min_value=1, max_value=20, required=False)
    kop = forms.IntegerField(min_value=2, max_value=5, required=False)

    def clean_aantal(self) -> int:
        return self.cleaned_data["aantal"] or 5

    def clean_kop(self) -> int:
        return self.cleaned_data["kop"] or 2
