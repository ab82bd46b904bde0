from django.urls import include, path

from .views import audit, dashboard, insights, trajectory

# Included at /dashboard/ with the namespace "dashboard". A new URL here needs its row in
# tests/trajectories/test_dashboard_permissions.py.
app_name = "dashboard"
urlpatterns = [
    path("", dashboard.dashboard_home, name="home"),
    path("aanmeldingen/<int:pk>/", dashboard.referral_detail, name="referral"),
    path("aanmeldingen/<int:pk>/toewijzen/", dashboard.referral_assign, name="referral_assign"),
    path("aanmeldingen/<int:pk>/contact/", dashboard.referral_contact, name="referral_contact"),
    path("aanmeldingen/<int:pk>/status/", dashboard.referral_status, name="referral_status"),
    path("logboek/", audit.audit_log, name="audit_log"),
    path("export.csv", audit.referrals_csv, name="referrals_csv"),
    path("inzicht/", insights.region_insights, name="insights"),
    path(
        "aanmeldingen/<int:pk>/doorverwijzen/",
        dashboard.referral_refer_on,
        name="referral_refer_on",
    ),
    path("aanmeldingen/<int:pk>/traject/", trajectory.trajectory_plan, name="trajectory_plan"),
    path(
        "aanmeldingen/<int:pk>/traject/start/",
        trajectory.trajectory_start,
        name="trajectory_start",
    ),
    path("aanmeldingen/<int:pk>/traject/einde/", trajectory.trajectory_end, name="trajectory_end"),
    path(
        "aanmeldingen/<int:pk>/vasthouden/afgehandeld/",
        trajectory.check_ins_handled,
        name="check_ins_handled",
    ),
    path("regio/", include("regions.urls_dashboard")),
    path("regio/", include("poort.api.urls_dashboard")),
    path("regelingen/", include("funding.urls_dashboard")),
]
