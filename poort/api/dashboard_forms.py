import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from poort import webhooks
from regions.models import Desk, Region, Sector

from .models import EVENT_LABELS, PartnerKey, WebhookEndpoint

LONGEST_VALID_DAYS = 366


class PartnerKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=80,
        help_text=_("For example the name of your system. The audit log shows it."),
    )
    scope = forms.ChoiceField(
        label=_("What may the key do?"),
        choices=PartnerKey.Scope.choices,
        widget=forms.RadioSelect,
        initial=PartnerKey.Scope.READ,
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        help_text=_("At most a year from today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, desk: Desk, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.desk = desk
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=365)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if PartnerKey.objects.filter(desk=self.desk, name=name, revoked_at=None).exists():
            raise forms.ValidationError(_("This desk has a key with this name already."))
        return name

    def clean_expires_on(self) -> datetime.date:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if day > today + datetime.timedelta(days=LONGEST_VALID_DAYS):
            raise forms.ValidationError(_("A key is valid for at most a year."))
        return day


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An address that starts with https://. Your system answers with a 2xx code."),
    )
    events = forms.MultipleChoiceField(
        label=_("Which events?"),
        choices=[(event, EVENT_LABELS[event]) for event in webhooks.EVENTS],
        widget=forms.CheckboxSelectMultiple,
        initial=list(webhooks.EVENTS),
    )

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not webhooks.is_allowed_url(url):
            raise forms.ValidationError(
                _("Use an address that starts with https:// and points to a public server.")
            )
        if WebhookEndpoint.objects.active().filter(region=self.region, url=url).exists():
            raise forms.ValidationError(_("This address is registered already."))
        return url

    def clean_events(self) -> list[str]:
        chosen = set(self.cleaned_data["events"])
        return [event for event in webhooks.EVENTS if event in chosen]


class WidgetSnippetForm(forms.Form):
    """What the coordinator chooses for their region's widget code (a GET form)."""

    vakgebied = forms.ModelChoiceField(
        label=_("Only courses in this field"),
        queryset=Sector.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All fields"),
    )
    aantal = forms.TypedChoiceField(
        label=_("How many courses?"),
        choices=[(3, "3"), (5, "5"), (10, "10")],
        coerce=int,
        initial=5,
    )
