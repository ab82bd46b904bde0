from allauth.account.decorators import reauthentication_required
from allauth.account.views import password_change
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from poort import access, health, language

# Editors sign in on the site's own pages, with the second factor (docs/signin.md);
# set before admin.site.urls is read below.
admin.site.login = access.admin_login
admin.site.has_permission = access.admin_has_permission
admin.site.password_change = access.admin_password_change

handler400 = "poort.errors.bad_request"
handler500 = "poort.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("poort.front.seo_urls")),
    # A person's own pages (status, check-in) keep one address: the links in the e-mails.
    path("", include("poort.front.personal_urls")),
    path("api/v1/", include("poort.api.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path(
        "accounts/password/change/",
        reauthentication_required(password_change, app="allauth.account"),
        name="account_change_password",
    ),
    path("accounts/2fa/totp/activate/", access.activate_app, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", include("trajectories.urls_dashboard")),
    path("beheer/", admin.site.urls),
]

# The public pages: Dutch at their own address, English under /en/ (docs/language.md).
urlpatterns += i18n_patterns(
    # The front door first: its "opleidingen/<slug>/interesse/" and "regelingen/check/" come
    # before the includes of the catalogue and the schemes ("check" is not a scheme's slug).
    path("", include("poort.front.urls")),
    path("opleidingen/", include("trajectories.urls")),
    path("regelingen/", include("funding.urls")),
    path("", include("regions.urls")),
    prefix_default_language=False,
)
