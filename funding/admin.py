from django.contrib import admin

from .models import Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "funder", "status", "closes_on", "budget_remaining", "is_demo"]
    list_filter = ["level", "status", "is_demo"]
    search_fields = ["name", "funder", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "sectors"]
