from django.urls import path

from . import dashboard

# Included by trajectories/urls_dashboard.py at /dashboard/regio/, in the "dashboard" namespace.
urlpatterns = [
    path("", dashboard.region_list, name="regions"),
    path("<slug:slug>/", dashboard.region_edit, name="region_edit"),
    path("<slug:slug>/loket/", dashboard.desk_edit, name="desk_edit"),
    path("<slug:slug>/initiatieven/", dashboard.initiatives, name="initiatives"),
    path("<slug:slug>/adviseurs/", dashboard.advisers, name="advisers"),
    path("<slug:slug>/geschiedenis/", dashboard.history, name="region_history"),
]
