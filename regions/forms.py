"""Forms of the coordinators' pages on the dashboard (docs/dashboard.md, "Coordinators"), and
the municipality field that every form asking where a person lives uses."""

from collections.abc import Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import model_to_dict
from django.utils.translation import gettext_lazy as _

from .models import Desk, Initiative, Membership, Municipality, Region, record_changes


def save_with_history(form: forms.ModelForm, *, user, regions: Iterable[Region]) -> models.Model:
    """Save a valid model form and keep what changed as the history of each region (its
    ChangeRecords: who, when, old and new), in one transaction."""
    old_values = model_to_dict(type(form.instance).objects.get(pk=form.instance.pk))
    for name in form.changed_data:
        value = getattr(form.instance, name, None)
        if isinstance(value, str):
            # Browsers send a textarea's line breaks as \r\n: the same text is no change.
            setattr(form.instance, name, value.replace("\r\n", "\n"))
    with transaction.atomic():
        instance = form.save()
        for region in regions:
            record_changes(
                user=user,
                region=region,
                instance=instance,
                fields=form.changed_data,
                old_values=old_values,
            )
    return instance


class MunicipalityField(forms.CharField):
    """A municipality typed by its name (or CBS code). The form's clean_<field> turns the text
    into a Municipality with `municipality()`, passing the code the person chose from a list
    when a name fits several. The error messages may be set per form; "ambiguous" may use
    %(names)s."""

    default_error_messages = {
        "required": _("Type the name of your municipality."),
        "max_length": _("Use at most %(limit_value)d characters."),
        "unknown": _("We do not know this municipality. Check how the name is written."),
        "ambiguous": _("More than one municipality fits this name. Choose yours from the list."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.matches: list[Municipality] = []

    def municipality(self, text: str, chosen_code: str = "") -> Municipality:
        """The one municipality the text names, else ValidationError "ambiguous" (the
        candidates stay in `matches`) or "unknown"."""
        exact = Municipality.objects.by_code(text)
        if exact is not None:
            return exact
        matches = list(Municipality.objects.matching(text).select_related("region"))
        chosen = [place for place in matches if chosen_code and place.code == chosen_code]
        if chosen or len(matches) == 1:
            return (chosen or matches)[0]
        self.matches = matches
        if matches:
            names = ", ".join(place.name for place in matches[:5])
            raise ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"names": names}
            )
        raise ValidationError(self.error_messages["unknown"], code="unknown")


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["introduction"]
        labels = {"introduction": _("Introduction on the region page")}
        help_texts = {"introduction": _("A few short sentences about work and learning here.")}

    def clean_introduction(self) -> str:
        return self.cleaned_data["introduction"].strip()


class DeskForm(forms.ModelForm):
    contact_within_days = forms.IntegerField(
        label=_("First contact within (working days)"),
        help_text=_("A number from 1 to 30."),
        min_value=1,
        max_value=30,
        error_messages={
            "required": _("Enter in how many working days you contact a person."),
            "invalid": _("Enter a whole number of days, such as 5."),
            "min_value": _("Enter at least 1 working day."),
            "max_value": _("Enter at most 30 working days."),
        },
    )

    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address like https://www.example.nl.")},
    )

    class Meta:
        model = Desk
        fields = [
            "name",
            "email",
            "phone",
            "address",
            "opening_hours",
            "website",
            "contact_within_days",
        ]
        error_messages = {
            "name": {"required": _("Enter the name of the desk.")},
            "email": {
                "required": _("Enter the e-mail address that gets the new requests."),
                "invalid": _("Enter an e-mail address like name@example.nl."),
            },
        }


class AdviserAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new adviser"),
        help_text=_("The person needs an account already. The national editors make accounts."),
        error_messages={
            "required": _("Enter the e-mail address of the adviser."),
            "invalid": _("Enter an e-mail address like name@example.nl."),
        },
    )

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_email(self):
        """The existing, active account with this address, not yet an adviser here."""
        user = (
            get_user_model()
            .objects.filter(email__iexact=self.cleaned_data["email"], is_active=True)
            .first()
        )
        if user is None:
            raise forms.ValidationError(
                _("There is no account with this e-mail address. Ask a national editor.")
            )
        if Membership.objects.filter(
            user=user, region=self.region, role=Membership.Role.ADVISER
        ).exists():
            raise forms.ValidationError(_("This person is an adviser in this region already."))
        return user


class AdviserRemoveForm(forms.Form):
    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This adviser is not in your region (any more).")},
    )

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = Membership.objects.filter(
            region=region, role=Membership.Role.ADVISER
        )


class InitiativeLinkForm(forms.Form):
    """Link an initiative to the region, or take the link away."""

    class Action(models.TextChoices):
        LINK = "link", _("Link")
        UNLINK = "unlink", _("Unlink")

    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        empty_label=_("Choose an initiative"),
        error_messages={
            "required": _("Choose an initiative."),
            "invalid_choice": _("Choose an initiative from the list."),
        },
    )
    action = forms.ChoiceField(choices=Action.choices, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        field = self.fields["initiative"]
        if self.data.get("action") == self.Action.UNLINK:
            field.queryset = Initiative.objects.filter(regions=region)
        else:
            field.queryset = Initiative.objects.linkable_to(region)
            field.error_messages["invalid_choice"] = _(
                "Choose an initiative from the list. You can link only initiatives that serve "
                "your region; a national editor decides which regions they serve."
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["action"] = cleaned.get("action") or self.Action.LINK
        initiative = cleaned.get("initiative")
        if (
            initiative
            and cleaned["action"] == self.Action.UNLINK
            and initiative.regions.count() == 1
        ):
            self.add_error(
                "initiative",
                _("This is the only region of the initiative. Ask a national editor to end it."),
            )
        return cleaned
