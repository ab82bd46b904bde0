import datetime
import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from poort.profile import PersonProfile
from poort.vocabulary import CertificateKind, LearningPath, Situation
from poort.vocabulary import Level as NlqfLevel
from regions.models import Municipality, Region, Sector

from .engine import CourseFacts, FundingStack, Named, Profile, SchemeRules, check


def choice_list_error(value: object, allowed: Iterable[str]) -> str | None:
    """The message for a JSON list that holds something other than values from `allowed`."""
    allowed = list(allowed)
    if not isinstance(value, list):
        return _("Give a list of values. Use only: %(allowed)s.") % {"allowed": ", ".join(allowed)}
    wrong = [repr(item) for item in value if item not in allowed]
    if wrong:
        return _("Unknown value: %(wrong)s. Use only: %(allowed)s.") % {
            "wrong": ", ".join(wrong),
            "allowed": ", ".join(allowed),
        }
    return None


@functools.lru_cache(maxsize=4096)
def stored_list(text: str | None) -> frozenset[str]:
    """A JSON list, as stored, as a set of strings.

    Anything but a list of strings still counts as a condition that nobody meets. Schemes
    share few distinct lists, so each is parsed once per process.
    """
    value = json.loads(text) if text else None
    if not value:
        return frozenset()
    items = value if isinstance(value, list) else [value]
    return frozenset(item if isinstance(item, str) else repr(item) for item in items)


# A scheme that closes within this many days shows its closing date prominently.
CLOSING_SOON_DAYS = 30


def closes_soon(closes_on: datetime.date | None, today: datetime.date) -> bool:
    """Whether a closing date lies between today and CLOSING_SOON_DAYS from now."""
    soon = today + datetime.timedelta(days=CLOSING_SOON_DAYS)
    return closes_on is not None and today <= closes_on <= soon


class LiveStatus(models.TextChoices):
    """A scheme's status as people see it on a day: its stored status, dates and money.

    The same order of rules as the funding check (funding.engine.status_rule), so a scheme
    shows as open exactly when the check can count it.
    """

    OPEN = "open", _("Open")
    UPCOMING = "upcoming", _("Not open yet")
    PAUSED = "paused", _("Paused")
    EXHAUSTED = "exhausted", _("Budget used up")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class CourseFunding:
    """What the course page shows of the funding for the person whose profile we know."""

    situation: str
    municipality: Municipality
    stack: FundingStack


class SchemeQuerySet(models.QuerySet):
    def course_funding(
        self, person: PersonProfile, course: CourseFacts, today: datetime.date
    ) -> CourseFunding | None:
        """The funding stack of these schemes for one course and the person whose situation
        and municipality we know (from the funding check or the intake); None without them."""
        municipality = Municipality.objects.from_profile(person) if person.is_complete else None
        if municipality is None:
            return None
        asker = Profile(situation=person.situation, region=municipality.region.code)
        result = check(self.as_rules(), asker, course, today)
        return CourseFunding(str(Situation(person.situation).label), municipality, result.stack)

    def with_live_status(self, today: datetime.date) -> "SchemeQuerySet":
        """Annotate `live_status` (a LiveStatus value) and `closing_soon` (open, closes soon)."""
        live_status = Case(
            When(status=Scheme.Status.PAUSED, then=Value(LiveStatus.PAUSED.value)),
            When(status=Scheme.Status.CLOSED, then=Value(LiveStatus.CLOSED.value)),
            When(
                Q(status=Scheme.Status.EXHAUSTED) | Q(budget_remaining=0),
                then=Value(LiveStatus.EXHAUSTED.value),
            ),
            When(opens_on__gt=today, then=Value(LiveStatus.UPCOMING.value)),
            When(closes_on__lt=today, then=Value(LiveStatus.CLOSED.value)),
            default=Value(LiveStatus.OPEN.value),
            output_field=models.CharField(),
        )
        soon = today + datetime.timedelta(days=CLOSING_SOON_DAYS)
        closing_soon = Case(
            When(live_status=LiveStatus.OPEN, closes_on__lte=soon, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        )
        return self.annotate(live_status=live_status).annotate(closing_soon=closing_soon)

    def open_on(self, today: datetime.date) -> "SchemeQuerySet":
        """The schemes people can apply to on the day: the ones the funding check counts."""
        return self.with_live_status(today).filter(live_status=LiveStatus.OPEN)

    def open_first(self) -> "SchemeQuerySet":
        """After with_live_status(): the schemes people can apply to first, then by name."""
        rank = Case(
            *(When(live_status=status, then=Value(i)) for i, status in enumerate(LiveStatus)),
            output_field=models.IntegerField(),
        )
        return self.alias(status_rank=rank).order_by("status_rank", "name")

    def for_people(self) -> "SchemeQuerySet":
        """Schemes a person can get themselves or through their employer: not the money for
        schools and projects (Scheme.Applicant.INSTITUTION)."""
        return self.exclude(applicant=Scheme.Applicant.INSTITUTION)

    def available_in(self, region: Region) -> "SchemeQuerySet":
        """Schemes for people who live in the region: national ones and the region's own."""
        links = Scheme.regions.through.objects.filter(scheme=OuterRef("pk"))
        return self.filter(~Exists(links) | Exists(links.filter(region=region)))

    def for_field(self, sector: Sector) -> "SchemeQuerySet":
        """Schemes that pay for courses in the field: those for every field and its own."""
        links = Scheme.sectors.through.objects.filter(scheme=OuterRef("pk"))
        return self.filter(~Exists(links) | Exists(links.filter(sector=sector)))

    def refresh_statuses(self, today: datetime.date) -> dict[str, int]:
        """Store the live status of open schemes: budget used up, or closed after the date.

        Only open schemes change, and only towards exhausted or closed: a paused scheme
        stays paused, and reopening is an editor's decision (docs/funding.md, "Live
        status"). Safe to run twice. Returns how many schemes changed to each status.
        """
        changed = {}
        for status in (LiveStatus.EXHAUSTED, LiveStatus.CLOSED):
            due = self.with_live_status(today).filter(status=Scheme.Status.OPEN, live_status=status)
            changed[status.value] = self.filter(pk__in=due.values("pk")).update(status=status.value)
        return changed

    def as_rules(self) -> tuple[SchemeRules, ...]:
        """These schemes as plain values for the funding engine, in four queries in all."""
        as_text = {
            f"{name}_text": Cast(name, models.TextField())
            for name in ("target_groups", "certificate_kinds", "learning_paths")
        }
        rows = self.annotate(**as_text).values_list(
            "id",
            "name",
            "slug",
            "level",
            "status",
            "opens_on",
            "closes_on",
            "budget_remaining",
            "maximum_amount",
            "percentage_covered",
            "own_contribution_percentage",
            *as_text,
            "level_ceiling",
            "employer_required",
            "applicant",
        )
        chosen = self.values("pk")
        regions, sectors, exclusions = defaultdict(list), defaultdict(list), defaultdict(list)
        for link in (
            Scheme.regions.through.objects.filter(scheme__in=chosen)
            .order_by("region__name")
            .values_list("scheme_id", "region__code", "region__name")
        ):
            regions[link[0]].append(link)
        for link in (
            Scheme.sectors.through.objects.filter(scheme__in=chosen)
            .order_by("sector__name")
            .values_list("scheme_id", "sector__slug", "sector__name")
        ):
            sectors[link[0]].append(link)
        for one, other in (
            Scheme.not_combinable_with.through.objects.filter(from_scheme__in=chosen)
            .order_by("to_scheme_id")
            .values_list("from_scheme_id", "to_scheme_id")
        ):
            exclusions[one].append(other)
        return tuple(
            scheme_rules(
                row,
                tuple(regions.get(row[0], ())),
                tuple(sectors.get(row[0], ())),
                tuple(exclusions.get(row[0], ())),
            )
            for row in rows
        )


@functools.lru_cache(maxsize=8192)
def scheme_rules(
    row: tuple, regions: tuple[tuple, ...], sectors: tuple[tuple, ...], exclusions: tuple[int, ...]
) -> SchemeRules:
    """One scheme's rules from its row and links, as read by SchemeQuerySet.as_rules().

    The same row and links give the very same (frozen) value, so a page that checks all
    schemes builds only those that changed since the last check in this process: fewer
    new objects, less work for the garbage collector (docs/funding.md, "Loading").
    """
    return SchemeRules(
        *row[:11],
        target_groups=stored_list(row[11]),
        certificate_kinds=stored_list(row[12]),
        learning_paths=stored_list(row[13]),
        level_ceiling=row[14],
        employer_required=row[15],
        applicant=row[16],
        regions=tuple(Named(code, name) for _, code, name in regions),
        sectors=tuple(Named(slug, name) for _, slug, name in sectors),
        not_combinable_with=frozenset(exclusions) - {row[0]},
    )


class Scheme(models.Model):
    """A funding scheme (regeling, fonds, subsidie): national, regional or for a sector.

    Who and what it pays for is data: the funding engine (funding/engine.py) reads these
    fields as rules. An empty list or an empty choice means "no condition".
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        SECTOR = "sector", _("Sector (O&O fund)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")
        EXHAUSTED = "exhausted", _("Budget used up")

    class Applicant(models.TextChoices):
        INDIVIDUAL = "individual", _("Individuals: the person applies")
        EMPLOYER = "employer", _("Employers: the person gets it through their employer")
        INSTITUTION = "institution", _("Institutions: schools and projects, not the person")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    funder = models.CharField(_("funder"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    applicant = models.CharField(
        _("for whom"),
        max_length=12,
        choices=Applicant.choices,
        default=Applicant.INDIVIDUAL,
        help_text=_(
            "Who applies for the money. The funding check shows a person only the schemes for "
            "individuals, and employer schemes as 'via your employer'."
        ),
    )
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
    certificate_kinds = models.JSONField(
        _("certificates"),
        default=list,
        blank=True,
        help_text=_("Kinds of certificate a course must lead to; empty means every kind."),
    )
    learning_paths = models.JSONField(
        _("learning paths"),
        default=list,
        blank=True,
        help_text=_("Learning paths a course must follow; empty means every course."),
    )
    level_ceiling = models.PositiveSmallIntegerField(
        _("highest level"),
        choices=NlqfLevel.choices,
        null=True,
        blank=True,
        help_text=_("Only courses up to this level; empty means every level."),
    )
    employer_required = models.BooleanField(
        _("employer must take part"),
        default=False,
        help_text=_("Only when the person's employer takes part (applies or pays a share)."),
    )
    maximum_amount = models.DecimalField(
        _("maximum amount (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    percentage_covered = models.PositiveSmallIntegerField(
        _("percentage of the cost covered"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    own_contribution_percentage = models.PositiveSmallIntegerField(
        _("own contribution (%)"),
        default=0,
        validators=[MaxValueValidator(99)],
        help_text=_(
            "The part of the cost that the person or employer must pay themselves when this "
            "scheme is used, even when other schemes could pay it; 0 means none."
        ),
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
    not_combinable_with = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("not combinable with"),
        help_text=_("Schemes that may not pay for the same course together with this one."),
    )
    apply_url = models.URLField(_("how to apply (link)"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Amounts are illustrative, not the scheme's real figures."),
    )

    objects = SchemeQuerySet.as_manager()

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
            models.CheckConstraint(
                condition=Q(own_contribution_percentage__lte=100 - F("percentage_covered")),
                name="scheme_covered_and_own_within_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def applicant_note(self) -> str:
        """For a person: who applies, when it is not the person themselves."""
        return APPLICANT_NOTES.get(self.applicant, "")

    def clean(self) -> None:
        errors = {}
        for field, vocabulary in [
            ("target_groups", Situation),
            ("certificate_kinds", CertificateKind),
            ("learning_paths", LearningPath),
        ]:
            message = choice_list_error(getattr(self, field), vocabulary.values)
            if message:
                errors[field] = message
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The closing date cannot be before the opening date.")
        if (
            self.budget_total is not None
            and self.budget_remaining is not None
            and self.budget_remaining > self.budget_total
        ):
            errors["budget_remaining"] = _("The remaining budget cannot be more than the total.")
        if (
            self.percentage_covered is not None
            and self.own_contribution_percentage is not None
            and self.percentage_covered + self.own_contribution_percentage > 100
        ):
            errors["own_contribution_percentage"] = _(
                "Together, the percentage covered and the own contribution cannot be more than "
                "100 percent."
            )
        if errors:
            raise ValidationError(errors)


APPLICANT_NOTES = {
    Scheme.Applicant.EMPLOYER: _("Via your employer: your employer applies for this scheme."),
    Scheme.Applicant.INSTITUTION: _(
        "For schools and projects: you cannot apply for this money yourself."
    ),
}
