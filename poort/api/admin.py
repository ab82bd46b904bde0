"""Partner keys and webhook endpoints in /beheer/: editors see them and can revoke a key or
switch an endpoint off. They are made only on the coordinator's dashboard, where the secret is
shown once; the admin never shows a secret or a key's digest."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import PartnerKey, WebhookEndpoint


class NoAddNoDeleteAdmin(admin.ModelAdmin):
    """Every field read-only; only the actions change something."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return list(self.fields)


@admin.register(PartnerKey)
class PartnerKeyAdmin(NoAddNoDeleteAdmin):
    list_display = ["name", "desk", "scope", "prefix", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter), "desk__region"]
    search_fields = ["name", "prefix", "desk__name"]
    list_select_related = ["desk"]
    fields = [
        "name",
        "desk",
        "scope",
        "prefix",
        "expires_at",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke_selected"]

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_selected(self, request, queryset) -> None:
        keys = list(queryset.filter(revoked_at=None))
        for key in keys:
            key.revoke()
        message = ngettext(
            "%(count)d key no longer works.", "%(count)d keys no longer work.", len(keys)
        )
        self.message_user(request, message % {"count": len(keys)}, messages.SUCCESS)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(NoAddNoDeleteAdmin):
    list_display = ["url", "region", "created_at", "switched_off_at"]
    list_filter = [("switched_off_at", admin.EmptyFieldListFilter), "region"]
    search_fields = ["url"]
    list_select_related = ["region"]
    fields = ["url", "region", "events", "created_by", "created_at", "switched_off_at"]
    actions = ["switch_off_selected"]

    @admin.action(description=_("Switch the selected addresses off"), permissions=["change"])
    def switch_off_selected(self, request, queryset) -> None:
        endpoints = list(queryset.filter(switched_off_at=None))
        for endpoint in endpoints:
            endpoint.switch_off()
        message = ngettext(
            "%(count)d address gets no more events.",
            "%(count)d addresses get no more events.",
            len(endpoints),
        )
        self.message_user(request, message % {"count": len(endpoints)}, messages.SUCCESS)
