"""The second factor for staff, recent sign-in for account changes, and the admin's door.

Part of the base layer of `poort`: it uses allauth but no app of this project. Who counts
as staff and in which regions they act is in regions/access.py. See docs/signin.md.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from poort.clientip import client_ip


@dataclass(frozen=True)
class Site:
    """What allauth's e-mails call `current_site`: our name, and our domain from SITE_URL."""

    name: str
    domain: str


SITE = Site(name="Gouden Poort", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are made by an editor in /beheer/; candidates need no account.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same client address as the site's other rate limits, also behind our proxies.
        return client_ip(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # Failed sign-ins count per address *and* client (docs/signin.md, "Guessing"): wrong
        # passwords typed somewhere else never lock the owner out.
        address = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{address}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site after the request's host ("127.0.0.1:8101"); ours is Gouden
        # Poort at SITE_URL (templates/account/email/ use both).
        brand = {"current_site": SITE, "site_url": settings.SITE_URL}
        super().send_mail(template_prefix, email, {**context, **brand})

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # allauth counts only an explicit "confirm access"; a sign-in of a minute ago counts too.
        required = super().is_reauthentication_required(app=app, **kwargs)
        return required and not signed_in_recently(self.request)


def signed_in_recently(request: HttpRequest | None) -> bool:
    """Whether the person proved who they are (sign-in or confirmation) within
    ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    last = max((record.get("at", 0) for record in records), default=0)
    return time.time() - last < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session entered a code of the person's authenticator app or a recovery code.

    allauth asks for it at sign-in when the person has an app, and at "confirm access".
    A session signed in any other way (before the app was turned on, by a test, by Django's
    own login) has no such record.
    """
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class ActivateAppView(ActivateTOTPView):
    """allauth's set-up of the authenticator app. The code typed there was checked against the
    new app, so it counts as this session's second factor: "Go on to the dashboard" after the
    recovery codes does not ask for another code (docs/signin.md)."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        app = Authenticator.objects.get(user=self.request.user, type=Authenticator.Type.TOTP)
        record_authentication(self.request, self.request.user, "mfa", id=app.pk, type=app.type)
        return response


activate_app = ActivateAppView.as_view()


def second_factor_detour(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where a signed-in staff member goes first when the session lacks the second factor;
    None when it has it."""
    if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        messages.warning(
            request,
            _(
                "The staff pages hold personal data. That is why you need a second step "
                "when you sign in: a code from an app on your phone. Set up the app first."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if not passed_second_factor(request):
        messages.info(request, _("Enter a code from your authenticator app to go on."))
        query = urlencode({"next": next_url})
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    return None


def admin_has_permission(request: HttpRequest) -> bool:
    """For admin.site.has_permission: active editors whose session passed the second factor."""
    user = request.user
    return user.is_active and user.is_staff and passed_second_factor(request)


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """For admin.site.login: editors sign in on the site's own pages, with the second factor."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    return second_factor_detour(request, next_url) or HttpResponseRedirect(next_url)


def admin_password_change(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """For admin.site.password_change: the site's own page, which asks for recent sign-in."""
    return HttpResponseRedirect(reverse("account_change_password"))
