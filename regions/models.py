import re
import unicodedata

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poort.profile import PersonProfile, clean_municipality_code

region_code_validator = RegexValidator(r"^AM[0-9]{2}$", _("Use a code like AM01."))
municipality_code_validator = RegexValidator(r"^GM[0-9]{4}$", _("Use a code like GM0014."))


class RegionQuerySet(models.QuerySet):
    def with_public_facts(self) -> "RegionQuerySet":
        """With what the public pages show: `active_desks`, `active_initiatives` (lists) and
        the municipalities, each in one query however many regions."""
        return self.prefetch_related(
            models.Prefetch(
                "desks", queryset=Desk.objects.filter(is_active=True), to_attr="active_desks"
            ),
            models.Prefetch(
                "initiatives",
                queryset=Initiative.objects.filter(is_active=True),
                to_attr="active_initiatives",
            ),
            "municipalities",
        )


class Region(models.Model):
    """A labour market region (arbeidsmarktregio), one of 35 in 2025."""

    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[region_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("labour market region")
        verbose_name_plural = _("labour market regions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^AM[0-9]{2}$"), name="region_code_am"),
        ]

    def __str__(self) -> str:
        return self.name

    def neighbours(self) -> list["Region"]:
        """The regions that share a province with this one; for a region alone in its province
        (Friesland, Zeeland), the regions of the bordering provinces."""
        provinces = set(self.municipalities.values_list("province", flat=True))
        others = Region.objects.exclude(pk=self.pk).order_by("name")
        sharing = list(others.filter(municipalities__province__in=provinces).distinct())
        if sharing:
            return sharing
        bordering = {
            near for province in provinces for near in BORDERING_PROVINCES.get(province, ())
        }
        return list(others.filter(municipalities__province__in=bordering).distinct())


# Which provinces border on which (facts of the map; Fryslân and Noord-Holland share the
# Afsluitdijk). Used only for a region that shares its province with no other region.
BORDERING_PROVINCES = {
    "Groningen": ("Fryslân", "Drenthe"),
    "Fryslân": ("Groningen", "Drenthe", "Overijssel", "Flevoland", "Noord-Holland"),
    "Drenthe": ("Groningen", "Fryslân", "Overijssel"),
    "Overijssel": ("Drenthe", "Fryslân", "Flevoland", "Gelderland"),
    "Flevoland": ("Fryslân", "Overijssel", "Gelderland", "Utrecht", "Noord-Holland"),
    "Gelderland": (
        "Overijssel",
        "Flevoland",
        "Utrecht",
        "Zuid-Holland",
        "Noord-Brabant",
        "Limburg",
    ),
    "Utrecht": ("Noord-Holland", "Flevoland", "Gelderland", "Zuid-Holland"),
    "Noord-Holland": ("Fryslân", "Flevoland", "Utrecht", "Zuid-Holland"),
    "Zuid-Holland": ("Noord-Holland", "Utrecht", "Gelderland", "Noord-Brabant", "Zeeland"),
    "Zeeland": ("Zuid-Holland", "Noord-Brabant"),
    "Noord-Brabant": ("Zeeland", "Zuid-Holland", "Gelderland", "Limburg"),
    "Limburg": ("Noord-Brabant", "Gelderland"),
}


def normalise_place_name(text: str) -> str:
    """Lower case, no accents, no "'s-" prefix, words split by single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"^['\u2019`]?s[\s-]+", "", text.strip())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# What people call a municipality when it is not its official name (normalised → CBS code).
MUNICIPALITY_ALIASES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "den bosch": "GM0796",
    "sudwest friesland": "GM1900",
    "zuidwest friesland": "GM1900",
    "noordoost friesland": "GM1970",
    "de friese meren": "GM1940",
    "tietjerksteradeel": "GM0737",
    "dantumadeel": "GM1891",
}


class MunicipalityQuerySet(models.QuerySet):
    def by_code(self, code: object) -> "Municipality | None":
        """The municipality of a CBS code such as "GM0014" (any case, spaces around), with its
        region; None for anything else."""
        code = clean_municipality_code(code)
        return self.select_related("region").filter(code=code).first() if code else None

    def from_profile(self, person: PersonProfile) -> "Municipality | None":
        """Where the person said they live (poort/profile.py), if they said."""
        return self.by_code(person.municipality)

    def matching(self, text: str) -> "MunicipalityQuerySet":
        """The municipalities whose name fits the text best.

        Tiers, the first one that finds something wins: the exact name or a known alias;
        the name without its "(NH.)"-like suffix; names that begin with the text; names
        with a word that begins with it. Accents, case and "'s-" do not matter.
        """
        wanted = normalise_place_name(text)
        if not wanted:
            return self.none()
        exact, base, prefix, word = [], [], [], []
        for pk, code, name in self.values_list("pk", "code", "name"):
            names = [normalise_place_name(name)]
            names += [alias for alias, target in MUNICIPALITY_ALIASES.items() if target == code]
            if wanted in names:
                exact.append(pk)
            elif wanted == normalise_place_name(re.sub(r"\(.*?\)", "", name)):
                base.append(pk)
            elif any(name.startswith(wanted) for name in names):
                prefix.append(pk)
            elif any(f" {wanted}" in f" {name}" for name in names):
                word.append(pk)
        return self.filter(pk__in=exact or base or prefix or word)


class Municipality(models.Model):
    """A municipality (gemeente) and the labour market region it belongs to."""

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^GM[0-9]{4}$"), name="municipality_code_gm"
            ),
        ]

    def __str__(self) -> str:
        return self.name


isced_codes_validator = RegexValidator(
    r"^([0-9]{4}( |$))*$", _("Use four-digit ISCED-F codes separated by spaces, e.g. 0713 0714.")
)


class SectorQuerySet(models.QuerySet):
    def unclassified(self) -> "Sector":
        """The field of the courses that no rule placed yet ("nog in te delen"); made when
        an editor removed it."""
        return self.get_or_create(
            slug=UNCLASSIFIED_SECTOR_SLUG, defaults={"name": "Overig (nog in te delen)"}
        )[0]


# The slug of the field that holds the imported courses still to be classified.
UNCLASSIFIED_SECTOR_SLUG = "overig"


class Sector(models.Model):
    """A technical field (vakgebied) that courses, initiatives and schemes belong to.

    The fields and their ISCED-F codes and keywords are reference facts (migration 0004,
    regions/data/vakgebieden.json); the importers place a course with them
    (docs/imports.md).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    isced_codes = models.CharField(
        _("ISCED-F codes"),
        max_length=300,
        blank=True,
        validators=[isced_codes_validator],
        help_text=_(
            "The ISCED-F 2013 detailed fields (four digits, separated by spaces) whose "
            "courses belong here, e.g. 0713 for electricity and energy."
        ),
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One per line. A course whose themes, search words or title hold one of these "
            "(at the start of a word; capitals and accents do not matter) belongs here."
        ),
    )

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unclassified(self) -> bool:
        return self.slug == UNCLASSIFIED_SECTOR_SLUG

    def isced_code_list(self) -> list[str]:
        return self.isced_codes.split()

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class DeskQuerySet(models.QuerySet):
    def for_region(self, region: Region) -> "Desk":
        """The region's active desk, else the active national desk.

        Raises Desk.DoesNotExist when there is neither.
        """
        desks = {
            desk.region_id: desk
            for desk in self.filter(Q(region=region) | Q(region__isnull=True), is_active=True)
        }
        desk = desks.get(region.pk) or desks.get(None)
        if desk is None:
            raise self.model.DoesNotExist(f"No active desk for {region} and no national desk")
        return desk


class Desk(models.Model):
    """The regional desk that a referral goes to (Werkcentrum, RMT or Leerwerkloket).

    A desk without a region is the national desk that catches referrals from a region
    without an active desk of its own.
    """

    class Kind(models.TextChoices):
        WERKCENTRUM = "werkcentrum", _("Werkcentrum")
        RMT = "rmt", _("Regional mobility team (RMT)")
        LEERWERKLOKET = "leerwerkloket", _("Leerwerkloket")
        NATIONAL = "national", _("National desk")

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desks",
        verbose_name=_("region"),
        help_text=_("Leave empty for the national desk."),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("notification e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(_("address"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_within_days = models.PositiveSmallIntegerField(
        _("first contact within (working days)"), default=5
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = DeskQuerySet.as_manager()

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(is_active=True),
                name="one_active_desk_per_region",
            ),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True, region__isnull=True),
                name="one_active_national_desk",
            ),
            models.CheckConstraint(
                condition=Q(contact_within_days__gte=1, contact_within_days__lte=30),
                name="desk_promise_1_to_30_days",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InitiativeQuerySet(models.QuerySet):
    def linkable_to(self, region: Region) -> "InitiativeQuerySet":
        """Active initiatives that serve the region and are not linked to it yet: the ones its
        coordinator may link (which regions an initiative serves, an editor decides)."""
        return self.filter(is_active=True, serves=region).exclude(regions=region)


class Initiative(models.Model):
    """A regional initiative or talent fund, such as Het Noorden Leert Door.

    `serves`: the regions it works for, set by a national editor; `regions`: the regions
    whose pages show it, linked by their coordinators, always among the ones it serves.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    website = models.URLField(_("website"), blank=True)
    regions = models.ManyToManyField(Region, related_name="initiatives", verbose_name=_("regions"))
    serves = models.ManyToManyField(
        Region,
        related_name="served_by",
        verbose_name=_("serves the regions"),
        help_text=_(
            "The regions this initiative works for. Coordinators can link it only to these."
        ),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="initiatives", blank=True, verbose_name=_("fields")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Who coordinates or advises in which region."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Regional coordinator")
        ADVISER = "adviser", _("Adviser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("region")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["region__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="one_membership_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.region}"


class ChangeRecord(models.Model):
    """One field of one object changed on the dashboard: who, when, from what to what.

    Written by `record_changes` after every valid edit; shown per region to its coordinators.
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="change_records", verbose_name=_("region")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    object_kind = models.CharField(_("kind of object"), max_length=100)
    object_name = models.CharField(_("object"), max_length=300)
    field = models.CharField(_("field"), max_length=100)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.object_name}: {self.field}"


def record_changes(
    *, user, region: Region, instance: models.Model, fields: list[str], old_values: dict
) -> list[ChangeRecord]:
    """Keep one ChangeRecord per changed field of `instance` (old values taken before the edit)."""
    records = []
    for name in fields:
        field = instance._meta.get_field(name)
        old, new = old_values.get(name), getattr(instance, name)
        if old == new:
            continue
        records.append(
            ChangeRecord(
                region=region,
                user=user,
                object_kind=str(instance._meta.verbose_name),
                object_name=str(instance)[:300],
                field=str(field.verbose_name),
                old_value=readable(field, old),
                new_value=readable(field, new),
            )
        )
    return ChangeRecord.objects.bulk_create(records)


def readable(field: models.Field, value) -> str:
    """A value as people read it: the label of a choice, empty for nothing."""
    if value is None:
        return ""
    return str(dict(field.flatchoices).get(value, value))
