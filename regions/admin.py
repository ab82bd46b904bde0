from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from poort.admin import ReadOnlyAdmin

from .models import ChangeRecord, Desk, Initiative, Membership, Municipality, Region, Sector


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ["code", "name", "province"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region"]
    list_filter = ["province", "region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "isced_codes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "email", "contact_within_days", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "email", "region__name"]
    list_select_related = ["region"]


class InitiativeForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        served, linked = cleaned.get("serves"), cleaned.get("regions")
        if served is not None and linked is not None:
            outside = [region.name for region in linked if region not in served]
            if outside:
                self.add_error(
                    "regions",
                    _("Link the initiative only to regions it serves. Not served: %(names)s.")
                    % {"names": ", ".join(outside)},
                )
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeForm
    list_display = ["name", "is_active"]
    list_filter = ["is_active", "serves"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["serves", "regions", "sectors"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "created_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "region__name"]
    autocomplete_fields = ["user", "region"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "region", "user", "object_kind", "object_name", "field"]
    list_filter = ["region"]
    list_select_related = ["region", "user"]
    readonly_fields = [field.name for field in ChangeRecord._meta.fields]
