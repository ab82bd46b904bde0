"""The forms of the adviser's dashboard: the queue's filters and the actions on a referral."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Desk

from .models import ContactMoment, OnwardReferral, Provider, Referral


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string; a wrong value falls back to its default."""

    ALL = "all"
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open requests")), (ALL, _("All requests")), *Referral.Status.choices],
    )
    assigned = forms.ChoiceField(
        label=_("Adviser"),
        required=False,
        choices=[("", _("Everyone")), ("me", _("Assigned to me")), ("none", _("Not assigned"))],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Both kinds")), *Referral.Kind.choices]
    )
    overdue = forms.BooleanField(
        label=_("Only overdue: waiting too long for contact"), required=False
    )
    attention = forms.BooleanField(
        label=_("Only with a check-in answer that needs attention"), required=False
    )

    def filter(self, referrals, user):
        """The referrals that pass the valid filters."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        if status == "":
            referrals = referrals.exclude(status__in=Referral.CLOSED_STATUSES)
        elif status != self.ALL:
            referrals = referrals.filter(status=status)
        if data.get("assigned") == "me":
            referrals = referrals.filter(assigned_to=user)
        elif data.get("assigned") == "none":
            referrals = referrals.filter(assigned_to=None)
        if data.get("kind"):
            referrals = referrals.filter(kind=data["kind"])
        if data.get("overdue"):
            referrals = referrals.overdue()
        if data.get("attention"):
            referrals = referrals.needing_attention()
        return referrals


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did you have contact?"),
        choices=ContactMoment.Channel.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 500 characters. No medical or other sensitive details."),
    )


class StatusForm(forms.Form):
    # These follow from planning, starting and ending the trajectory (views/trajectory.py).
    SET_BY_THE_TRAJECTORY = (
        Referral.Status.TRAJECTORY_PLANNED,
        Referral.Status.IN_TRAJECTORY,
        Referral.Status.COMPLETED,
    )

    status = forms.ChoiceField(
        label=_("New status"),
        choices=(),
        error_messages={"required": _("Choose the new status.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral: Referral, **kwargs) -> None:
        # Its own ids: the contact form on the same page also has a "note".
        super().__init__(*args, auto_id="id_status_%s", **kwargs)
        offered = [
            status
            for status in referral.next_statuses()
            if status not in self.SET_BY_THE_TRAJECTORY
        ]
        placeholder = [("", _("Choose the new status"))] if offered else []
        self.fields["status"].choices = placeholder + [
            (status.value, status.label) for status in offered
        ]
        # The next step on the path is preselected; a closing one never is, so a slip of
        # the keyboard cannot withdraw a request.
        if offered and offered[0] not in Referral.CLOSED_STATUSES:
            self.fields["status"].initial = offered[0].value


class ReferOnForm(forms.Form):
    """Where the person goes: one desk of another region (or the national one), or a provider."""

    to_desk = forms.ModelChoiceField(
        label=_("To the desk of another region"),
        queryset=Desk.objects.none(),
        required=False,
        empty_label=_("No desk"),
    )
    to_provider = forms.ModelChoiceField(
        label=_("Or to a training provider"),
        queryset=Provider.objects.exclude(intake_email=""),
        required=False,
        empty_label=_("No provider"),
    )
    reason_code = forms.ChoiceField(
        label=_("Why do you refer the person on?"),
        choices=[("", _("Choose a reason")), *OnwardReferral.Reason.choices],
        help_text=_("The person reads this reason on their page and in an e-mail."),
        error_messages={"required": _("Choose why you refer the person on.")},
    )
    reason = forms.CharField(
        label=_("Note for the other desk (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only advisers see this note. The person does not."),
    )

    def __init__(self, *args, referral: Referral, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_desk"].queryset = (
            Desk.objects.filter(is_active=True)
            .exclude(Q(region=referral.region_id) & Q(region__isnull=False))
            .exclude(pk=referral.desk_id)
            .select_related("region")
            .order_by("region__name", "name")
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("to_desk") and data.get("to_provider"):
            self.add_error("to_desk", _("Choose one desk or one provider, not both."))
        elif not (data.get("to_desk") or data.get("to_provider") or self.has_error("to_desk")):
            self.add_error("to_desk", _("Choose a desk or a provider."))
        return data
