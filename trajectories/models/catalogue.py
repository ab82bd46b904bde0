"""The catalogue's models: providers, courses, their offerings (start dates), and the narrow
tables the search counts on (CatalogueEntry, the catalogue index). They never use the casework
(docs/architecture.md)."""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from funding.engine import CourseFacts
from funding.models import Scheme
from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level
from regions.models import Municipality, Region, Sector
from trajectories.catalogue.textsearch import (
    RANK_WINDOW,
    accent_blind_pattern,
    dutch_query,
    known_word_key,
    remember_known_word,
    search_words,
)


class Provider(models.Model):
    """A training provider (aanbieder, opleider)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    intake_email = models.EmailField(
        _("intake e-mail"), blank=True, help_text=_("Receives interest sign-ups when set.")
    )
    source = models.CharField(_("source"), max_length=20, blank=True)
    source_id = models.CharField(_("source id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="provider_unique_source_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Catalogue search (docs/catalogue.md). PostgreSQL: full text with the Dutch configuration
# on Course.search_vector (kept up to date by a trigger); a word that no course contains is
# taken for a typing error and matched against the titles by trigram similarity. Relevance
# is computed for a window of at most two times RANK_WINDOW matches. SQLite: every word in
# the title, summary, provider or field, accents ignored.


class CourseQuerySet(models.QuerySet):
    def published(self) -> "CourseQuerySet":
        return self.filter(is_published=True)

    def _on_postgresql(self) -> bool:
        return connections[self.db].vendor == "postgresql"

    def _known(self, word: str) -> bool:
        """Whether some course holds the word; remembered for an hour (docs/catalogue.md)."""
        key = known_word_key(word)
        known = cache.get(key)
        if known is None:
            words = Course.objects.using(self.db).filter(search_vector=dutch_query([word]))
            with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
                if self._on_postgresql():
                    # Through the index: a scan stopped at the first match reads the whole
                    # table for a word that no course holds.
                    cursor.execute("SET LOCAL enable_seqscan = off")
                known = words.exists()
            remember_known_word(word, known)
        return known

    def _text_condition(self, words: list[str]) -> tuple[Q, list[str]]:
        """The condition for the words on PostgreSQL, and the words matched in full text.

        A word no course holds is taken for a typing error: it must be close to a word of
        the title ("electrotechniek" finds "Elektrotechniek"). Such a word of fewer than
        four letters is too short to compare, and is left out.
        """
        known = [word for word in words if self._known(word)]
        condition = Q(search_vector=dutch_query(known)) if known else Q()
        for word in words:
            if word not in known and len(word) >= 4:
                condition &= Q(TrigramWordSimilar(F("title"), Value(word)))
        if not condition:
            condition = Q(pk__isnull=True)  # only noise: nothing matches
        return condition, known

    def search(self, text: str) -> "CourseQuerySet":
        """The courses that match every word of the text; all of them when it has none."""
        words = search_words(text)
        if not words:
            return self
        if self._on_postgresql():
            return self.filter(self._text_condition(words)[0])
        condition = Q()
        for word in words:
            pattern = accent_blind_pattern(word)
            condition &= (
                Q(title__iregex=pattern)
                | Q(summary__iregex=pattern)
                | Q(provider__name__iregex=pattern)
                | Q(sector__name__iregex=pattern)
            )
        return self.filter(condition)

    def relevance_window(self, text: str) -> "models.QuerySet":
        """The ids of the matches worth ranking (PostgreSQL): the first RANK_WINDOW with a
        title close to the words and the first RANK_WINDOW of all matches, so that a very
        common word costs a bounded amount of work. Call it after search(text)."""
        phrase = " ".join(search_words(text))
        matches = self.order_by().values_list("pk", flat=True)
        close_titles = matches.filter(TrigramWordSimilar(F("title"), Value(phrase)))
        return matches[:RANK_WINDOW].union(close_titles[:RANK_WINDOW])

    def by_relevance(self, text: str, window: list[int] | None = None) -> "CourseQuerySet":
        """Best matches first; call it after search(text) and the filters.

        On PostgreSQL only the relevance window is ranked and listed (pass it when it is
        known already). SQLite lists every match, those with all words in the title first.
        """
        words = search_words(text)
        if not words:
            return self.order_by("title", "pk")
        if not self._on_postgresql():
            title_has_all = Q()
            for word in words:
                title_has_all &= Q(title__iregex=accent_blind_pattern(word))
            relevance = Case(When(title_has_all, then=Value(1.0)), default=Value(0.0))
            return self.annotate(relevance=relevance).order_by("-relevance", "title", "pk")
        known = self._text_condition(words)[1]
        rank = TrigramWordSimilarity(Value(" ".join(words)), "title")
        if known:
            rank = SearchRank(F("search_vector"), dutch_query(known)) + rank
        return (
            self.model.objects.using(self.db)
            .filter(pk__in=self.relevance_window(text) if window is None else window)
            .annotate(relevance=rank)
            .order_by("-relevance", "title", "pk")
        )

    def offered(
        self,
        *,
        region: Region | None = None,
        starts_by: datetime.date | None = None,
        today: datetime.date | None = None,
    ) -> "CourseQuerySet":
        """Courses with an upcoming offering, in the region and starting by the date if given.

        Both conditions hold for the same offering. An online offering has no place and so
        lies in no region.
        """
        offerings = Offering.objects.upcoming(today).within(region=region, starts_by=starts_by)
        return self.filter(Exists(offerings.filter(course=OuterRef("pk"))))

    def in_region(self, region: Region, today: datetime.date | None = None) -> "CourseQuerySet":
        return self.offered(region=region, today=today)

    def with_next_start(
        self,
        *,
        region: Region | None = None,
        starts_by: datetime.date | None = None,
        today: datetime.date | None = None,
    ) -> "CourseQuerySet":
        """Annotate next_start and next_place: the first upcoming offering (that matches)."""
        first = (
            Offering.objects.upcoming(today)
            .within(region=region, starts_by=starts_by)
            .filter(course=OuterRef("pk"))
            .order_by("start_date", "pk")
        )
        return self.annotate(
            next_start=Subquery(first.values("start_date")[:1]),
            next_place=Subquery(first.values("municipality__name")[:1]),
        )


class CourseManager(models.Manager.from_queryset(CourseQuerySet)):
    def get_queryset(self) -> CourseQuerySet:
        # The search vector is for the database alone; loading it would only cost time.
        return super().get_queryset().defer("search_vector")


class OfferingQuerySet(models.QuerySet):
    def protected(self) -> "OfferingQuerySet":
        """Offerings that a referral or a trajectory refers to: they stay when a feed drops
        them. Through the reverse relations, so the catalogue needs no casework model."""
        return self.filter(Q(referrals__isnull=False) | Q(trajectories__isnull=False)).distinct()

    def upcoming(self, today: datetime.date | None = None) -> "OfferingQuerySet":
        return self.filter(start_date__gte=today or timezone.localdate())

    def within(
        self, *, region: Region | None = None, starts_by: datetime.date | None = None
    ) -> "OfferingQuerySet":
        """The offerings in the region and starting by the date, where given."""
        offerings = self
        if region is not None:
            offerings = offerings.filter(municipality__region=region)
        if starts_by is not None:
            offerings = offerings.filter(start_date__lte=starts_by)
        return offerings

    def nearest_first(self, region: Region | None) -> "OfferingQuerySet":
        """The offerings in the region first, then the others; each group by start date."""
        offerings = self.select_related("municipality__region")
        if region is None:
            return offerings.order_by("start_date", "pk")
        elsewhere = Case(When(municipality__region=region, then=Value(0)), default=Value(1))
        return offerings.alias(elsewhere=elsewhere).order_by("elsewhere", "start_date", "pk")


class SectorRule(models.TextChoices):
    """How an imported course got its field (docs/imports.md); the first rule that names
    one wins, in this order after the editor."""

    EDITOR = "editor", _("an editor")
    CONSUMER = "consumer", _("the feed's own field")
    ISCED = "isced", _("its ISCED-F code")
    THEME = "theme", _("its themes and search words")
    TITLE = "title", _("its title")
    DEFAULT = "default", _("the feed's default field")
    UNCLASSIFIED = "unclassified", _("nothing yet: to be classified")


class Course(models.Model):
    """A course (opleiding, cursus, training) in the catalogue."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="courses", verbose_name=_("provider")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="courses", verbose_name=_("field")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, null=True, blank=True
    )
    certificate_kind = models.CharField(
        _("certificate"), max_length=30, choices=CertificateKind.choices
    )
    learning_path = models.CharField(
        _("learning path"), max_length=20, choices=LearningPath.choices, blank=True
    )
    mode = models.CharField(_("mode"), max_length=20, choices=CourseMode.choices)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    price = models.DecimalField(_("price (€)"), max_digits=9, decimal_places=2)
    crebo_code = models.CharField(
        _("crebo code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{5}$", _("A crebo code has five digits."))],
    )
    source = models.CharField(_("source"), max_length=20, blank=True)
    source_id = models.CharField(_("source id"), max_length=200, blank=True)
    sector_rule = models.CharField(
        _("field chosen by"),
        max_length=20,
        choices=SectorRule.choices,
        blank=True,
        help_text=_("How an import placed this course; a field an editor chooses stays."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Filled by a database trigger on PostgreSQL (migration 0002); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CourseManager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="course_unique_source_id",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="course_price_not_negative"),
            models.CheckConstraint(
                condition=Q(crebo_code="") | Q(crebo_code__regex=r"^[0-9]{5}$"),
                name="course_crebo_five_digits",
            ),
        ]
        # The catalogue's order without words (docs/catalogue.md): a page needs no sort, also
        # for one field, whose courses may all sort late in the alphabet.
        indexes = [
            models.Index(fields=["title", "id"], name="course_by_title"),
            models.Index(fields=["sector", "title", "id"], name="course_by_field_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("course_detail", args=[self.slug])

    def schemes_that_may_apply(self, regions: list[Region]) -> "models.QuerySet[Scheme]":
        """Open schemes for one of these regions or the whole country, and for this field."""
        return (
            Scheme.objects.open_on(timezone.localdate())
            .filter(Q(regions__isnull=True) | Q(regions__in=regions))
            .filter(Q(sectors__isnull=True) | Q(sectors=self.sector_id))
            .distinct()
            .order_by("name")
        )

    def funding_facts(self) -> CourseFacts:
        """The facts of this course that funding schemes look at, for the funding engine."""
        return CourseFacts(
            cost=self.price,
            sector=self.sector.slug,
            certificate_kind=self.certificate_kind,
            learning_path=self.learning_path,
            level=self.level,
        )


class Offering(models.Model):
    """One run of a course (startmoment): dates, place and price."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("course")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("place"),
        help_text=_("Empty for an offering that is fully online."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    price = models.DecimalField(
        _("price (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty means the course price."),
    )
    application_deadline = models.DateField(_("apply before"), null=True, blank=True)
    source_id = models.CharField(_("source id"), max_length=200, blank=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="offering_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True)
                | Q(application_deadline__lte=F("start_date")),
                name="offering_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="offering_price_not_negative",
            ),
            models.UniqueConstraint(
                fields=["course", "source_id"],
                condition=~Q(source_id=""),
                name="offering_unique_source_id",
            ),
        ]
        indexes = [models.Index(fields=["course", "start_date"], name="offering_course_start")]

    def __str__(self) -> str:
        return f"{self.course} – {self.start_date:%d-%m-%Y}"

    @property
    def cost(self) -> Decimal:
        """What this run costs: its own price, else the course price."""
        return self.course.price if self.price is None else self.price

    def describe(self) -> str:
        """Its start date and place, e.g. "2 maart 2027, Groningen", in the active language."""
        place = self.municipality.name if self.municipality else translation.gettext("Online")
        return f"{date_format(self.start_date, 'j F Y')}, {place}"


class FeedFormat(models.TextChoices):
    EDUDEX = "edudex", _("EDU-DEX (file, folder or URL of programs)")
    OOAPI = "ooapi", _("OOAPI v5 (file, folder or URL of a document)")


class CourseFeed(models.Model):
    """One source of courses the nightly sync imports (docs/imports.md)."""

    name = models.CharField(_("name"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=FeedFormat.choices)
    location = models.CharField(
        _("URL or path"),
        max_length=500,
        help_text=_("An http(s) URL, or a file or folder on the server."),
    )
    default_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default field"),
        help_text=_("For courses that no rule places in a field; empty: “nog in te delen”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course feed")
        verbose_name_plural = _("course feeds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["format", "location"], name="feed_unique_location")
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One import of a feed or of the command line: when, what it brought, what it refused."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("source not readable")

    MAX_PROBLEMS = 2000

    feed = models.ForeignKey(
        CourseFeed,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("feed"),
    )
    format = models.CharField(_("format"), max_length=20, choices=FeedFormat.choices)
    location = models.CharField(_("URL or path"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    unclassified = models.PositiveIntegerField(_("to be classified"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    providers_created = models.PositiveIntegerField(_("providers created"), default=0)
    error = models.TextField(_("error"), blank=True)
    problems = models.JSONField(
        _("problems"), default=list, blank=True, help_text=_("[record, reason] per invalid record")
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="import_run_feed_started")]

    def __str__(self) -> str:
        return f"{self.location} {self.started_at:%Y-%m-%d %H:%M}"

    def record(self, report: Any) -> None:
        """Finish the run with what an import report (ImportReport) counted and refused."""
        self.status = self.Status.FINISHED
        self.finished_at = timezone.now()
        for name in ("created", "updated", "unchanged", "unclassified", "providers_created"):
            setattr(self, name, getattr(report, name))
        self.invalid = len(report.invalid)
        self.problems = [list(problem) for problem in report.invalid[: self.MAX_PROBLEMS]]
        self.save()

    def fail(self, error: str) -> None:
        """Finish the run of a source that could not be read at all."""
        self.status, self.error, self.finished_at = self.Status.FAILED, error, timezone.now()
        self.save()


class CatalogueEntry(models.Model):
    """What the catalogue search filters and counts on for one course, in a narrow row.

    On PostgreSQL database triggers (migration 0007) write it in the same transaction as
    the course, its offerings or a municipality changes, however they are written; on
    SQLite it stays empty. Django never writes it (docs/catalogue.md). `starts` holds each
    offering's region and day (region id * 65536 + days since 2000-01-01; online is region
    0), `days` the days alone; both sorted.
    """

    course = models.OneToOneField(
        Course,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    is_published = models.BooleanField()
    sector = models.ForeignKey(
        Sector, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True)
    learning_path = models.CharField(max_length=20)
    mode = models.CharField(max_length=20)
    certificate_kind = models.CharField(max_length=30)
    price = models.DecimalField(max_digits=9, decimal_places=2)
    starts = ArrayField(models.BigIntegerField())
    days = ArrayField(models.IntegerField())

    class Meta:
        managed = False

    def __str__(self) -> str:
        return f"catalogue entry of course {self.course_id}"


class CatalogueState(models.Model):
    """One row: how often the catalogue changed, and which catalogue index is current.

    `changes` is raised by database triggers (migration 0008) in the same transaction as
    every statement that writes courses, offerings, providers, fields or municipalities
    (PostgreSQL). The index (CatalogueIndexPart, trajectories/catalogue/index.py) is current
    while it was built from the catalogue as it is (`index_changes` = `changes`) and for
    today (`index_day`); otherwise the search counts without it (docs/catalogue.md).
    """

    changes = models.BigIntegerField(default=0)
    index_generation = models.BigIntegerField(null=True)
    index_changes = models.BigIntegerField(null=True)
    index_day = models.DateField(null=True)
    index_built_at = models.DateTimeField(null=True)
    index_seconds = models.FloatField(null=True)

    def __str__(self) -> str:
        return f"catalogue state ({self.changes} changes)"


class CatalogueIndexPart(models.Model):
    """One set of courses of the catalogue index, as a compressed bitset (bit n: course n).

    `name` says which set: "published", "sector:3", "level:2", "mode:online",
    "max_price:500" (price at most 500), "start:7:3-maanden" (an upcoming start in region 7
    within three months; "*" for anywhere, "any" for any day), "word:lass" (the courses
    whose search vector holds that lexeme). `courses` is how many courses the set holds.
    """

    generation = models.BigIntegerField()
    name = models.CharField(max_length=300)
    courses = models.PositiveIntegerField()
    bits = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["generation", "name"], name="index_part_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
