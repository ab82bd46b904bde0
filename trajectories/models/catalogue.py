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
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from funding.engine import CourseFacts
from funding.models import Scheme
from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level
from regions.models import Municipality, Region, Sector
from trajectories.catalogue.textsearch import (
    CLOSE_TO_KNOWN,
    CLOSE_TO_UNKNOWN,
    KNOWN,
    MIN_PREFIX_CORRECTION,
    RANK_WINDOW,
    SEARCH_CONFIG,
    STOP,
    UNKNOWN,
    VOCABULARY_SECONDS,
    Term,
    Understood,
    WordGroup,
    accent_blind_pattern,
    closest,
    dutch_query,
    known_word_key,
    remember_word_status,
    search_words,
    subject_words,
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


class FeedSource(models.TextChoices):
    """The standards a course or a provider is kept under (the importers' SOURCE)."""

    EDUDEX = "edudex", "EDU-DEX"
    OOAPI = "ooapi", "OOAPI"


class ProviderSource(models.Model):
    """The same provider as another feed knows it, linked by an editor in /beheer/: its
    courses in that feed join the provider's courses (docs/imports.md, "One course, two
    sources")."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="other_sources",
        verbose_name=_("provider"),
    )
    source = models.CharField(_("source"), max_length=20, choices=FeedSource.choices)
    source_id = models.CharField(
        _("id in that source"),
        max_length=200,
        help_text=_("EDU-DEX: the supplier or org unit id; OOAPI: the organization id."),
    )

    class Meta:
        verbose_name = _("provider in another feed")
        verbose_name_plural = _("providers in other feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="provider_source_unique_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.source_id}"


# Catalogue search (docs/catalogue.md). First the words are understood (understand): noise
# words and a level dropped, synonyms and close title words added. PostgreSQL: full text
# with the Dutch configuration on Course.search_vector (kept up to date by a trigger);
# relevance is computed for a window of at most three times RANK_WINDOW matches. SQLite:
# every word in the title, summary, provider or field, accents ignored.


class CourseQuerySet(models.QuerySet):
    def published(self) -> "CourseQuerySet":
        return self.filter(is_published=True)

    def _on_postgresql(self) -> bool:
        return connections[self.db].vendor == "postgresql"

    def _status(self, word: str) -> str:
        """Whether some course holds the word (KNOWN), none does (UNKNOWN), or the Dutch
        configuration drops it (STOP); remembered for an hour (docs/catalogue.md)."""
        key = known_word_key(word)
        status = cache.get(key)
        if status is None:
            connection = connections[self.db]
            with transaction.atomic(using=self.db), connection.cursor() as cursor:
                if self._on_postgresql():
                    cursor.execute(
                        "SELECT to_tsvector(%s, %s) = ''::tsvector", [SEARCH_CONFIG, word]
                    )
                    if cursor.fetchone()[0]:
                        status = STOP
                    else:
                        # Through the index: a scan stopped at the first match reads the
                        # whole table for a word that no course holds.
                        cursor.execute("SET LOCAL enable_seqscan = off")
                        holds = self.model.objects.using(self.db).filter(
                            search_vector=dutch_query([word])
                        )
                        status = KNOWN if holds.exists() else UNKNOWN
                else:
                    holds = self.model.objects.using(self.db).filter(_sqlite_word(word))
                    status = KNOWN if holds.exists() else UNKNOWN
            remember_word_status(word, status)
        return status

    def _known(self, word: str) -> bool:
        return self._status(word) == KNOWN

    def title_words(self) -> dict[str, int]:
        """The words of the published titles and of the fields (four letters or more, no
        stop words), each with how many courses hold it; made again after every change of
        the catalogue on PostgreSQL, else after five minutes."""
        changes = None
        if self._on_postgresql():
            changes = (
                CatalogueState.objects.using(self.db).values_list("changes", flat=True).first()
            )
            if changes is None:  # no change counter (an emptied table): never remembered
                return self._count_title_words()
        key = f"catalogue:vocabulary:{changes}"
        vocabulary = cache.get(key)
        if vocabulary is None:
            vocabulary = self._count_title_words()
            cache.set(key, vocabulary, VOCABULARY_SECONDS)
        return vocabulary

    def _count_title_words(self) -> dict[str, int]:
        courses = self.model.objects.using(self.db).published().order_by()
        if self._on_postgresql():
            titles_sql, titles_parameters = (
                courses.values("title").annotate(courses=Count("pk")).query.sql_with_params()
            )
            fields_sql, fields_parameters = (
                courses.values("sector__name").annotate(courses=Count("pk")).query.sql_with_params()
            )
            with connections[self.db].cursor() as cursor:
                sql = f"""
                    SELECT /* the title words */ word, sum(courses)
                    FROM ({titles_sql} UNION ALL {fields_sql}) AS named(name, courses),
                        regexp_split_to_table(lower(name), '[^[:alnum:]]+') AS word
                    WHERE length(word) >= 4 AND to_tsvector(%s, word) <> ''::tsvector
                    GROUP BY word
                """  # noqa: S608 - Django's own SQL and placeholders go in
                cursor.execute(sql, [*titles_parameters, *fields_parameters, SEARCH_CONFIG])
                return {word: int(courses) for word, courses in cursor.fetchall()}
        vocabulary: dict[str, int] = {}
        named = [
            *courses.values_list("title").annotate(courses=Count("pk")),
            *courses.values_list("sector__name").annotate(courses=Count("pk")),
        ]
        for name, number in named:
            for word in search_words(name) if name else []:
                if len(word) >= 4:
                    vocabulary[word] = vocabulary.get(word, 0) + number
        return vocabulary

    def understand(self, text: "str | Understood") -> Understood:
        """What the words of a search ask for (docs/catalogue.md "What a search means")."""
        if isinstance(text, Understood):
            return text
        words = subject_words(search_words(text))
        if not words:
            return Understood()
        synonyms = SearchSynonym.objects.using(self.db).meanings()
        vocabulary = self.title_words()
        groups, position = [], 0
        while position < len(words):
            pair = " ".join(words[position : position + 2])
            typed = pair if position + 1 < len(words) and pair in synonyms else words[position]
            position += len(typed.split())
            group = self._group(typed, synonyms, vocabulary)
            if group is not None and group not in groups:
                groups.append(group)
        return Understood(tuple(groups))

    def _group(
        self, typed: str, synonyms: dict[str, tuple[Term, ...]], vocabulary: dict[str, int]
    ) -> WordGroup | None:
        """What one typed word stands for; None when it says nothing (a stop word, or an
        unknown word too short to compare)."""
        if " " in typed:
            status = UNKNOWN
        elif typed in vocabulary:  # a word of a published title: no need to ask the database
            status = KNOWN
        else:
            status = self._status(typed)
        own = (tuple(typed.split()),) if status == KNOWN else ()
        if typed in synonyms:
            return WordGroup(typed, self._usable(own + synonyms[typed]) or ((typed,),))
        if status == STOP:
            return None
        if status == KNOWN and (
            typed in vocabulary or any(word.startswith(typed) for word in vocabulary)
        ):
            return WordGroup(typed, own)
        if len(typed) < 4:
            # Too short to compare: it matches what holds it, else nothing.
            return WordGroup(typed, own or ((typed,),))
        candidates = {**vocabulary, **dict.fromkeys(synonyms, 0)}
        if not own and len(typed) >= MIN_PREFIX_CORRECTION:
            # The start of a longer word ("electro": elektro, as in elektrotechniek).
            for word, courses in vocabulary.items():
                start = word[: len(typed)]
                if len(word) > len(typed) and start not in candidates:
                    candidates[start] = courses
        close = closest(typed, candidates, CLOSE_TO_KNOWN if own else CLOSE_TO_UNKNOWN)
        if close is None:
            # A word no course holds and no title comes close to: it matches nothing.
            return WordGroup(typed, own or ((typed,),))
        meant = synonyms.get(close, ((close,),))
        return WordGroup(typed, self._usable(own + meant) or own or ((typed,),))

    def _usable(self, terms: tuple[Term, ...]) -> tuple[Term, ...]:
        """The terms without stop words and without repeats; a term of only stop words goes."""
        usable: list[Term] = []
        for term in terms:
            kept = tuple(word for word in term if self._status(word) != STOP)
            if kept and kept not in usable:
                usable.append(kept)
        return tuple(usable)

    def _condition(
        self, understood: Understood, groups: "tuple[WordGroup, ...] | None" = None
    ) -> Q:
        """The condition that the groups match (all of `groups`, else `needed` of all)."""
        if self._on_postgresql():
            if groups is None:
                raw = understood.tsquery()
            else:
                raw = " & ".join(f"({group.tsquery()})" for group in groups)
            return Q(search_vector=SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG))
        combinations = understood.combinations() if groups is None else [groups]
        condition = Q(pk__isnull=True)
        for combination in combinations:
            every = Q()
            for group in combination:
                any_term = Q(pk__isnull=True)
                for term in group.terms:
                    any_term |= Q(*[_sqlite_word(word) for word in term])
                every &= any_term
            condition |= every
        return condition

    def search(self, text: "str | Understood") -> "CourseQuerySet":
        """The courses that match the words as understood; all of them when none says
        something about the subject."""
        understood = self.understand(text)
        if not understood:
            return self
        return self.filter(self._condition(understood))

    def relevance_window(self, text: "str | Understood") -> "models.QuerySet":
        """The ids of the matches worth ranking (PostgreSQL): the first RANK_WINDOW with a
        title close to the words, the first RANK_WINDOW of all matches and, when a course
        may miss a word, the first RANK_WINDOW that match every word, so that a very common
        word costs a bounded amount of work. Call it after search(text)."""
        understood = self.understand(text)
        matches = self.order_by().values_list("pk", flat=True)
        close_titles = matches.filter(TrigramWordSimilar(F("title"), Value(understood.phrase)))
        parts = [close_titles[:RANK_WINDOW]]
        if understood.needed < len(understood.groups):
            parts.append(
                matches.filter(self._condition(understood, understood.groups))[:RANK_WINDOW]
            )
        return matches[:RANK_WINDOW].union(*parts)

    def by_relevance(
        self, text: "str | Understood", window: list[int] | None = None
    ) -> "CourseQuerySet":
        """Best matches first: those that match every word before those that miss one;
        call it after search(text) and the filters.

        On PostgreSQL only the relevance window is ranked and listed (pass it when it is
        known already). SQLite lists every match, those with all words in the title first.
        """
        understood = self.understand(text)
        if not understood:
            return self.order_by("title", "pk")
        words_matched = sum(
            (
                Case(When(self._condition(understood, (group,)), then=Value(1)), default=Value(0))
                for group in understood.groups
            ),
            Value(0),
        )
        if not self._on_postgresql():
            title_has_all = Q()
            for group in understood.groups:
                title_has_any = Q(pk__isnull=True)
                for term in group.terms:
                    title_has_any |= Q(*[Q(title__iregex=accent_blind_pattern(w)) for w in term])
                title_has_all &= title_has_any
            relevance = Case(When(title_has_all, then=Value(1.0)), default=Value(0.0))
            return self.annotate(words_matched=words_matched, relevance=relevance).order_by(
                "-words_matched", "-relevance", "title", "pk"
            )
        rank = TrigramWordSimilarity(Value(understood.phrase), "title") + SearchRank(
            F("search_vector"),
            SearchQuery(understood.any_tsquery(), search_type="raw", config=SEARCH_CONFIG),
        )
        return (
            self.model.objects.using(self.db)
            .filter(pk__in=self.relevance_window(understood) if window is None else window)
            .annotate(words_matched=words_matched, relevance=rank)
            .order_by("-words_matched", "-relevance", "title", "pk")
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

    def starting_first_in(self, region: Region, today: datetime.date) -> "CourseQuerySet":
        """The published courses with a start in the region, the first to start first (with
        next_start and next_place there): a region's page and its site's widget."""
        return (
            self.published()
            .offered(region=region, today=today)
            .with_next_start(region=region, today=today)
            .select_related("provider")
            .order_by("next_start", "title", "pk")
        )


def _sqlite_word(word: str) -> Q:
    """SQLite: the word in the title, summary, provider or field, accents ignored."""
    pattern = accent_blind_pattern(word)
    return (
        Q(title__iregex=pattern)
        | Q(summary__iregex=pattern)
        | Q(provider__name__iregex=pattern)
        | Q(sector__name__iregex=pattern)
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
        """Open schemes for one of these regions or the whole country, and for this field;
        those that fit best first: made for this field, then for a region, then the rest."""
        scheme = OuterRef("pk")
        return (
            Scheme.objects.open_on(timezone.localdate())
            .filter(Q(regions__isnull=True) | Q(regions__in=regions))
            .filter(Q(sectors__isnull=True) | Q(sectors=self.sector_id))
            .alias(
                for_field=Exists(Scheme.sectors.through.objects.filter(scheme=scheme)),
                for_region=Exists(Scheme.regions.through.objects.filter(scheme=scheme)),
            )
            .distinct()
            .order_by("-for_field", "-for_region", "name")
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


class CourseSource(models.Model):
    """Another feed that publishes a course (same provider, same crebo code): it adds its
    start moments; the course's own source keeps its fields (docs/imports.md)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="other_sources", verbose_name=_("course")
    )
    source = models.CharField(_("source"), max_length=20, choices=FeedSource.choices)
    source_id = models.CharField(_("id in that source"), max_length=200)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course in another feed")
        verbose_name_plural = _("courses in other feeds")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="course_source_unique_id"),
            models.UniqueConstraint(fields=["course", "source"], name="course_source_one_per_feed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.source_id}"


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
    source = models.CharField(
        _("source"),
        max_length=20,
        blank=True,
        help_text=_("Empty: the course's own source; else the other feed that added it."),
    )
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
                fields=["course", "source", "source_id"],
                condition=~Q(source_id=""),
                name="offering_unique_source_id",
            ),
        ]
        indexes = [models.Index(fields=["course", "start_date"], name="offering_course_start")]

    def __str__(self) -> str:
        return f"{self.course} – {date_format(self.start_date)}"

    @property
    def cost(self) -> Decimal:
        """What this run costs: its own price, else the course price."""
        return self.course.price if self.price is None else self.price

    def describe(self) -> str:
        """Its start date and place, e.g. "2 maart 2027, Groningen", in the active language."""
        place = self.municipality.name if self.municipality else translation.gettext("Online")
        return f"{date_format(self.start_date)}, {place}"


class FeedFormat(models.TextChoices):
    EDUDEX = "edudex", _("EDU-DEX (file, folder or URL of programs)")
    OOAPI = "ooapi", _("OOAPI v5 (file, folder or URL of a document)")
    OOAPI_ENDPOINT = "ooapi-endpoint", _("OOAPI v5 endpoint (base URL; every page is read)")


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
    merged = models.PositiveIntegerField(
        _("joined to another feed's course"),
        default=0,
        help_text=_("Courses found in another feed too (same provider and crebo code)."),
    )
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
        when = date_format(timezone.localtime(self.started_at), "DATETIME_FORMAT")
        return f"{self.location} {when}"

    def record(self, report: Any) -> None:
        """Finish the run with what an import report (ImportReport) counted and refused."""
        self.status = self.Status.FINISHED
        self.finished_at = timezone.now()
        names = ("created", "updated", "unchanged", "unclassified", "providers_created", "merged")
        for name in names:
            setattr(self, name, getattr(report, name))
        self.invalid = len(report.invalid)
        self.problems = [list(problem) for problem in report.invalid[: self.MAX_PROBLEMS]]
        self.save()

    def fail(self, error: str) -> None:
        """Finish the run of a source that could not be read at all."""
        self.status, self.error, self.finished_at = self.Status.FAILED, error, timezone.now()
        self.save()


class SearchSynonymQuerySet(models.QuerySet):
    def meanings(self) -> dict[str, tuple[Term, ...]]:
        """Each word people use, with the terms of the catalogue it stands for."""
        return {synonym.term: synonym.terms() for synonym in self}


class SearchSynonym(models.Model):
    """A word people search with and the words of the catalogue it stands for: "pv" for
    "zonnepanelen". Applied to every search as it is made, so an edit shows in the next
    search (docs/catalogue.md)."""

    term = models.CharField(
        _("word people use"),
        max_length=100,
        unique=True,
        help_text=_("One word, or two (“cv ketel”); capitals and hyphens do not matter."),
    )
    means = models.CharField(
        _("stands for"),
        max_length=300,
        help_text=_(
            "Words of the catalogue, separated by commas; a course that holds one of them is "
            "found. Words between two commas must all be in the course."
        ),
    )

    objects = SearchSynonymQuerySet.as_manager()

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.means}"

    def clean(self) -> None:
        words = search_words(self.term)
        if not 1 <= len(words) <= 2:
            raise ValidationError({"term": _("Give one word, or two.")})
        self.term = " ".join(words)
        if not self.terms():
            raise ValidationError({"means": _("Give at least one word of the catalogue.")})

    def terms(self) -> tuple[Term, ...]:
        found = (tuple(search_words(part)) for part in self.means.split(","))
        return tuple(term for term in found if term)


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
