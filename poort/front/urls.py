"""The front door's addresses (Dutch, stable: DESIGN.md). poort/urls.py includes them first, so
"opleidingen/<slug>/interesse/" and "regelingen/check/" come before the apps' own includes.
Each has an English version under /en/ (docs/language.md); a person's own pages are in
personal_urls.py, robots.txt and the sitemap in seo_urls.py."""

from django.urls import path

from .views import funding_check, intake, interest, pages, region

urlpatterns = [
    path("", pages.home, name="home"),
    path("opleidingen/<slug:slug>/interesse/", interest.interest, name="course_interest"),
    path("orienteren/", intake.start, name="orientation"),
    path("orienteren/gemeenten/", intake.municipalities, name="intake_municipalities"),
    path("orienteren/<str:key>/<int:step>/", intake.step, name="intake_step"),
    path("orienteren/<str:key>/klaar/", intake.done, name="intake_done"),
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
