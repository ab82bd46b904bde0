"""The form of the funding check on /regelingen/check/: situation, municipality, a course.

Each clean_<field> returns a domain value. When a name fits several municipalities or
words fit several courses, the form keeps them in `municipality_choices` / `course_choices`
so the page can offer them as radio buttons (named gemeente_code and course).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import Situation
from regions.forms import MunicipalityField
from regions.models import Municipality
from trajectories.models import Course

MAX_CHOICES_SHOWN = 10


class FundingCheckForm(forms.Form):
    situatie = forms.TypedChoiceField(
        label=_("What is your situation now?"),
        choices=Situation.choices,
        coerce=Situation,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the situation that fits you best."),
            "invalid_choice": _("Choose one of the situations in the list."),
        },
    )
    # Chosen from the radio buttons when a name fits several; cleaned before the name.
    gemeente_code = forms.CharField(max_length=6, required=False, widget=forms.HiddenInput)
    gemeente = MunicipalityField(
        label=_("In which municipality do you live?"),
        help_text=_("For example Den Haag or Súdwest-Fryslân. We use it to find your region."),
        widget=forms.TextInput(
            attrs={"list": "municipality-names", "autocomplete": "address-level2"}
        ),
        error_messages={
            "ambiguous": _("More than one municipality fits this name. Choose yours below."),
        },
    )
    course = forms.CharField(max_length=220, required=False, widget=forms.HiddenInput)
    opleiding = forms.CharField(
        label=_("Which course do you want to follow?"),
        help_text=_(
            "Type a few words of its name, for example: lasser. Not sure yet? Leave it empty: "
            "you then see every scheme that may fit you."
        ),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_choices: list[Municipality] = []
        self.course_choices: list[Course] = []

    def clean_gemeente(self) -> Municipality:
        field = self.fields["gemeente"]
        try:
            return field.municipality(
                self.cleaned_data["gemeente"], self.cleaned_data.get("gemeente_code", "")
            )
        except ValidationError:
            self.municipality_choices = field.matches[:MAX_CHOICES_SHOWN]
            raise

    def clean_opleiding(self) -> Course | None:
        text = self.cleaned_data["opleiding"].strip()
        if not text:
            return None
        courses = Course.objects.published().select_related("sector", "provider")
        chosen_slug = self.cleaned_data.get("course")
        chosen = courses.filter(slug=chosen_slug).first() if chosen_slug else None
        if chosen and chosen.title.casefold() == text.casefold():
            return chosen
        matches = list(courses.search(text).by_relevance(text)[: MAX_CHOICES_SHOWN + 1])
        if chosen in matches or len(matches) == 1:
            return chosen if chosen in matches else matches[0]
        if matches:
            self.course_choices = matches[:MAX_CHOICES_SHOWN]
            raise ValidationError(
                _("More than one course fits these words. Choose yours below."), code="ambiguous"
            )
        raise ValidationError(
            _("We found no course with these words. Try other words, or leave this field empty."),
            code="unknown",
        )
