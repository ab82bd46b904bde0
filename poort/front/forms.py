"""The forms of the orientation intake, one per step, and of "ik heb interesse" on a course page.

Each clean_<field> returns a domain value.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from poort.bsn import contains_bsn
from poort.vocabulary import Situation
from regions.forms import MunicipalityField
from regions.models import Municipality, Sector
from trajectories.models import Course, Offering, Referral, WhatMatters

MAX_CHOICES_SHOWN = 10


def reject_bsn(value: str) -> None:
    if contains_bsn(value):
        raise ValidationError(
            _(
                "This looks like a citizen service number (BSN). We never need your BSN "
                "and we do not store it. Please remove the number."
            ),
            code="bsn",
        )


class IntakeStepForm(forms.Form):
    """One step of the intake. Every free-text field refuses a BSN."""

    title = ""
    not_answers: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(reject_bsn)

    def answers(self) -> dict:
        """The cleaned answers that describe the person, for intake_submit."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in self.not_answers
        }


class SituationForm(IntakeStepForm):
    title = _("Your situation")

    situation = forms.ChoiceField(
        label=_("What is your situation now?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the situation that fits you best."),
            "invalid_choice": _("Choose one of the situations in the list."),
        },
    )
    occupation = forms.CharField(
        label=_("What is your job now, or what was your last job?"),
        help_text=_("For example: warehouse worker, cook or nurse. No job yet? Leave it empty."),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def clean_situation(self) -> Situation:
        return Situation(self.cleaned_data["situation"])


class InterestsForm(IntakeStepForm):
    title = _("Your interests")

    sectors = forms.ModelMultipleChoiceField(
        label=_("Which technical fields interest you?"),
        help_text=_("Choose one or more. Not sure yet? Then skip this question."),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose fields from the list."),
            "invalid_pk_value": _("Choose fields from the list."),
            "invalid_list": _("Choose fields from the list."),
        },
    )
    what_matters = forms.MultipleChoiceField(
        label=_("What matters to you?"),
        help_text=_("Choose everything that fits."),
        choices=WhatMatters.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose from the list."),
            "invalid_list": _("Choose from the list."),
        },
    )

    def clean_sectors(self) -> list[Sector]:
        return list(self.cleaned_data["sectors"])

    def clean_what_matters(self) -> list[WhatMatters]:
        return [WhatMatters(value) for value in self.cleaned_data["what_matters"]]


class MunicipalityForm(IntakeStepForm):
    title = _("Where you live")
    not_answers = ("municipality_code",)

    # Filled by a radio button when a name fits several municipalities; cleaned first.
    municipality_code = forms.CharField(max_length=6, required=False, widget=forms.HiddenInput)
    municipality = MunicipalityField(
        label=_("In which municipality do you live?"),
        help_text=_(
            "Type the name of your municipality, for example Den Haag or Súdwest-Fryslân. "
            "Do you live in a village? Then type the municipality it belongs to."
        ),
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        # A municipality chosen from a region's list (the intake preset to a region) without
        # typing anything: its name, as if typed, and the code says which one it is.
        if data is not None and not (data.get("municipality") or "").strip():
            chosen = Municipality.objects.by_code(data.get("municipality_code"))
            if chosen is not None:
                data = data.copy()
                data["municipality"] = chosen.name
        super().__init__(data, *args, **kwargs)
        # With htmx, the choices below the field follow what is typed (see step_3.html).
        self.fields["municipality"].widget.attrs |= {
            "autocomplete": "address-level2",
            "data-hx-get": reverse("intake_municipalities"),
            "data-hx-trigger": "input changed delay:300ms, search",
            "data-hx-target": "#municipality-choices",
            "data-hx-include": "#municipality-choices",
            "data-hx-sync": "this:replace",
        }

    def clean_municipality(self) -> Municipality:
        return self.fields["municipality"].municipality(
            self.cleaned_data["municipality"], self.cleaned_data.get("municipality_code", "")
        )

    @staticmethod
    def matches(text: str) -> list[Municipality]:
        return list(Municipality.objects.matching(text).select_related("region"))


class ContactForm(IntakeStepForm):
    title = _("How we can reach you")

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={
            "required": _("Fill in your first name."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you a confirmation and a link to follow your question."),
        max_length=254,
        error_messages={
            "required": _("Fill in your e-mail address."),
            "invalid": _("Fill in an e-mail address like name@example.nl."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("Only needed if you want us to call you. For example 06 12345678."),
        max_length=20,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    contact_preference = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=Referral.ContactPreference.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you would like to be contacted."),
            "invalid_choice": _("Choose one of the ways in the list."),
        },
    )

    def clean_first_name(self) -> str:
        return self._plain_name(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return self._plain_name(self.cleaned_data["last_name"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        digits = re.sub(r"[^0-9]", "", phone)
        if phone and (not re.fullmatch(r"\+?[0-9 ()\-.]+", phone) or not 10 <= len(digits) <= 15):
            raise ValidationError(
                _("Fill in a phone number of 10 digits, like 06 12345678."), code="phone"
            )
        return phone

    def clean_contact_preference(self) -> Referral.ContactPreference:
        return Referral.ContactPreference(self.cleaned_data["contact_preference"])

    def clean(self) -> dict:
        cleaned = super().clean()
        wants_a_call = cleaned.get("contact_preference") == Referral.ContactPreference.PHONE
        if wants_a_call and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("You chose a phone call. Fill in your phone number."))
        return cleaned

    @staticmethod
    def _plain_name(name: str) -> str:
        if re.search(r"[0-9<>@/\\:;=_{}\[\]|#$%^*+]", name):
            raise ValidationError(_("Use only letters in your name."), code="name")
        return name


class ConsentForm(IntakeStepForm):
    title = _("Your permission")
    not_answers = ("consent", "website")

    consent = forms.BooleanField(
        label=_(
            "I agree that Gouden Poort passes my answers to the advice desk in my region, "
            "so they can contact me."
        ),
        error_messages={
            "required": _(
                "Tick the box to agree. Without your permission we cannot pass on your question."
            )
        },
    )
    # Honeypot: hidden from people; a bot that fills it in is not referred.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].validators.clear()

    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


STEP_FORMS: dict[int, type[IntakeStepForm]] = {
    1: SituationForm,
    2: InterestsForm,
    3: MunicipalityForm,
    4: ContactForm,
    5: ConsentForm,
}


class OfferingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, offering: Offering) -> str:
        return offering.describe()


class InterestForm(MunicipalityForm, ContactForm, ConsentForm):
    """The "ik heb interesse" form of a course page: the intake's questions about where the
    person lives, their name and e-mail, and consent, in one form, plus their preferred start."""

    not_answers = ("municipality_code", "consent", "website")
    # municipality_code before municipality: clean_municipality reads the chosen code.
    field_order = [
        "first_name",
        "last_name",
        "email",
        "municipality_code",
        "municipality",
        "offering",
        "consent",
    ]

    phone = None
    contact_preference = None
    offering = OfferingChoiceField(
        label=_("Which start date do you prefer?"),
        queryset=Offering.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        blank=True,
        empty_label=_("No preference yet"),
        error_messages={"invalid_choice": _("Choose one of the start dates in the list.")},
    )

    def __init__(self, *args, course: Course, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = course.offerings.upcoming().select_related(
            "municipality"
        )
        if not self.fields["offering"].queryset.exists():
            del self.fields["offering"]
