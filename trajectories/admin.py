from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from poort.admin import ReadOnlyAdmin

from .models import (
    AuditEntry,
    Candidate,
    CheckIn,
    ContactMoment,
    Course,
    CourseFeed,
    CourseSource,
    ImportRun,
    Offering,
    OnwardReferral,
    Provider,
    ProviderSource,
    Referral,
    ReferralStatusChange,
    SearchSynonym,
    SectorRule,
    Trajectory,
    TrajectoryFunding,
    TrajectoryStatusChange,
)


class ProviderSourceInline(admin.TabularInline):
    """The provider's id in another feed: its courses there join this provider's."""

    model = ProviderSource
    extra = 0


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "intake_email", "source"]
    search_fields = ["name", "source_id", "other_sources__source_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProviderSourceInline]


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    autocomplete_fields = ["municipality"]
    readonly_fields = ["source"]


class CourseSourceInline(admin.TabularInline):
    """The other feeds that publish this course; the importer links them."""

    model = CourseSource
    fields = ["source", "source_id", "created_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "sector", "sector_rule", "level", "mode", "price"]
    list_filter = [
        "sector_rule",
        "sector",
        "level",
        "learning_path",
        "mode",
        "certificate_kind",
        "is_published",
        "source",
    ]
    search_fields = ["title", "summary", "crebo_code", "source_id"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["provider", "sector"]
    autocomplete_fields = ["provider"]
    readonly_fields = ["sector_rule", "source", "source_id"]
    inlines = [OfferingInline, CourseSourceInline]

    def save_model(self, request, obj, form, change) -> None:
        # A field an editor chooses is kept by every later import (docs/imports.md).
        if "sector" in form.changed_data:
            obj.sector_rule = SectorRule.EDITOR
        super().save_model(request, obj, form, change)


class ImportRunInline(admin.TabularInline):
    model = ImportRun
    fields = ["started_at", "status", "created", "updated", "unchanged", "unclassified", "invalid"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-started_at"]
    show_change_link = True


@admin.register(CourseFeed)
class CourseFeedAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "location", "default_sector", "is_active", "owner"]
    list_filter = ["format", "is_active"]
    search_fields = ["name", "location"]
    raw_id_fields = ["owner"]
    inlines = [ImportRunInline]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "location",
        "feed",
        "started_at",
        "finished_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "unclassified",
        "invalid",
    ]
    list_filter = ["status", "format", "feed"]
    list_select_related = ["feed"]
    search_fields = ["location"]
    fields = [*list_display, "providers_created", "merged", "error", "problem_list"]
    readonly_fields = fields

    @admin.display(description=_("problems"))
    def problem_list(self, run: ImportRun) -> str:
        return (
            format_html_join(
                "\n", "<p><strong>{}</strong>: {}</p>", (tuple(p) for p in run.problems)
            )
            or "—"
        )


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words people search with; an edit shows in the next search (docs/catalogue.md)."""

    list_display = ["term", "means"]
    search_fields = ["term", "means"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["course", "start_date", "municipality", "seats", "price"]
    list_filter = ["start_date"]
    search_fields = ["course__title", "municipality__name"]
    list_select_related = ["course", "municipality"]
    autocomplete_fields = ["course", "municipality"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["first_name", "municipality", "situation", "created_at", "anonymised_at"]
    list_filter = ["situation"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality", "user"]


class ReferralStatusChangeInline(admin.TabularInline):
    model = ReferralStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "changed_at"]
    can_delete = False


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "region", "desk", "status", "assigned_to", "created_at"]
    list_filter = ["kind", "status", "region"]
    list_select_related = ["region", "desk", "assigned_to"]
    readonly_fields = ["token", "created_at", "updated_at"]
    raw_id_fields = ["candidate", "course", "offering", "referred_from", "assigned_to"]
    inlines = [ReferralStatusChangeInline]


@admin.register(ReferralStatusChange)
class ReferralStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["referral", "from_status", "to_status", "changed_by", "changed_at"]
    raw_id_fields = ["referral", "changed_by"]


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    list_display = ["referral", "channel", "by", "at"]
    list_filter = ["channel"]
    raw_id_fields = ["referral", "by"]


@admin.register(OnwardReferral)
class OnwardReferralAdmin(admin.ModelAdmin):
    list_display = ["referral", "to_desk", "to_provider", "by", "at"]
    list_select_related = ["to_desk", "to_provider", "by"]
    raw_id_fields = ["referral", "new_referral", "by"]


class TrajectoryStatusChangeInline(admin.TabularInline):
    model = TrajectoryStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "changed_at"]
    can_delete = False


class TrajectoryFundingInline(admin.TabularInline):
    """The funding as agreed: kept as it was, so read only."""

    model = TrajectoryFunding
    extra = 0
    readonly_fields = ["scheme", "scheme_name", "amount", "position"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ["months", "due_on", "sent_at", "answer", "note", "answered_at", "handled_at"]
    readonly_fields = ["sent_at", "answer", "note", "answered_at", "handled_at"]
    can_delete = False


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
    list_display = ["pk", "candidate", "offering", "status", "started_on", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["candidate", "referral", "offering"]
    inlines = [TrajectoryFundingInline, CheckInInline, TrajectoryStatusChangeInline]


@admin.register(TrajectoryStatusChange)
class TrajectoryStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "from_status", "to_status", "changed_by", "changed_at"]
    raw_id_fields = ["trajectory", "changed_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read only: a log that can be edited proves nothing."""

    list_display = ["at", "user_email", "action", "referral_id", "region", "detail"]
    list_filter = ["action", "region"]
    list_select_related = ["region"]
    search_fields = ["user_email", "=referral__id"]
    date_hierarchy = "at"
