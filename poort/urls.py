from allauth.account.decorators import reauthentication_required
from allauth.account.views import password_change
from django.contrib import admin
from django.urls import include, path

from poort import access
from poort.views import checkin, funding_check, health, intake, interest, pages, status

# Editors sign in on the site's own pages, with the second factor (docs/signin.md);
# set before admin.site.urls is read below.
admin.site.login = access.admin_login
admin.site.has_permission = access.admin_has_permission
admin.site.password_change = access.admin_password_change

handler400 = "poort.errors.bad_request"
handler500 = "poort.errors.server_error"

urlpatterns = [
    path("", pages.home, name="home"),
    path("opleidingen/<slug:slug>/interesse/", interest.interest, name="course_interest"),
    path("opleidingen/", include("trajectories.urls")),
    path("orienteren/", intake.start, name="orientation"),
    path("orienteren/gemeenten/", intake.municipalities, name="intake_municipalities"),
    path("orienteren/<str:key>/<int:step>/", intake.step, name="intake_step"),
    path("orienteren/<str:key>/klaar/", intake.done, name="intake_done"),
    path("aanvraag/verwijderd/", status.erased, name="referral_erased"),
    path("aanvraag/<str:token>/", status.status, name="referral_status"),
    path("aanvraag/<str:token>/intrekken/", status.withdraw, name="referral_withdraw"),
    path("aanvraag/<str:token>/verwijderen/", status.erase, name="referral_erase"),
    path("aanvraag/<str:token>/gegevens.json", status.download, name="referral_download"),
    path("hoe-gaat-het/<str:token>/", checkin.check_in, name="check_in"),
    # The check before the include: "check" is not a scheme's slug.
    path("regelingen/check/", funding_check.funding_check, name="funding_check"),
    path("regelingen/", include("funding.urls")),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("", include("regions.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/password/change/",
        reauthentication_required(password_change, app="allauth.account"),
        name="account_change_password",
    ),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", include("trajectories.urls_dashboard")),
    path("beheer/", admin.site.urls),
]
