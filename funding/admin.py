from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import CertificateKind, LearningPath, Situation

from .engine import SITUATION_GROUPS
from .models import Scheme


def choice_list(label, choices, help_text) -> forms.MultipleChoiceField:
    """A JSON list of vocabulary values, edited as check boxes; none ticked means all."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


FIELDSETS = [
    (None, {"fields": ["name", "slug", "funder", "level", "summary", "body", "apply_url"]}),
    (
        _("Who and what it pays for"),
        {
            "fields": [
                "applicant",
                "target_groups",
                "regions",
                "sectors",
                "certificate_kinds",
                "learning_paths",
                "level_ceiling",
                "employer_required",
            ]
        },
    ),
    (
        _("Money"),
        {
            "fields": [
                "percentage_covered",
                "maximum_amount",
                "own_contribution_percentage",
                "budget_total",
                "budget_remaining",
            ]
        },
    ),
    (_("When"), {"fields": ["status", "opens_on", "closes_on"]}),
    (_("Combining"), {"fields": ["not_combinable_with"]}),
    (None, {"fields": ["is_demo"]}),
]


class SchemeAdminForm(forms.ModelForm):
    apply_url = forms.URLField(
        label=_("how to apply (link)"), required=False, assume_scheme="https"
    )
    target_groups = choice_list(
        _("target groups"),
        [(value, capfirst(SITUATION_GROUPS[value])) for value in Situation.values],
        _("Tick nothing when the scheme is for everyone."),
    )
    certificate_kinds = choice_list(
        _("certificates"),
        CertificateKind.choices,
        _("Tick nothing when every kind of certificate counts."),
    )
    learning_paths = choice_list(
        _("learning paths"),
        LearningPath.choices,
        _("Tick nothing when every course counts, also courses outside mbo."),
    )

    class Meta:
        model = Scheme
        fields = [name for _title, options in FIELDSETS for name in options["fields"]]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["not_combinable_with"]
            field.queryset = field.queryset.exclude(pk=self.instance.pk)


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    form = SchemeAdminForm
    list_display = ["name", "level", "funder", "status", "closes_on", "budget_remaining", "is_demo"]
    list_filter = ["level", "applicant", "status", "employer_required", "is_demo"]
    search_fields = ["name", "funder", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "sectors", "not_combinable_with"]
    fieldsets = FIELDSETS
