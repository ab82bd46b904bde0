import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level, Situation
from regions.models import Desk, Municipality, Region, Sector


def new_status_token() -> str:
    """A random token of 256 bits for a candidate's private status page."""
    return secrets.token_urlsafe(32)


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
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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

    def __str__(self) -> str:
        return self.title


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


class Candidate(models.Model):
    """A person who asked for advice or showed interest. Never holds a BSN."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("municipality"),
    )
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, blank=True
    )
    occupation = models.CharField(_("current or last occupation"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.first_name or _("(anonymised)")


class Referral(models.Model):
    """A referral (aanmelding, doorverwijzing) of a candidate to a regional desk."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Orientation intake")
        INTEREST = "interest", _("Interest in a course")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        ADVISING = "advising", _("Advising")
        TRAJECTORY_PLANNED = "trajectory_planned", _("Trajectory planned")
        IN_TRAJECTORY = "in_trajectory", _("In trajectory")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NO_RESPONSE = "no_response", _("No response")
        REFERRED_ON = "referred_on", _("Referred on")

    class ContactPreference(models.TextChoices):
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By e-mail")
        VIDEO = "video", _("By video call")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("region")
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("desk")
    )
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("course"),
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("preferred offering"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    token = models.CharField(
        _("status page token"), max_length=64, unique=True, default=new_status_token, editable=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_referrals",
        verbose_name=_("adviser"),
    )
    interests = models.JSONField(_("interests"), default=dict, blank=True)
    contact_preference = models.CharField(
        _("preferred contact"), max_length=10, choices=ContactPreference.choices, blank=True
    )
    referred_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_to",
        verbose_name=_("referred on from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status"], name="referral_region_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="interest") | Q(course__isnull=False),
                name="referral_interest_has_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"


class ReferralStatusChange(models.Model):
    """One step in a referral's history: who changed what, and when."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="history", verbose_name=_("referral")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Referral.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class Trajectory(models.Model):
    """A planned course for a candidate, with its funding and follow-up (LLO-traject)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped early")

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("candidate"),
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("referral"),
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("offering"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    agreements = models.TextField(_("agreements"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.offering.course} – {self.get_status_display()}"


class TrajectoryStatusChange(models.Model):
    """One step in a trajectory's history."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="history", verbose_name=_("trajectory")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Trajectory.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Trajectory.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trajectory status change")
        verbose_name_plural = _("trajectory status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
