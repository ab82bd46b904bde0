from django.urls import path

from . import views_dashboard

# Included by trajectories/urls_dashboard.py at /dashboard/regelingen/, namespace "dashboard".
urlpatterns = [
    path("", views_dashboard.scheme_list, name="schemes"),
    path("<slug:scheme>/", views_dashboard.scheme_budget, name="scheme_budget"),
]
