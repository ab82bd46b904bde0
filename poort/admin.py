from functools import partial

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Notification, User

admin.site.site_header = _("Gouden Poort – management")
admin.site.site_title = _("Gouden Poort")


class ReadOnlyAdmin(admin.ModelAdmin):
    """For logs and histories: editors may read them; nobody adds, changes or deletes."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


STATUS_ICONS = {
    Notification.Status.PENDING: "admin/img/icon-clock.svg",
    Notification.Status.SENDING: "admin/img/icon-clock.svg",
    Notification.Status.SENT: "admin/img/icon-yes.svg",
    Notification.Status.FAILED: "admin/img/icon-no.svg",
}


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox (docs/outbox.md): filter on status "Failed", read the error, retry."""

    list_display = [
        "kind",
        "channel",
        "recipient",
        "status_badge",
        "attempts",
        "next_attempt_at",
        "short_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "channel", "kind", "created_at"]
    search_fields = ["recipient", "idempotency_key"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["retry_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, notification: Notification) -> str:
        label = notification.get_status_display()
        if notification.status == Notification.Status.FAILED:
            label = format_html("<strong>{}</strong>", label)
        icon = static(STATUS_ICONS[notification.status])
        return format_html('<img src="{}" alt="" width="13" height="13"> {}', icon, label)

    @admin.display(description=_("last error"))
    def short_error(self, notification: Notification) -> str:
        return Truncator(notification.last_error).chars(80)

    @admin.action(description=_("Retry the selected notifications now"), permissions=["change"])
    def retry_selected(self, request, queryset) -> None:
        with transaction.atomic():
            retried = queryset.retry(timezone.now())
            for notification_id in retried:
                transaction.on_commit(partial(outbox.start_sending, notification_id))
        skipped = queryset.count() - len(retried)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification will be sent again.",
                "%(count)d notifications will be sent again.",
                len(retried),
            )
            % {"count": len(retried)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification was skipped: it was sent, is being sent, "
                    "or its data was erased.",
                    "%(count)d notifications were skipped: they were sent, are being sent, "
                    "or their data was erased.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
