"""The casework's models: candidates, referrals and their history, contact moments, onward
referrals, trajectories with their funding and check-ins, and the audit log
(docs/dashboard.md)."""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from funding.engine import FundingStack, Profile, check
from funding.models import Scheme
from poort import webhooks
from poort.emails import absolute_url
from poort.models import Notification
from poort.outbox import announce, enqueue
from poort.vocabulary import Situation
from poort.workdays import add_working_days, is_working_day, working_days_between
from regions.models import Desk, Municipality, Region, Sector

from .catalogue import (
    Course,
    Offering,
    Provider,
)


def new_status_token() -> str:
    """A random token of 256 bits for a candidate's private status page."""
    return secrets.token_urlsafe(32)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same moment a number of calendar months earlier (31 March - 1 month = 28/29 Feb)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day a number of calendar months later (31 January + 1 month = 28/29 February)."""
    return months_before(day, -months)


class WhatMatters(models.TextChoices):
    """What a person finds important in a course, asked in the orientation intake."""

    SHORT_COURSE = "short_course", _("A short course")
    CERTIFICATE = "certificate", _("A recognised certificate or diploma")
    LEARNING_WHILE_WORKING = "learning_while_working", _("Learning while I work")
    INCOME = "income", _("Keeping an income while I learn")


class CandidateQuerySet(models.QuerySet):
    def due_for_anonymisation(self, now: datetime.datetime | None = None) -> "CandidateQuerySet":
        """Candidates whose referrals all closed more than RETENTION_MONTHS ago."""
        cutoff = months_before(now or timezone.now(), settings.RETENTION_MONTHS)
        still_needed = (
            Referral.objects.alias(closed_on=Coalesce("closed_at", "updated_at"))
            .filter(candidate=OuterRef("pk"))
            .exclude(status__in=Referral.CLOSED_STATUSES, closed_on__lte=cutoff)
        )
        active_trajectory = Trajectory.objects.filter(
            candidate=OuterRef("pk"),
            status__in=[Trajectory.Status.PLANNED, Trajectory.Status.STARTED],
        )
        return self.filter(anonymised_at__isnull=True, created_at__lte=cutoff).exclude(
            Exists(still_needed) | Exists(active_trajectory)
        )


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
    # The language of the pages they used; our e-mails to them are in it.
    language = models.CharField(_("language"), max_length=8, default="nl")

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.first_name or _("(anonymised)")

    @transaction.atomic
    def anonymise(self) -> None:
        """Remove everything that points to the person; the counts stay for statistics.

        Status links stop working, notes are blanked and the outbox forgets them.
        """
        for referral_id in self.referrals.values_list("pk", flat=True):
            Referral.objects.filter(pk=referral_id).update(token=new_status_token())
            Notification.objects.forget_for(f"referral:{referral_id}:")
        ReferralStatusChange.objects.filter(referral__candidate=self).update(note="")
        ContactMoment.objects.filter(referral__candidate=self).update(note="")
        OnwardReferral.objects.filter(referral__candidate=self).update(reason="")
        self.trajectories.update(agreements="")
        TrajectoryStatusChange.objects.filter(trajectory__candidate=self).update(note="")
        for check_in_id in CheckIn.objects.filter(trajectory__candidate=self).values_list("pk"):
            CheckIn.objects.filter(pk=check_in_id[0]).update(token=new_status_token(), note="")
        self.user = None
        self.first_name = self.last_name = self.email = self.phone = self.occupation = ""
        self.municipality = None
        self.anonymised_at = timezone.now()
        self.save()

    @transaction.atomic
    def erase(self) -> None:
        """Erase the person's data at their own request: withdraw what is open, then anonymise."""
        for referral in self.referrals.exclude(status__in=Referral.CLOSED_STATUSES):
            referral.withdraw()
        self.anonymise()
        for referral in self.referrals.all():
            AuditEntry.objects.record(None, AuditEntry.Action.ERASED, referral)

    def export_data(self) -> dict:
        """Everything we hold about the person, as plain values for a JSON download."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "municipality": self.municipality.name if self.municipality else None,
            "situation": self.situation,
            "occupation": self.occupation,
            "created_at": self.created_at.isoformat(),
            "referrals": [referral.export_data() for referral in self.referrals.all()],
            "trajectories": [
                trajectory.export_data() for trajectory in self.trajectories.for_plan()
            ],
        }


class ReferralQuerySet(models.QuerySet):
    def overdue_for_contact(self, today: datetime.date | None = None) -> list["Referral"]:
        """New referrals without first contact after more working days than the desk promised
        (overdue()) and not reminded yet."""
        reminded = Notification.objects.filter(
            idempotency_key=Concat(
                Value("referral:"), Cast(OuterRef("pk"), models.CharField()), Value(":reminder")
            )
        )
        return list(self.overdue(today).exclude(Exists(reminded)).select_related("desk"))

    def in_regions(self, regions: "models.QuerySet[Region]") -> "ReferralQuerySet":
        return self.filter(region__in=regions)

    def open(self, *, by=None, note: str = "", **fields) -> "Referral":
        """A new referral in a desk's queue, with the first line of its history ("new", by
        whom and why). The one way a referral is made: the intake, the interest form and an
        onward referral all use it."""
        with transaction.atomic():
            referral = self.create(**fields)
            ReferralStatusChange.objects.create(
                referral=referral, to_status=Referral.Status.NEW, changed_by=by, note=note
            )
            referral.announce(webhooks.REFERRAL_CREATED, "created")
        return referral

    def overdue(self, today: datetime.date | None = None) -> "ReferralQuerySet":
        """In SQL, what is_overdue() says of one referral: new, no contact yet, and waiting
        more working days than its desk promised (a desk promises 1 to 30 days)."""
        today = today or timezone.localdate()
        waited_too_long = Q()
        for days in range(1, 31):
            next_day = latest_overdue_day(today, days) + datetime.timedelta(days=1)
            start_of_next_day = timezone.make_aware(
                datetime.datetime.combine(next_day, datetime.time.min)
            )
            waited_too_long |= Q(desk__contact_within_days=days, created_at__lt=start_of_next_day)
        return self.filter(waited_too_long, status=Referral.Status.NEW, first_contact_at=None)

    def for_queue(self, today: datetime.date | None = None) -> "ReferralQuerySet":
        """The most overdue first (longest waiting), then the rest newest first; with what a
        row of the queue shows, in one query."""
        overdue = self.overdue(today).values("pk")
        return (
            self.annotate(
                overdue_since=Case(When(pk__in=overdue, then=F("created_at")), default=None),
                needs_attention=Exists(
                    CheckIn.objects.needing_attention().filter(trajectory__referral=OuterRef("pk"))
                ),
            )
            .select_related("candidate__municipality", "desk", "assigned_to", "course")
            .order_by(F("overdue_since").asc(nulls_last=True), "-created_at", "-pk")
        )

    def needing_attention(self) -> "ReferralQuerySet":
        """Referrals whose person answered a check-in with a problem the adviser has not handled."""
        return self.filter(
            Exists(CheckIn.objects.needing_attention().filter(trajectory__referral=OuterRef("pk")))
        )

    def count_per_status(self) -> dict[str, int]:
        counts = self.order_by().values("status").annotate(number=models.Count("pk"))
        return {row["status"]: row["number"] for row in counts}


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

    objects = ReferralQuerySet.as_manager()

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

    CLOSED_STATUSES = ("completed", "withdrawn", "no_response", "referred_on")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES

    def working_days_waiting(self, today: datetime.date | None = None) -> int:
        created_on = timezone.localdate(self.created_at)
        return working_days_between(created_on, today or timezone.localdate())

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        waiting = self.status == self.Status.NEW and self.first_contact_at is None
        return waiting and self.working_days_waiting(today) > self.desk.contact_within_days

    # The path a referral follows; a closed referral goes nowhere (docs/dashboard.md).
    NEXT_STATUSES = {
        "new": ("contacted", "withdrawn", "no_response"),
        "contacted": ("advising", "withdrawn", "no_response"),
        "advising": ("trajectory_planned", "withdrawn", "no_response"),
        "trajectory_planned": ("in_trajectory", "withdrawn", "no_response"),
        "in_trajectory": ("completed", "withdrawn"),
    }

    def next_statuses(self) -> list["Referral.Status"]:
        return [self.Status(status) for status in self.NEXT_STATUSES.get(self.status, ())]

    @property
    def came_from_onward_referral(self) -> bool:
        return self.referred_from_id is not None

    def latest(self) -> "Referral":
        """The referral that holds the person's request now: the one it was referred on to."""
        return Referral.objects.filter(referred_from=self).first() or self

    def timeline(self) -> list["TimelineStep"]:
        """What the person's status page lists: every step, oldest first (person_timeline)."""
        return person_timeline(self)

    def promise(self) -> "Promise | None":
        """Who contacts the person next and by which day, while that is still to come."""
        return person_promise(self)

    @property
    def may_be_referred_on(self) -> bool:
        return self.is_open and not self.came_from_onward_referral

    def _record(self, to_status: str, by, note: str = "") -> "ReferralStatusChange":
        return ReferralStatusChange.objects.create(
            referral=self, from_status=self.status, to_status=to_status, changed_by=by, note=note
        )

    def history_lines(self) -> list["HistoryLine"]:
        """The status changes and the contact moments as one list, oldest first: the history
        on the dashboard's referral page."""
        lines = []
        for change in self.history.select_related("changed_by"):
            by = staff_name(change.changed_by)
            if change.from_status != change.to_status:
                what = change.get_to_status_display()
                lines.append(HistoryLine(change.changed_at, str(what), change.note, by))
            elif by and change.note == by:  # assign_to: the adviser took it on themselves
                lines.append(HistoryLine(change.changed_at, str(_("Took the request on")), "", by))
            else:
                what = _("Assigned to %(name)s") % {"name": change.note}
                lines.append(HistoryLine(change.changed_at, str(what), "", by))
        for moment in self.contact_moments.select_related("by"):
            what = _("Contact (%(channel)s)") % {"channel": moment.get_channel_display().lower()}
            lines.append(HistoryLine(moment.at, str(what), moment.note, staff_name(moment.by)))
        return sorted(lines, key=lambda line: line.at)

    def webhook_data(self) -> dict:
        """What a webhook says of this referral: ids, codes and links, never personal data."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "region": self.region.code,
            "desk_id": self.desk_id,
            "links": {
                "api": absolute_url("api:referral", self.pk),
                "dashboard": absolute_url("dashboard:referral", self.pk),
            },
        }

    def announce(self, event: str, what: str, *, region_ids=(), **data) -> None:
        """Tell the region's webhook endpoints (and those of `region_ids`) of this change,
        through the outbox in the change's transaction (docs/api.md, "Webhooks")."""
        announce(
            event,
            region_ids={self.region_id, *region_ids},
            key=f"referral:{self.pk}:{what}",
            data=lambda: {"referral": self.webhook_data(), **data},
        )

    def _announce_status(self, change: "ReferralStatusChange") -> None:
        self.announce(
            webhooks.REFERRAL_STATUS_CHANGED,
            f"status:{change.pk}",
            from_status=change.from_status,
            to_status=change.to_status,
        )

    @transaction.atomic
    def assign_to(self, user) -> None:
        """The adviser takes the referral on; the history notes who, by whom and when."""
        if not self.is_open:
            raise ReferralError(_("This request is closed. You cannot take it on any more."))
        self.assigned_to = user
        self.save(update_fields=["assigned_to", "updated_at"])
        # A row with the same status before and after is an assignment (docs/dashboard.md).
        self._record(self.status, by=user, note=user.get_full_name() or user.email)
        AuditEntry.objects.record(user, AuditEntry.Action.ASSIGNED, self)

    @transaction.atomic
    def log_contact(self, by, channel: str, note: str = "") -> "ContactMoment":
        """A contact with the person; the first one moves a new referral to contacted."""
        if not self.is_open:
            raise ReferralError(_("This request is closed. You cannot add a contact any more."))
        moment = ContactMoment.objects.create(referral=self, channel=channel, note=note, by=by)
        if self.first_contact_at is None:
            self.first_contact_at = moment.at
            self.save(update_fields=["first_contact_at", "updated_at"])
        if self.status == self.Status.NEW:
            self.move_to(self.Status.CONTACTED, by=by, audit=False)
        AuditEntry.objects.record(by, AuditEntry.Action.CONTACT_LOGGED, self, detail=channel)
        return moment

    @transaction.atomic
    def move_to(self, status: str, by, note: str = "", *, audit: bool = True) -> None:
        """One step along NEXT_STATUSES; any other step raises ReferralError.

        The audit log notes the step, unless it is part of a larger change (`audit=False`)
        that records its own entry."""
        if status not in self.NEXT_STATUSES.get(self.status, ()):
            raise ReferralError(
                _("A request with status “%(now)s” cannot go to “%(next)s”.")
                % {"now": self.get_status_display(), "next": self.Status(status).label}
                if status in self.Status.values
                else _("This status does not exist.")
            )
        status_change = self._record(status, by=by, note=note)
        change = f"{self.status} → {status}"
        self.status = status
        fields = ["status", "updated_at"]
        if status == self.Status.CONTACTED and self.first_contact_at is None:
            self.first_contact_at = timezone.now()
            fields.append("first_contact_at")
        if status in self.CLOSED_STATUSES:
            self.closed_at = timezone.now()
            fields.append("closed_at")
            self._stop_trajectories(by)
        self.save(update_fields=fields)
        self._announce_status(status_change)
        if status == self.Status.WITHDRAWN:
            tell_person_withdrawn(self)
        if audit:
            AuditEntry.objects.record(by, AuditEntry.Action.STATUS_CHANGED, self, detail=change)

    def _stop_trajectories(self, by) -> None:
        """A referral that closes takes its planned or running trajectory with it."""
        for trajectory in self.trajectories.filter(status__in=Trajectory.ACTIVE_STATUSES):
            trajectory.close(Trajectory.Status.STOPPED, by=by)

    # A trajectory is planned while advising; it can be changed until it starts.
    PLANNABLE_STATUSES = ("advising", "trajectory_planned")

    @property
    def may_plan_trajectory(self) -> bool:
        return self.status in self.PLANNABLE_STATUSES

    def current_trajectory(self) -> "Trajectory | None":
        return self.trajectories.for_plan().first()

    def funding_for(
        self,
        offering: "Offering",
        today: datetime.date | None = None,
        *,
        situation: str | None = None,
    ) -> FundingStack:
        """The funding stack of the offering for this person: their situation (or the one
        given), and the region of their municipality (else the referral's region), with the
        schemes as they are today."""
        candidate = self.candidate
        home = candidate.municipality.region if candidate.municipality else self.region
        person = Profile(situation=situation or candidate.situation or None, region=home.code)
        facts = dataclasses.replace(offering.course.funding_facts(), cost=offering.cost)
        on = today or timezone.localdate()
        return check(Scheme.objects.as_rules(), person, facts, on).stack

    @transaction.atomic
    def plan_trajectory(
        self,
        *,
        by,
        offering: "Offering",
        agreements: str,
        situation: str = "",
        today: datetime.date | None = None,
    ) -> "Trajectory":
        """Plan (or change the plan of) the person's trajectory on an offering.

        The funding stack is worked out now and kept as agreed: schemes change later, the
        plan does not. The referral moves to "trajectory planned". A situation given here
        (the adviser asked the person) is kept on the person.
        """
        locked = Referral.objects.select_for_update().get(pk=self.pk)
        if locked.status not in self.PLANNABLE_STATUSES:
            raise ReferralError(
                _("You can plan a trajectory when the status is “Advising”. It is now “%s”.")
                % locked.get_status_display()
            )
        if situation and situation != self.candidate.situation:
            self.candidate.situation = situation
            self.candidate.save(update_fields=["situation"])
        stack = self.funding_for(offering, today)
        trajectory = self.trajectories.filter(status=Trajectory.Status.PLANNED).first()
        is_new = trajectory is None
        if is_new:
            trajectory = Trajectory(candidate_id=self.candidate_id, referral=self)
        trajectory.offering = offering
        trajectory.agreements = agreements
        trajectory.cost = stack.cost
        trajectory.own_contribution = stack.own_contribution
        trajectory.save()
        trajectory.funding_lines.all().delete()
        TrajectoryFunding.objects.bulk_create(
            TrajectoryFunding(
                trajectory=trajectory,
                scheme_id=line.scheme.id,
                scheme_name=line.scheme.name,
                amount=line.amount,
                position=position,
            )
            for position, line in enumerate(stack.lines)
        )
        with translation.override("nl"):
            note = "" if is_new else str(_("The plan was changed."))
        trajectory.record(
            Trajectory.Status.PLANNED, by=by, note=note, from_status="" if is_new else None
        )
        if locked.status == self.Status.ADVISING:
            self.move_to(self.Status.TRAJECTORY_PLANNED, by=by, audit=False)
        tell_person_planned(self, trajectory, changed=not is_new)
        detail = f"trajectory #{trajectory.pk}, offering #{trajectory.offering_id}"
        AuditEntry.objects.record(by, AuditEntry.Action.TRAJECTORY_PLANNED, self, detail=detail)
        return trajectory

    @transaction.atomic
    def handle_check_ins(self, by) -> int:
        """The adviser has dealt with the problems the person reported; how many there were."""
        handled = (
            CheckIn.objects.needing_attention()
            .filter(trajectory__referral=self)
            .update(handled_at=timezone.now(), handled_by=by)
        )
        AuditEntry.objects.record(by, AuditEntry.Action.CHECK_IN_HANDLED, self, detail=str(handled))
        return handled

    @transaction.atomic
    def refer_on(
        self,
        *,
        by,
        to_desk: Desk | None = None,
        to_provider: "Provider | None" = None,
        reason_code: str = "",
        reason: str = "",
    ) -> "OnwardReferral":
        """Hand the person to another region's desk (or the national desk) or to a provider.

        At most once per person: a referral that came from an onward referral is not referred
        on again, nor is one that was referred on already. A desk gets a new referral in its
        queue that points back to this one (its page shows this one's history); a provider
        gets an e-mail. Either way the receiver is told through the outbox, and so is the
        person: `reason_code` (OnwardReferral.Reason) is the why they read; `reason` is the
        adviser's internal note for the receiver.
        """
        locked = Referral.objects.select_for_update().get(pk=self.pk)
        if locked.status == self.Status.REFERRED_ON or locked.came_from_onward_referral:
            raise ReferralError(
                _(
                    "This person was referred on once already. We refer a person on at most "
                    "once, so that they are not sent from desk to desk. Help them here, or ask "
                    "your coordinator."
                )
            )
        if not locked.is_open:
            raise ReferralError(_("This request is closed. You cannot refer it on any more."))
        if (to_desk is None) == (to_provider is None):
            raise ReferralError(_("Choose one desk or one provider."))
        if to_desk is not None and (not to_desk.is_active or to_desk.pk == self.desk_id):
            raise ReferralError(_("Choose an active desk of another region."))
        if to_provider is not None and not to_provider.intake_email:
            raise ReferralError(_("This provider has no e-mail address for sign-ups."))
        new_referral = None
        if to_desk is not None:
            new_referral = Referral.objects.open(
                by=by,
                note=reason,
                candidate_id=self.candidate_id,
                kind=self.kind,
                region=to_desk.region or self.region,
                desk=to_desk,
                course_id=self.course_id,
                offering_id=self.offering_id,
                interests=self.interests,
                contact_preference=self.contact_preference,
                referred_from=self,
            )
        self._record(self.Status.REFERRED_ON, by=by, note=reason)
        self.status = self.Status.REFERRED_ON
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at", "updated_at"])
        onward = OnwardReferral.objects.create(
            referral=self,
            to_desk=to_desk,
            to_provider=to_provider,
            new_referral=new_referral,
            reason_code=reason_code,
            reason=reason,
            by=by,
        )
        receiver = to_desk.name if to_desk else to_provider.name
        with translation.override("nl"):
            onward_facts = {
                "referred_from_desk": self.desk.name,
                "referral_reason": str(onward.get_reason_code_display()) if reason_code else "",
                **({"contact_by": new_referral.promise().by} if new_referral else {}),
            }
        # The receiver's region: that of the new referral when a desk receives it.
        about = (new_referral or self).desk_notification_context(receiver, to_desk or self.desk)
        enqueue(
            kind="referral_new",
            recipient=to_desk.email if to_desk else to_provider.intake_email,
            context=about | onward_facts,
            idempotency_key=f"referral:{self.pk}:onward",
            language="nl",
        )
        tell_person_referred_on(self, onward)
        AuditEntry.objects.record(
            by, AuditEntry.Action.REFERRED_ON, self, detail=onward.audit_detail()
        )
        self.announce(
            webhooks.REFERRAL_REFERRED_ON,
            "onward",
            region_ids=[new_referral.region_id] if new_referral else [],
            to={
                "desk_id": to_desk.pk if to_desk else None,
                "provider_id": to_provider.pk if to_provider else None,
                "referral": new_referral.webhook_data() if new_referral else None,
            },
        )
        return onward

    def sector_names(self) -> list[str]:
        """The names of the technical fields the person is interested in."""
        slugs = self.interests.get("sectors", [])
        return list(Sector.objects.filter(slug__in=slugs).values_list("name", flat=True))

    def desk_notification_context(self, receiver_name: str, promising_desk: Desk) -> dict:
        """What the "referral_new" e-mail says about this referral, in Dutch, for a receiver."""
        candidate = self.candidate
        with translation.override("nl"):
            return {
                "first_name": candidate.first_name,
                "municipality": candidate.municipality.name if candidate.municipality else "",
                "region": self.region.name,
                "situation": candidate.get_situation_display(),
                "occupation": candidate.occupation,
                "interests": self.sector_names(),
                "what_matters": [
                    str(WhatMatters(value).label)
                    for value in self.interests.get("what_matters", [])
                    if value in WhatMatters.values
                ],
                "contact_preference": str(self.get_contact_preference_display()),
                "kind": self.kind,
                "desk_name": receiver_name,
                "dashboard_url": absolute_url("dashboard:home"),
                "contact_within_days": promising_desk.contact_within_days,
                **({"course_title": self.course.title} if self.course_id else {}),
            }

    @transaction.atomic
    def remind_desk(self, today: datetime.date | None = None) -> None:
        """Tell the desk, once, that this referral still waits for its first contact."""
        enqueue(
            kind="referral_reminder",
            recipient=self.desk.email,
            context={
                "referral_id": self.pk,
                "desk_name": self.desk.name,
                "days_waiting": self.working_days_waiting(today),
                "created_on": timezone.localdate(self.created_at).isoformat(),
                "dashboard_url": absolute_url("dashboard:home"),
                "contact_within_days": self.desk.contact_within_days,
            },
            idempotency_key=f"referral:{self.pk}:reminder",
        )

    @transaction.atomic
    def withdraw(self) -> None:
        """The person withdraws the request; it closes now. Safe to call twice."""
        if not self.is_open:
            return
        change = ReferralStatusChange.objects.create(
            referral=self, from_status=self.status, to_status=self.Status.WITHDRAWN
        )
        self.status = self.Status.WITHDRAWN
        self.closed_at = timezone.now()
        self._stop_trajectories(None)
        self.save(update_fields=["status", "closed_at", "updated_at"])
        self._announce_status(change)
        tell_person_withdrawn(self)

    def export_data(self) -> dict:
        return {
            "kind": self.kind,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "region": self.region.name,
            "desk": self.desk.name,
            "course": self.course.title if self.course else None,
            "interests": self.interests,
            "contact_preference": self.contact_preference,
            "adviser": self.assigned_to.first_name if self.assigned_to else None,
            "history": [
                {
                    "from": change.from_status,
                    "to": change.to_status,
                    "at": change.changed_at.isoformat(),
                    "note": change.note,
                }
                for change in self.history.all()
            ],
        }


class StatusChange(models.Model):
    """One step in a history: who changed the status, when, and why. A subclass adds the
    object and its from_status and to_status with the object's choices."""

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
        abstract = True
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class ReferralStatusChange(StatusChange):
    """One step in a referral's history: who changed what, and when."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="history", verbose_name=_("referral")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Referral.Status.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")


def staff_name(user) -> str:
    """How the dashboard names a staff member: their name, else their e-mail address."""
    return (user.get_full_name() or user.email) if user is not None else ""


@dataclasses.dataclass(frozen=True)
class HistoryLine:
    """One line of a referral's history on the dashboard: a status change or a contact."""

    at: datetime.datetime
    what: str
    note: str
    by: str


class ReferralError(Exception):
    """A step that the referral's rules do not allow; the message is for the adviser."""


class ContactMoment(models.Model):
    """A contact between an adviser and the person of a referral."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VIDEO = "video", _("Video call")
        MEETING = "meeting", _("Meeting")

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="contact_moments",
        verbose_name=_("referral"),
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return f"{self.get_channel_display()} {when}"


class OnwardReferralQuerySet(models.QuerySet):
    def summary(self, **filters) -> dict:
        """How many referrals were referred on, and how many to each desk or provider."""
        rows = (
            self.filter(**filters)
            .values("to_desk__name", "to_provider__name")
            .annotate(number=models.Count("pk"))
            .order_by("-number", "to_desk__name", "to_provider__name")
        )
        receivers = [
            (row["to_desk__name"] or row["to_provider__name"], row["number"]) for row in rows
        ]
        return {"total": sum(number for _name, number in receivers), "receivers": receivers}


class OnwardReferral(models.Model):
    """The one onward referral of a referral: to another desk or to a provider."""

    referral = models.OneToOneField(
        Referral,
        on_delete=models.CASCADE,
        related_name="onward",
        verbose_name=_("referral"),
    )
    to_desk = models.ForeignKey(
        Desk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to desk"),
    )
    to_provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to provider"),
    )
    new_referral = models.OneToOneField(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new referral"),
    )

    class Reason(models.TextChoices):
        """Why, in the words the person reads on their page: "… because <reason>"."""

        LIVES_THERE = "lives_there", _("you live in their region")
        WORKS_THERE = "works_there", _("you work in their region")
        COURSE_THERE = "course_there", _("the course you want is given in their region")
        KNOWS_THE_WORK = "knows_the_work", _("they know more about the work you want to do")
        PROVIDER_SIGNS_UP = "provider_signs_up", _("the school can sign you up for the course")

    reason_code = models.CharField(
        _("reason for the person"), max_length=20, choices=Reason.choices, blank=True
    )
    # The adviser's own note for the receiver: internal, never shown to the person.
    reason = models.CharField(_("internal note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = OnwardReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("onward referral")
        verbose_name_plural = _("onward referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_desk__isnull=True, to_provider__isnull=False)
                | Q(to_desk__isnull=False, to_provider__isnull=True),
                name="onward_referral_one_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.to_desk or self.to_provider}"

    def audit_detail(self) -> str:
        """Where the person went, in ids only: the audit log holds no names."""
        if self.to_desk_id:
            return f"desk #{self.to_desk_id}, new referral #{self.new_referral_id}"
        return f"provider #{self.to_provider_id}"


def latest_overdue_day(today: datetime.date, days: int) -> datetime.date:
    """The last day a referral may have come in to wait more than `days` working days today:
    the day before the (days + 1)th working day counting back from today."""
    day, counted = today, 0
    while True:
        counted += is_working_day(day)
        if counted > days:
            return day - datetime.timedelta(days=1)
        day -= datetime.timedelta(days=1)


class TrajectoryQuerySet(models.QuerySet):
    def for_plan(self) -> "TrajectoryQuerySet":
        """With what the plan shows: the course, the offering, the funding and the check-ins."""
        return self.select_related(
            "offering__course__provider", "offering__municipality"
        ).prefetch_related("funding_lines", "check_ins")


class Trajectory(models.Model):
    """A planned course for a candidate, with its funding and follow-up (LLO-traject)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped early")

    ACTIVE_STATUSES = ("planned", "started")
    # Follow-up ("vasthouden"): check-ins this many months after the start (docs/dashboard.md).
    CHECK_IN_MONTHS = (1, 3, 6, 12)
    AGREEMENTS_MAX_LENGTH = 2000

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
    # The funding as agreed, kept with the plan: the lines are TrajectoryFunding rows.
    cost = models.DecimalField(_("cost (€)"), max_digits=9, decimal_places=2, null=True, blank=True)
    own_contribution = models.DecimalField(
        _("own contribution (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.offering.course} – {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def needs_attention(self) -> bool:
        return any(check_in.needs_attention for check_in in self.check_ins.all())

    def record(self, to_status: str, *, by, note: str = "", from_status: str | None = None) -> None:
        TrajectoryStatusChange.objects.create(
            trajectory=self,
            from_status=self.status if from_status is None else from_status,
            to_status=to_status,
            changed_by=by,
            note=note,
        )

    @transaction.atomic
    def start(self, *, by, on: datetime.date | None = None) -> None:
        """The person started: check-ins are scheduled 1, 3, 6 and 12 months after the start
        day (the offering's start unless given), and the referral is "in trajectory"."""
        if self.status != self.Status.PLANNED:
            raise ReferralError(_("This trajectory has started already, or it has ended."))
        self.record(self.Status.STARTED, by=by)
        self.status = self.Status.STARTED
        self.started_on = on or self.offering.start_date
        self.save(update_fields=["status", "started_on", "updated_at"])
        CheckIn.objects.bulk_create(
            CheckIn(trajectory=self, months=months, due_on=months_after(self.started_on, months))
            for months in self.CHECK_IN_MONTHS
        )
        referral = self.referral
        if referral is not None and referral.status == Referral.Status.TRAJECTORY_PLANNED:
            referral.move_to(Referral.Status.IN_TRAJECTORY, by=by, audit=False)
        if referral is not None:
            action = AuditEntry.Action.TRAJECTORY_STARTED
            AuditEntry.objects.record(by, action, referral, detail=f"#{self.pk}")

    @transaction.atomic
    def end(self, status: str, *, by, note: str = "", audit: bool = True) -> None:
        """The course is finished, or the person stopped early; the referral is completed.
        The audit log notes it, unless the person's own check-in answer ended it (`audit=False`:
        that answer has its own entry)."""
        if self.status != self.Status.STARTED or status not in (
            self.Status.COMPLETED,
            self.Status.STOPPED,
        ):
            raise ReferralError(_("Only a trajectory that has started can end."))
        self.close(status, by=by, note=note)
        referral = self.referral
        if referral is not None and referral.status == Referral.Status.IN_TRAJECTORY:
            referral.move_to(Referral.Status.COMPLETED, by=by, note=note, audit=False)
        if referral is not None and audit:
            detail = f"#{self.pk} {status}"
            AuditEntry.objects.record(
                by, AuditEntry.Action.TRAJECTORY_ENDED, referral, detail=detail
            )

    def close(self, status: str, *, by, note: str = "") -> None:
        self.record(status, by=by, note=note)
        self.status = status
        self.ended_on = timezone.localdate()
        self.save(update_fields=["status", "ended_on", "updated_at"])

    def export_data(self) -> dict:
        offering = self.offering
        return {
            "course": offering.course.title,
            "provider": offering.course.provider.name,
            "start_date": offering.start_date.isoformat(),
            "end_date": offering.end_date.isoformat() if offering.end_date else None,
            "place": offering.municipality.name if offering.municipality else None,
            "status": self.status,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "cost": str(self.cost) if self.cost is not None else None,
            "funding": [
                {"scheme": line.scheme_name, "amount": str(line.amount)}
                for line in self.funding_lines.all()
            ],
            "own_contribution": (
                str(self.own_contribution) if self.own_contribution is not None else None
            ),
            "agreements": self.agreements,
            "check_ins": [
                {
                    "months": check_in.months,
                    "due_on": check_in.due_on.isoformat(),
                    "answer": check_in.answer or None,
                    "note": check_in.note,
                    "answered_at": (
                        check_in.answered_at.isoformat() if check_in.answered_at else None
                    ),
                }
                for check_in in self.check_ins.all()
            ],
        }


class TrajectoryFunding(models.Model):
    """One line of a trajectory's funding stack as agreed: a scheme and what it pays."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("trajectory"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheme")
    )
    # The name as it was when agreed; a scheme may be renamed later.
    scheme_name = models.CharField(_("scheme name"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="trajectoryfunding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_name}: {self.amount}"


class CheckInQuerySet(models.QuerySet):
    def due(self, today: datetime.date | None = None) -> "CheckInQuerySet":
        """Check-ins whose day has come and that were not sent, of trajectories still running."""
        return self.filter(
            due_on__lte=today or timezone.localdate(),
            sent_at=None,
            trajectory__status=Trajectory.Status.STARTED,
        )

    def needing_attention(self) -> "CheckInQuerySet":
        return self.filter(answer=CheckIn.Answer.PROBLEM, handled_at=None)


class CheckIn(models.Model):
    """A follow-up moment of a trajectory: "Hoe gaat het?" and the person's answer."""

    class Answer(models.TextChoices):
        GOING_WELL = "going_well", _("It is going well")
        PROBLEM = "problem", _("I have a problem. Please call me")
        STOPPED = "stopped", _("I have stopped")
        FINISHED = "finished", _("I have finished the course")

    NOTE_MAX_LENGTH = 500

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("trajectory")
    )
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    token = models.CharField(
        _("answer link token"), max_length=64, unique=True, default=new_status_token, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "months"], name="checkin_unique_months")
        ]
        indexes = [models.Index(fields=["due_on"], name="checkin_due_on")]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.months} ({date_format(self.due_on)})"

    @property
    def needs_attention(self) -> bool:
        return self.answer == self.Answer.PROBLEM and self.handled_at is None

    def _key(self, what: str) -> str:
        """Idempotency keys under the referral, so that anonymising forgets them too."""
        referral_id = self.trajectory.referral_id
        owner = f"referral:{referral_id}" if referral_id else f"trajectory:{self.trajectory_id}"
        return f"{owner}:check-in:{self.pk}:{what}"

    def answer_url(self) -> str:
        return absolute_url("check_in", self.token)

    def _about(self) -> dict:
        """What the e-mails of this check-in say about it."""
        trajectory = self.trajectory
        return {
            "first_name": trajectory.candidate.first_name,
            "course_title": trajectory.offering.course.title,
            "months": self.months,
        }

    def _adviser_email(self) -> str:
        referral = self.trajectory.referral
        adviser = referral.assigned_to
        return adviser.email if adviser is not None and adviser.is_active else referral.desk.email

    def _referral_url(self) -> str:
        return absolute_url("dashboard:referral", self.trajectory.referral_id)

    @transaction.atomic
    def send(self) -> bool:
        """Send this check-in, once: a reminder to the adviser and "Hoe gaat het?" to the
        person. False when it went out already or the trajectory no longer runs."""
        check_in = (
            CheckIn.objects.select_for_update(of=("self",))
            .select_related(
                "trajectory__referral__desk",
                "trajectory__referral__assigned_to",
                "trajectory__candidate",
                "trajectory__offering__course",
            )
            .get(pk=self.pk)
        )
        trajectory = check_in.trajectory
        if check_in.sent_at is not None or trajectory.status != Trajectory.Status.STARTED:
            return False
        referral = trajectory.referral
        if referral is not None:
            enqueue(
                kind="check_in_adviser",
                recipient=check_in._adviser_email(),
                context={
                    **check_in._about(),
                    "referral_id": referral.pk,
                    "due_on": check_in.due_on.isoformat(),
                    "referral_url": check_in._referral_url(),
                },
                idempotency_key=check_in._key("adviser"),
            )
        if trajectory.candidate.email:
            desk = referral.desk if referral is not None else None
            enqueue(
                kind="check_in",
                recipient=trajectory.candidate.email,
                context={
                    **check_in._about(),
                    "answer_url": check_in.answer_url(),
                    "desk_name": desk.name if desk else "",
                    "desk_phone": desk.phone if desk else "",
                },
                idempotency_key=check_in._key("person"),
            )
        check_in.sent_at = timezone.now()
        check_in.save(update_fields=["sent_at"])
        self.sent_at = check_in.sent_at
        return True

    @transaction.atomic
    def record_answer(self, answer: str, note: str = "") -> None:
        """The person's answer; the latest one counts. "Finished" and "stopped" end a running
        trajectory; a problem is sent to the adviser (once per check-in) and marks the
        referral in the queue until the adviser handles it."""
        self.answer = self.Answer(answer)
        self.note = note[: self.NOTE_MAX_LENGTH]
        self.answered_at = timezone.now()
        self.handled_at = None
        self.handled_by = None
        self.save(update_fields=["answer", "note", "answered_at", "handled_at", "handled_by"])
        trajectory = self.trajectory
        ends = {
            self.Answer.FINISHED: Trajectory.Status.COMPLETED,
            self.Answer.STOPPED: Trajectory.Status.STOPPED,
        }
        if answer in ends and trajectory.status == Trajectory.Status.STARTED:
            trajectory.end(ends[answer], by=None, audit=False)
        if trajectory.referral is not None:
            detail = f"check-in #{self.pk}: {answer}"
            action = AuditEntry.Action.CHECK_IN_ANSWERED
            AuditEntry.objects.record(None, action, trajectory.referral, detail=detail)
        if answer == self.Answer.PROBLEM and trajectory.referral_id is not None:
            enqueue(
                kind="check_in_problem",
                recipient=self._adviser_email(),
                context={
                    **self._about(),
                    "referral_id": trajectory.referral_id,
                    "referral_url": self._referral_url(),
                },
                idempotency_key=self._key("problem"),
            )
            trajectory.referral.announce(
                webhooks.CHECK_IN_NEEDS_ATTENTION,
                f"check-in:{self.pk}:problem",
                check_in={"id": self.pk, "months": self.months},
            )


class TrajectoryStatusChange(StatusChange):
    """One step in a trajectory's history."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="history", verbose_name=_("trajectory")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Trajectory.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Trajectory.Status.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("trajectory status change")
        verbose_name_plural = _("trajectory status changes")


class AuditEntryQuerySet(models.QuerySet):
    def in_regions(self, regions: "models.QuerySet[Region]") -> "AuditEntryQuerySet":
        return self.filter(region__in=regions)

    def for_log(self) -> "AuditEntryQuerySet":
        """With what AuditEntry.description reads, in the same query."""
        return self.select_related(
            "region",
            "user",
            "referral__candidate",
            "referral__onward__to_desk",
            "referral__onward__to_provider",
        )

    def record(
        self,
        user,
        action: str,
        referral: Referral | None = None,
        *,
        region: Region | None = None,
        detail: str = "",
    ) -> "AuditEntry":
        """Write one line of the audit log; `detail` holds ids and statuses, never personal data.

        The region is the referral's, or the one given (an export). `user` is None when the
        person themselves acted (erasure through the status page).
        """
        return self.create(
            user=user,
            user_email=user.email if user is not None else "",
            action=action,
            referral=referral,
            region_id=referral.region_id if referral is not None else region.pk,
            detail=detail[:200],
        )


class AuditEntry(models.Model):
    """Who read or changed which referral, and when (docs/dashboard.md, "Audit and export")."""

    class Action(models.TextChoices):
        VIEWED_REFERRAL = "viewed_referral", _("Opened the request")
        ASSIGNED = "assigned", _("Took the request on")
        CONTACT_LOGGED = "contact_logged", _("Saved a contact")
        STATUS_CHANGED = "status_changed", _("Changed the status")
        REFERRED_ON = "referred_on", _("Referred on")
        EXPORTED_CSV = "exported_csv", _("Downloaded the CSV file")
        TRAJECTORY_PLANNED = "trajectory_planned", _("Planned the trajectory")
        TRAJECTORY_STARTED = "trajectory_started", _("Marked the start of the trajectory")
        TRAJECTORY_ENDED = "trajectory_ended", _("Marked the end of the trajectory")
        CHECK_IN_HANDLED = "check_in_handled", _("Handled a check-in answer")
        CHECK_IN_ANSWERED = "check_in_answered", _("The person answered a check-in")
        ERASED = "erased", _("The person erased their data")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # A copy, so the line still says who after the account is gone.
    user_email = models.EmailField(_("who (e-mail)"), blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["region", "-at"], name="auditentry_region_at")]

    def __str__(self) -> str:
        who = self.user_email or "—"
        when = date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return f"{when} {who}: {self.get_action_display()}"

    def description(self) -> str:
        """The line in words for the log page: who did what with whose request. Rendered from
        the stored facts (the detail keeps ids and codes, never names); needs the log's
        select_related (AuditEntryQuerySet.for_log) to stay at one query."""
        Action = self.Action
        who = self.user.get_full_name() if self.user else ""
        who = who or self.user_email or str(_("Someone"))
        candidate = self.referral.candidate if self.referral else None
        person = f"{candidate.first_name} {candidate.last_name}".strip() if candidate else ""
        person = person or str(_("someone whose data is erased"))
        onward = getattr(self.referral, "onward", None) if self.referral else None
        receiver = (onward.to_desk or onward.to_provider) if onward else None
        words = {
            Action.VIEWED_REFERRAL: _("%(who)s viewed the details of %(person)s"),
            Action.ASSIGNED: _("%(who)s took on the request of %(person)s"),
            Action.CONTACT_LOGGED: _("%(who)s saved a contact with %(person)s"),
            Action.STATUS_CHANGED: _("%(who)s changed the status of %(person)s"),
            Action.REFERRED_ON: _("%(who)s referred %(person)s on to %(receiver)s")
            if receiver
            else _("%(who)s referred %(person)s on"),
            Action.EXPORTED_CSV: _("%(who)s downloaded the requests of %(region)s"),
            Action.TRAJECTORY_PLANNED: _("%(who)s planned the trajectory of %(person)s"),
            Action.TRAJECTORY_STARTED: _("%(who)s noted the start of the course of %(person)s"),
            Action.TRAJECTORY_ENDED: _("%(who)s noted the end of the course of %(person)s"),
            Action.CHECK_IN_HANDLED: _("%(who)s handled the check-in answers of %(person)s"),
            Action.CHECK_IN_ANSWERED: _("%(person)s answered the question how it is going"),
            Action.ERASED: _("The person erased their data"),
        }.get(self.action, _("%(who)s: %(what)s"))
        return str(words) % {
            "who": who,
            "person": person,
            "receiver": receiver,
            "region": self.region.name,
            "what": self.get_action_display(),
        }

    def detail_in_words(self) -> str:
        """The stored detail (codes and counts) as people read it; empty when it says nothing
        more than the description, or when an old line's detail cannot be read."""
        Action = self.Action
        detail = self.detail
        try:
            if self.action == Action.CONTACT_LOGGED:
                return str(_("How: %s")) % ContactMoment.Channel(detail).label.lower()
            if self.action == Action.STATUS_CHANGED:
                old, new = (
                    Referral.Status(code.strip()).label.lower() for code in detail.split("→")
                )
                return str(_("Status: %(old)s → %(new)s")) % {"old": old, "new": new}
            if self.action == Action.TRAJECTORY_ENDED:
                status = Trajectory.Status(detail.split()[-1]).label.lower()
                return str(_("Outcome: %s")) % status
            if self.action == Action.CHECK_IN_ANSWERED:
                answer = CheckIn.Answer(detail.rsplit(":", 1)[-1].strip()).label
                return str(_("Answer: %s")) % answer
            if self.action in (Action.EXPORTED_CSV, Action.CHECK_IN_HANDLED):
                count = int(detail.split()[0])
                if self.action == Action.CHECK_IN_HANDLED:
                    return translation.ngettext("%d answer", "%d answers", count) % count
                return translation.ngettext("%d request", "%d requests", count) % count
        except (ValueError, IndexError):
            return ""
        return ""


# What the person sees of their request: the timeline on their status page, the promise at
# its top, and the e-mails at the moments that matter (docs/intake.md, "The status page").


@dataclasses.dataclass(frozen=True)
class TimelineStep:
    """One step the person went through, in words for them (in the active language)."""

    at: datetime.datetime
    text: str


@dataclasses.dataclass(frozen=True)
class Promise:
    """What happens next: who contacts the person and by which day (None: no date known)."""

    who: str
    by: datetime.date | None
    how: str = ""

    @property
    def is_past(self) -> bool:
        """The day has gone by and nobody made contact yet."""
        return self.by is not None and self.by < timezone.localdate()

    def sentence(self) -> str:
        """E.g. "Werkcentrum Drenthe belt je uiterlijk donderdag 10 december.", in the active
        language."""
        if self.by is None:
            return translation.gettext("%(who)s will contact you about signing up.") % {
                "who": self.who
            }
        sentences = {
            Referral.ContactPreference.PHONE: _("%(who)s will call you by %(day)s at the latest."),
            Referral.ContactPreference.EMAIL: _(
                "%(who)s will e-mail you by %(day)s at the latest."
            ),
            Referral.ContactPreference.VIDEO: _(
                "%(who)s will contact you for a video call by %(day)s at the latest."
            ),
        }
        sentence = sentences.get(self.how, _("%(who)s will contact you by %(day)s at the latest."))
        return str(sentence) % {"who": self.who, "day": date_format(self.by, "l j F")}


CONTACT_STEPS = {
    ContactMoment.Channel.PHONE: _("Contact with %(desk)s by phone"),
    ContactMoment.Channel.EMAIL: _("Contact with %(desk)s by e-mail"),
    ContactMoment.Channel.VIDEO: _("Contact with %(desk)s by video call"),
    ContactMoment.Channel.MEETING: _("Meeting with %(desk)s"),
}


def _referral_steps(referral: Referral) -> list[tuple[datetime.datetime, str]]:
    """The steps of one referral of the chain, with its own desk's name."""
    desk = referral.desk.name
    moments = list(referral.contact_moments.all())
    has_trajectory = referral.trajectories.exists()
    steps = []
    if referral.referred_from_id is None:  # else the onward referral is its first step
        steps.append(
            (referral.created_at, str(_("You sent your question to %(desk)s") % {"desk": desk}))
        )
    for change in referral.history.select_related("changed_by"):
        text = None
        if change.to_status == Referral.Status.NEW and not change.from_status:
            continue
        if change.from_status == change.to_status:
            name = change.changed_by.first_name if change.changed_by else ""
            text = (
                _("Picked up by %(name)s of %(desk)s") % {"name": name, "desk": desk}
                if name
                else _("Picked up by an adviser of %(desk)s") % {"desk": desk}
            )
        elif change.to_status == Referral.Status.CONTACTED and not moments:
            text = _("Contact with %(desk)s") % {"desk": desk}
        elif change.to_status == Referral.Status.ADVISING:
            text = _("Your adviser helps you choose a course")
        elif change.to_status == Referral.Status.WITHDRAWN:
            text = (
                _("You withdrew your question")
                if change.changed_by_id is None
                else _("Your question was withdrawn")
            )
        elif change.to_status == Referral.Status.NO_RESPONSE:
            text = _("%(desk)s could not reach you. Your question was closed.") % {"desk": desk}
        elif change.to_status == Referral.Status.COMPLETED and not has_trajectory:
            text = _("Your question is finished")
        if text:
            steps.append((change.changed_at, str(text)))
    for moment in moments:
        steps.append((moment.at, str(CONTACT_STEPS[moment.channel] % {"desk": desk})))
    onward = OnwardReferral.objects.filter(referral=referral).select_related(
        "to_desk", "to_provider"
    )
    for step in onward:
        receiver = (step.to_desk or step.to_provider).name
        text = (
            _("Referred on to %(receiver)s, because %(reason)s")
            % {"receiver": receiver, "reason": step.get_reason_code_display()}
            if step.reason_code
            else _("Referred on to %(receiver)s") % {"receiver": receiver}
        )
        steps.append((step.at, str(text)))
    return steps


def _trajectory_steps(referral: Referral) -> list[tuple[datetime.datetime, str]]:
    steps = []
    for trajectory in referral.trajectories.for_plan():
        course = trajectory.offering.course.title
        texts = {
            Trajectory.Status.STARTED: _("You started the course %(course)s"),
            Trajectory.Status.COMPLETED: _("You finished the course %(course)s"),
            Trajectory.Status.STOPPED: _("You stopped the course %(course)s"),
        }
        for change in trajectory.history.all():
            if change.to_status == Trajectory.Status.PLANNED:
                text = (
                    _("Plan made: %(course)s")
                    if not change.from_status
                    else _("Plan changed: %(course)s")
                )
            elif change.to_status == Trajectory.Status.STOPPED and not trajectory.started_on:
                continue  # a plan closed before the start: the request's own step says why
            else:
                text = texts[change.to_status]
            steps.append((change.changed_at, str(text % {"course": course})))
        for check_in in trajectory.check_ins.all():
            if check_in.sent_at:
                steps.append((check_in.sent_at, str(_("We asked you how your course is going"))))
            if check_in.answered_at:
                answer = {"answer": check_in.get_answer_display()}
                steps.append((check_in.answered_at, str(_("Your answer: “%(answer)s”") % answer)))
    return steps


def person_timeline(referral: Referral) -> list[TimelineStep]:
    """Every step of the person's request, oldest first, over an onward referral too."""
    chain = [referral.referred_from, referral] if referral.referred_from_id else [referral]
    steps = []
    for link in chain:
        steps += _referral_steps(link) + _trajectory_steps(link)
    steps.sort(key=lambda step: step[0])
    return [TimelineStep(at, text) for at, text in steps]


def person_promise(referral: Referral) -> Promise | None:
    """Who contacts the person next and by which day; None once contact was made, the
    request closed or a plan exists, so the page never shows a promise that was kept."""
    if referral.status == Referral.Status.REFERRED_ON:
        onward = OnwardReferral.objects.filter(referral=referral, to_provider__isnull=False)
        provider = onward.values_list("to_provider__name", flat=True).first()
        return Promise(who=provider, by=None) if provider else None
    waiting = referral.status == Referral.Status.NEW and referral.first_contact_at is None
    if not waiting or referral.trajectories.exists():
        return None
    desk = referral.desk
    created_on = timezone.localdate(referral.created_at)
    by = add_working_days(created_on, desk.contact_within_days)
    return Promise(who=desk.name, by=by, how=referral.contact_preference)


def _desk_contact(desk: Desk | None) -> dict:
    return {
        "desk_name": desk.name if desk else "",
        "desk_phone": desk.phone if desk else "",
        "desk_email": desk.email if desk else "",
    }


def tell_person_referred_on(referral: Referral, onward: OnwardReferral) -> None:
    """E-mail the person who has their request now, why, and by when they will hear."""
    candidate = referral.candidate
    if not candidate.email:
        return
    current = onward.new_referral or referral
    with translation.override(candidate.language):
        promise = person_promise(current)
        context = {
            "first_name": candidate.first_name,
            "receiver": (onward.to_desk or onward.to_provider).name,
            "from_desk": referral.desk.name,
            "reason": str(onward.get_reason_code_display()) if onward.reason_code else "",
            "promise": promise.sentence() if promise else "",
            "status_url": absolute_url("referral_status", current.token),
            **_desk_contact(onward.to_desk),
        }
    enqueue(
        kind="referral_referred_on",
        recipient=candidate.email,
        context=context,
        idempotency_key=f"referral:{referral.pk}:onward:person",
        language=candidate.language,
    )


def tell_person_planned(referral: Referral, trajectory: Trajectory, *, changed: bool) -> None:
    """E-mail the person their plan: course, start, place and who pays what."""
    candidate = referral.candidate
    if not candidate.email:
        return
    offering = trajectory.offering
    with translation.override(candidate.language):
        place = offering.municipality.name if offering.municipality else _("online")
        context = {
            "first_name": candidate.first_name,
            "course_title": offering.course.title,
            "provider_name": offering.course.provider.name,
            "start_date": offering.start_date.isoformat(),
            **({"end_date": offering.end_date.isoformat()} if offering.end_date else {}),
            "place": str(place),
            "cost": trajectory.cost,
            "funding": [
                {"scheme": line.scheme_name, "amount": line.amount}
                for line in trajectory.funding_lines.all()
            ],
            "own_contribution": trajectory.own_contribution,
            "changed": changed,
            "status_url": absolute_url("referral_status", referral.token),
            **_desk_contact(referral.desk),
        }
    last_change = trajectory.history.order_by("-pk").values_list("pk", flat=True).first()
    enqueue(
        kind="trajectory_planned",
        recipient=candidate.email,
        context=context,
        idempotency_key=f"referral:{referral.pk}:plan:{last_change}",
        language=candidate.language,
    )


def tell_person_withdrawn(referral: Referral) -> None:
    """E-mail the person that their request was withdrawn, and how to ask again."""
    candidate = referral.candidate
    if not candidate.email:
        return
    enqueue(
        kind="referral_withdrawn",
        recipient=candidate.email,
        context={
            "first_name": candidate.first_name,
            "status_url": absolute_url("referral_status", referral.token),
            "ask_again_url": absolute_url("orientation"),
            **_desk_contact(referral.desk),
        },
        idempotency_key=f"referral:{referral.pk}:withdrawn",
        language=candidate.language,
    )
