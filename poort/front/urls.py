"""The front door's addresses (Dutch, stable: DESIGN.md). poort/urls.py includes them first, so
"opleidingen/<slug>/interesse/" and "regelingen/check/" come before the apps' own includes."""

from django.urls import path

from .views import checkin, funding_check, intake, interest, pages, region, status

urlpatterns = [
    path("", pages.home, name="home"),
    path("opleidingen/<slug:slug>/interesse/", interest.interest, name="course_interest"),
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
    path("regelingen/check/", funding_check.funding_check, name="funding_check"),
    path("regio/<slug:slug>/", region.region, name="region"),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path(
        "toegankelijkheid/hoe-we-testen/",
        pages.accessibility_testing,
        name="accessibility_testing",
    ),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
]
