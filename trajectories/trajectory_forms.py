"""The forms of a trajectory: planning it in the dashboard, its start and end, and the
person's answer to a check-in (docs/dashboard.md, "Trajectory plan" and "Follow-up")."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from funding.engine import euros
from poort.vocabulary import Situation

from .models import CheckIn, Course, Offering, Trajectory

# A start recorded late may lie this far back; further back, check-ins would pile up.
START_AT_MOST_DAYS_AGO = 31
START_AT_MOST_DAYS_AHEAD = 366


class CourseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for a course"),
        required=False,
        max_length=100,
        help_text=_("For example: warmtepomp, lassen or elektrotechniek."),
    )
    # The course chosen from the results (?opleiding=<id>); a value that is no number is ignored.
    opleiding = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def chosen_course_id(self) -> int | None:
        self.is_valid()
        return self.cleaned_data.get("opleiding")


class OfferingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, offering: Offering) -> str:
        place = offering.municipality.name if offering.municipality else _("online")
        start = date_format(offering.start_date)
        return f"{start} – {place} – {euros(offering.cost)}"


class PlanForm(forms.Form):
    offering = OfferingChoiceField(
        label=_("Start date"),
        queryset=Offering.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a start date.")},
    )
    situation = forms.ChoiceField(
        label=_("The person's situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Schemes depend on it. A person who signed up for a course was not asked; ask them."
        ),
        error_messages={"required": _("Choose the person's situation.")},
    )
    agreements = forms.CharField(
        label=_("Agreements"),
        required=False,
        max_length=Trajectory.AGREEMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What you agreed with the person, for example who pays the rest. The person reads "
            "this on their own page. At most 2000 characters. No medical or other sensitive "
            "details."
        ),
    )

    def __init__(self, *args, course: Course | None, **kwargs) -> None:
        """The upcoming offerings of the course, the first one chosen unless the initial
        offering is one of them; none before a course is chosen."""
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = (
            Offering.objects.upcoming()
            .filter(course=course)
            .select_related("municipality", "course")
            .order_by("start_date", "pk")
            if course is not None
            else Offering.objects.none()
        )
        offerings = self.fields["offering"].queryset
        if not offerings.filter(pk=self.initial.get("offering")).exists():
            self.initial["offering"] = offerings.values_list("pk", flat=True).first()


class StartForm(forms.Form):
    started_on = forms.DateField(
        label=_("Start day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave it empty when the person started on the start date of the course."),
    )

    def clean_started_on(self) -> datetime.date | None:
        day = self.cleaned_data["started_on"]
        today = timezone.localdate()
        if day is not None and day < today - datetime.timedelta(days=START_AT_MOST_DAYS_AGO):
            raise forms.ValidationError(_("The start day can be at most a month ago."))
        if day is not None and day > today + datetime.timedelta(days=START_AT_MOST_DAYS_AHEAD):
            raise forms.ValidationError(_("The start day can be at most a year from now."))
        return day


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did the trajectory end?"),
        choices=[
            (Trajectory.Status.COMPLETED, _("The person finished the course")),
            (Trajectory.Status.STOPPED, _("The person stopped early")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        # Its own ids: the status form on the same page also has a "note".
        super().__init__(*args, auto_id="id_end_%s", **kwargs)


class CheckInAnswerForm(forms.Form):
    """The person's answer. The e-mail's links name an answer in Dutch (?antwoord=goed)."""

    ANSWER_WORDS = {
        "goed": CheckIn.Answer.GOING_WELL,
        "probleem": CheckIn.Answer.PROBLEM,
        "gestopt": CheckIn.Answer.STOPPED,
        "klaar": CheckIn.Answer.FINISHED,
    }

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=CheckIn.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the answer that fits you.")},
    )
    note = forms.CharField(
        label=_("Do you want to tell us more?"),
        required=False,
        max_length=CheckIn.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 500 characters. Your adviser reads this."),
    )

    @classmethod
    def answer_from_link(cls, word: str) -> str:
        return cls.ANSWER_WORDS.get(word, "")
