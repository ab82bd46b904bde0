from django.urls import path

from . import dashboard

# Included by trajectories/urls_dashboard.py at /dashboard/regio/, in the "dashboard" namespace.
urlpatterns = [
    path("<slug:slug>/sleutels/", dashboard.keys, name="partner_keys"),
    path("<slug:slug>/sleutels/<int:pk>/intrekken/", dashboard.key_revoke, name="key_revoke"),
    path("<slug:slug>/webhooks/", dashboard.endpoints, name="webhooks"),
    path("<slug:slug>/widgets/", dashboard.widget_code, name="widgets"),
    path(
        "<slug:slug>/webhooks/<int:pk>/uitzetten/",
        dashboard.endpoint_switch_off,
        name="webhook_switch_off",
    ),
    path(
        "<slug:slug>/webhooks/<int:endpoint_pk>/leveringen/<int:pk>/opnieuw/",
        dashboard.delivery_resend,
        name="webhook_resend",
    ),
]
