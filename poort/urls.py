from django.contrib import admin
from django.urls import include, path

from poort.views import health, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("opleidingen/", pages.catalogue_placeholder, name="catalogue"),
    path("orienteren/", pages.orientation_placeholder, name="orientation"),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
]
