"""Partner keys: a regional desk's own system reads and works its region's referrals with
one (docs/api.md, "Partner keys")."""

import base64
import datetime
import hashlib
import secrets
from collections.abc import Collection
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from poort import webhooks
from poort.models import Notification
from regions.models import Desk, Region

KEY_PREFIX = "gp_"


def digest(secret: str) -> str:
    """A key is 256 random bits, so one round of SHA-256 is enough to store it (no password
    hash: nothing to guess), and the digest itself finds the key."""
    return hashlib.sha256(secret.encode()).hexdigest()


class PartnerKeyQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None) -> "PartnerKeyQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at=None, expires_at__gt=now, desk__region__isnull=False)

    def by_secret(self, secret: str) -> "PartnerKey | None":
        """The usable key of this secret, with its desk and region; None for any other text."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 100:
            return None
        keys = self.usable().select_related("desk__region", "account")
        return keys.filter(digest=digest(secret)).first()

    @transaction.atomic
    def issue(
        self, *, desk: Desk, name: str, scope: str, expires_on: datetime.date, by
    ) -> tuple["PartnerKey", str]:
        """A new key and its secret, which is shown once and never stored.

        Each key acts through an account of its own that cannot sign in, so the casework's
        model methods record it as they record an adviser: the history says its name and
        the audit log "api-key:<region code>:<name>"."""
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        account = get_user_model().objects.create_user(
            email=f"api-key:{desk.region.code}:{name}:{secret[3:11]}",
            first_name=name[:150],
            is_active=False,
        )
        expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
        key = self.create(
            desk=desk,
            account=account,
            name=name,
            scope=scope,
            prefix=secret[:11],
            digest=digest(secret),
            expires_at=expires_at,
            created_by=by,
        )
        return key, secret


class PartnerKey(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="partner_keys", verbose_name=_("desk")
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_key",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    prefix = models.CharField(_("starts with"), max_length=11)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "name"],
                condition=Q(revoked_at=None),
                name="partner_key_name_unique_per_desk",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self) -> None:
        """At most once a minute, so reading does not write on every request."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > datetime.timedelta(minutes=1):
            PartnerKey.objects.filter(pk=self.pk).update(last_used_at=now)


# What the dashboard calls each event (poort.webhooks.EVENTS).
EVENT_LABELS = {
    webhooks.REFERRAL_CREATED: _("A new request comes in"),
    webhooks.REFERRAL_STATUS_CHANGED: _("The status of a request changes"),
    webhooks.REFERRAL_REFERRED_ON: _("A request is referred on, to or from this region"),
    webhooks.CHECK_IN_NEEDS_ATTENTION: _("A person answers a check-in with a problem"),
}


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self) -> "WebhookEndpointQuerySet":
        return self.filter(switched_off_at=None)

    def listening(self, event: str, region_ids: Collection[int]) -> list[int]:
        """The active endpoints of these regions that want this event (the outbox's directory,
        docs/api.md "Webhooks"). A region has a handful, so the events are read in Python."""
        endpoints = self.active().filter(region_id__in=region_ids).values_list("pk", "events")
        return [pk for pk, events in endpoints if event in events]

    @transaction.atomic
    def register(
        self, *, region: Region, url: str, events: list[str], by
    ) -> tuple["WebhookEndpoint", str]:
        """A new endpoint and its signing secret, which the coordinator sees once."""
        secret = webhooks.SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
        endpoint = self.create(region=region, url=url, events=events, secret=secret, created_by=by)
        return endpoint, secret


class WebhookEndpoint(models.Model):
    """An HTTPS address of a region's own system that gets the region's events, signed."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="webhook_endpoints", verbose_name=_("region")
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # The key of the signatures: HMAC needs the secret itself, so it is kept (never shown again).
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    switched_off_at = models.DateTimeField(_("switched off at"), null=True, blank=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def is_active(self) -> bool:
        return self.switched_off_at is None

    def event_labels(self) -> list[str]:
        return [EVENT_LABELS[event] for event in self.events if event in EVENT_LABELS]

    def switch_off(self) -> None:
        """No new deliveries; those waiting fail at their next try."""
        if self.switched_off_at is None:
            self.switched_off_at = timezone.now()
            self.save(update_fields=["switched_off_at"])

    def deliveries(self) -> "models.QuerySet[Notification]":
        return Notification.objects.filter(
            channel=Notification.Channel.WEBHOOK, endpoint_id=self.pk
        ).order_by("-created_at", "-pk")


class EndpointDirectory:
    """What the outbox asks poort.api about endpoints (poort.webhooks.Directory); registered
    in ApiConfig.ready()."""

    def listening(self, event: str, region_ids: Collection[int]) -> list[int]:
        return WebhookEndpoint.objects.listening(event, region_ids)

    def target(self, endpoint_id: int) -> webhooks.Target | None:
        endpoint = WebhookEndpoint.objects.active().filter(pk=endpoint_id).first()
        return webhooks.Target(endpoint.url, endpoint.secret) if endpoint else None
