import datetime
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: adviser, coordinator, editor, or a candidate with an account.

    The e-mail address is the login; there is no user name.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            # Mail servers treat the local part case-insensitively in practice, and so does sign-in.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message=_("There is already an account with this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.email


class NotificationQuerySet(models.QuerySet):
    """Outbox rows by what the sender has to do with them. Settings: OUTBOX_* (docs/outbox.md)."""

    def due(self, now: datetime.datetime) -> "NotificationQuerySet":
        """Pending rows that may be sent now."""
        return self.filter(status=Notification.Status.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )

    def overlooked(self, now: datetime.datetime) -> "NotificationQuerySet":
        """Rows for the sweep: never picked up after OUTBOX_SWEEP_AFTER, or due for a retry."""
        picked_up_by = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER)
        return self.filter(status=Notification.Status.PENDING).filter(
            Q(next_attempt_at__isnull=True, created_at__lte=picked_up_by)
            | Q(next_attempt_at__lte=now)
        )

    def stale_claims(self, now: datetime.datetime) -> "NotificationQuerySet":
        """Rows claimed longer than OUTBOX_CLAIM_TIMEOUT ago: the worker that claimed them died."""
        claimed_before = now - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
        return self.filter(status=Notification.Status.SENDING, claimed_at__lte=claimed_before)

    def claim(self, pk: int, now: datetime.datetime) -> "Notification | None":
        """Take one due row for sending, or None when it is not due or someone else has it.

        A single conditional UPDATE, so of two workers that try at once only one gets the row.
        """
        claimed = (
            self.due(now)
            .filter(pk=pk)
            .exclude(channel=Notification.Channel.EMAIL, recipient="")
            .update(status=Notification.Status.SENDING, claimed_at=now)
        )
        return self.get(pk=pk) if claimed else None

    def release_stale_claims(self, now: datetime.datetime) -> int:
        """Put rows of dead workers back in the queue; the lost try counts as an attempt."""
        stale = self.stale_claims(now)
        last_attempt = stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS - 1)
        error = "The worker stopped while sending; the e-mail may have gone out already."
        given_up = last_attempt.update(
            status=Notification.Status.FAILED, attempts=models.F("attempts") + 1, last_error=error
        )
        released = stale.update(
            status=Notification.Status.PENDING,
            attempts=models.F("attempts") + 1,
            next_attempt_at=now,
            last_error=error,
        )
        return given_up + released

    def retry(self, now: datetime.datetime) -> list[int]:
        """Give failed or waiting rows a fresh set of attempts from now; returns their ids.

        Rows that went out, are being sent, or lost their data to an erasure stay as they are.
        """
        retriable = self.filter(
            status__in=[Notification.Status.FAILED, Notification.Status.PENDING]
        ).exclude(channel=Notification.Channel.EMAIL, recipient="")
        ids = list(retriable.values_list("pk", flat=True))
        self.filter(pk__in=ids).update(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at=now
        )
        return ids

    def resend_webhook(self, pk: int, now: datetime.datetime) -> bool:
        """Send a webhook delivery again, with the same webhook-id and body and a fresh set of
        attempts, whatever became of it; False while it is being sent."""
        return bool(
            self.filter(pk=pk, channel=Notification.Channel.WEBHOOK)
            .exclude(status=Notification.Status.SENDING)
            .update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=now)
        )

    def forget_for(self, idempotency_key_prefix: str) -> int:
        """Erase the personal data in every row whose key starts with the prefix.

        For the erasure of a person: pass the prefix of their keys with its separator, e.g.
        "referral:42:" (not "referral:42", which also matches referral 421). Rows not yet
        sent are cancelled (status failed) and never go out; every row loses its recipient,
        context and error text. Returns the number of rows.
        """
        if not idempotency_key_prefix:
            raise ValueError("forget_for() needs a prefix; an empty one would match every row")
        rows = self.filter(idempotency_key__startswith=idempotency_key_prefix)
        rows.exclude(status=Notification.Status.SENT).update(
            status=Notification.Status.FAILED,
            last_error="Cancelled: the person's data was erased",
            recipient="",
            context={},
        )
        rows.filter(status=Notification.Status.SENT).update(recipient="", context={}, last_error="")
        return rows.count()


class Notification(models.Model):
    """A transactional outbox row: an e-mail, or a webhook delivery, that must go out once.

    It is written in the same transaction as the change that causes it; a task sends it
    and a periodic task picks up rows that are still pending. See docs/outbox.md.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    # For an e-mail the kind of e-mail; for a webhook the event type (poort/webhooks.py).
    kind = models.CharField(_("kind"), max_length=50)
    recipient = models.EmailField(_("recipient"), blank=True)
    # A webhook's endpoint, kept by poort.api, which the base may not import: an id, no key.
    endpoint_id = models.PositiveIntegerField(_("webhook endpoint"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message_id = models.CharField(_("message id"), max_length=200, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(
                fields=["endpoint_id", "-created_at"],
                name="notification_endpoint",
                condition=Q(endpoint_id__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient or '—'} ({self.get_status_display()})"

    @property
    def rfc_message_id(self) -> str:
        """The same Message-ID on every try, so a receiving server can drop a duplicate."""
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "goudenpoort.nl"
        return f"<{self.public_id}@{domain}>"

    @property
    def webhook_id(self) -> str:
        """The webhook-id header: the same on every try and every resend (Standard Webhooks)."""
        return f"msg_{self.public_id.hex}"

    @staticmethod
    def retry_delay(attempts: int) -> datetime.timedelta:
        """Wait after the given number of failed attempts: 1, 2, 4, 8 … minutes, capped."""
        seconds = settings.OUTBOX_RETRY_DELAY * 2 ** max(attempts - 1, 0)
        return datetime.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_DELAY_MAX))

    def mark_sent(
        self, now: datetime.datetime | None = None, *, response_code: int | None = None
    ) -> None:
        """Record the send and drop the personal data; only kind, key and times remain.

        A webhook keeps its body (ids and links only), so that it can be sent again."""
        is_webhook = self.channel == Notification.Channel.WEBHOOK
        Notification.objects.filter(pk=self.pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.SENT,
            sent_at=now or timezone.now(),
            message_id=self.webhook_id if is_webhook else self.rfc_message_id,
            **({} if is_webhook else {"recipient": "", "context": {}}),
            response_code=response_code,
            last_error="",
            next_attempt_at=None,
        )

    def mark_failed_attempt(
        self,
        error: str,
        *,
        permanent: bool = False,
        now: datetime.datetime | None = None,
        response_code: int | None = None,
    ) -> None:
        """Count a failed try: back to pending after a back-off, or failed after the last one."""
        attempts = self.attempts + 1
        gave_up = permanent or attempts >= settings.OUTBOX_MAX_ATTEMPTS
        next_attempt_at = None if gave_up else (now or timezone.now()) + self.retry_delay(attempts)
        Notification.objects.filter(pk=self.pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            attempts=attempts,
            last_error=error[:2000],
            next_attempt_at=next_attempt_at,
            response_code=response_code,
        )
