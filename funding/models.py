from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import Situation
from regions.models import Region, Sector


class Scheme(models.Model):
    """A funding scheme (regeling, fonds, subsidie): national, regional or for a sector."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        SECTOR = "sector", _("Sector (O&O fund)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")
        EXHAUSTED = "exhausted", _("Budget used up")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    funder = models.CharField(_("funder"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    target_groups = models.JSONField(
        _("target groups"),
        default=list,
        blank=True,
        help_text=_("Situations this scheme is for; empty means everyone."),
    )
    regions = models.ManyToManyField(
        Region,
        related_name="schemes",
        blank=True,
        verbose_name=_("regions"),
        help_text=_("Empty means the whole country."),
    )
    sectors = models.ManyToManyField(
        Sector,
        related_name="schemes",
        blank=True,
        verbose_name=_("fields"),
        help_text=_("Empty means every field."),
    )
    maximum_amount = models.DecimalField(
        _("maximum amount (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    percentage_covered = models.PositiveSmallIntegerField(
        _("percentage of the cost covered"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    budget_total = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_remaining = models.DecimalField(
        _("remaining budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    apply_url = models.URLField(_("how to apply (link)"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Amounts are illustrative, not the scheme's real figures."),
    )

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage_covered__gte=1, percentage_covered__lte=100),
                name="scheme_percentage_1_to_100",
            ),
            models.CheckConstraint(
                condition=Q(maximum_amount__isnull=True) | Q(maximum_amount__gt=0),
                name="scheme_maximum_positive",
            ),
            models.CheckConstraint(
                condition=Q(budget_remaining__isnull=True) | Q(budget_remaining__gte=0),
                name="scheme_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_total__isnull=True)
                | Q(budget_remaining__isnull=True)
                | Q(budget_remaining__lte=F("budget_total")),
                name="scheme_remaining_within_total",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="scheme_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.target_groups or []) - set(Situation.values)
        if not isinstance(self.target_groups, list) or unknown:
            raise ValidationError(
                {"target_groups": _("Choose target groups from: %(values)s")
                 % {"values": ", ".join(Situation.values)}}
            )
