from django.urls import path

from . import dashboard

# Included by trajectories/urls_dashboard.py at /dashboard/regio/, in the "dashboard" namespace.
urlpatterns = [
    path("<slug:slug>/sleutels/", dashboard.keys, name="partner_keys"),
    path("<slug:slug>/sleutels/<int:pk>/intrekken/", dashboard.key_revoke, name="key_revoke"),
]
