"""Signing in: e-mail and password, the code from the authenticator app, recovery codes, rate
limits, no hint whether an address has an account, and the doors of /dashboard/ and /beheer/.

The helpers at the top are shared with tests/poort/test_sessions.py and tests/e2e/test_signin.py.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core import mail
from django.test import Client

from poort.models import User
from regions.access import regions_for
from regions.models import Membership, Region
from tests.poort.factories import PASSWORD, EditorFactory, UserFactory
from tests.regions.factories import MembershipFactory, region

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE_STEP = "/accounts/2fa/authenticate/"
ACTIVATE_APP = "/accounts/2fa/totp/activate/"
CONFIRM_WITH_CODE = "/accounts/2fa/reauthenticate/"


def code_of(secret: str, periods_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or that many 30-second periods later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


def turn_on_authenticator_app(user) -> str:
    """Give the person an authenticator app, as if they had set it up; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def adviser(**kwargs):
    """An adviser in Groningen (AM01)."""
    return MembershipFactory(**kwargs).user


def sign_in(client: Client, user, secret: str | None = None, *, next_url: str = "", later=0):
    """Sign in with e-mail address and password, then the app's code when a secret is given.

    A code works once: to sign in twice within 30 seconds, pass later=1 the second time.
    """
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    if secret is not None:
        assert response.url == CODE_STEP
        response = client.post(CODE_STEP, {"code": code_of(secret, periods_ahead=later)})
    return response


def text(response) -> str:
    return response.content.decode()


# Signing in with e-mail and password


def test_a_person_with_a_verified_address_signs_in_with_email_and_password(client):
    user = UserFactory()

    response = sign_in(client, user)

    assert response.status_code == 302
    assert client.get("/").context["user"] == user


def test_an_unverified_address_gets_a_confirmation_mail_instead_of_a_session(client):
    user = UserFactory(email_verified=False)

    response = sign_in(client, user)

    assert response.url == "/accounts/confirm-email/"
    assert not client.get("/").context["user"].is_authenticated
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_the_sign_in_page_is_in_dutch_with_labels_for_both_fields(client):
    page = text(client.get(LOGIN))

    assert "<h1>Inloggen</h1>" in page
    assert '<label class="form-field__label" for="id_login">E-mail' in page
    assert '<label class="form-field__label" for="id_password">Wachtwoord' in page


def test_an_unknown_address_and_a_wrong_password_get_the_same_answer(client):
    UserFactory(email="adviseur@werkcentrum.example")

    unknown = client.post(LOGIN, {"login": "niemand@werkcentrum.example", "password": PASSWORD})
    wrong = client.post(LOGIN, {"login": "adviseur@werkcentrum.example", "password": "fout-123456"})

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert "is niet correct" in text(unknown)
    assert 'class="error-summary"' in text(unknown)


def test_a_password_reset_answers_the_same_for_an_unknown_address(client):
    UserFactory(email="adviseur@werkcentrum.example")

    known = client.post("/accounts/password/reset/", {"email": "adviseur@werkcentrum.example"})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@werkcentrum.example"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 2  # a reset link, and "no account with this address"
    assert "niemand@werkcentrum.example" in mail.outbox[1].to


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post(LOGIN, {"login": user.email, "password": "fout-123456"})

    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Te veel inlogpogingen" in text(response)
    assert not client.get("/").context["user"].is_authenticated


def test_the_failed_attempts_are_counted_per_address_not_per_person_who_tries(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post(LOGIN, {"login": "iemand-anders@werkcentrum.example", "password": "x"})

    sign_in(client, user)

    assert client.get("/").context["user"] == user


def test_five_wrong_passwords_from_someone_else_do_not_lock_the_owner_out():
    user = UserFactory()
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _attempt in range(5):
        guesser.post(LOGIN, {"login": user.email, "password": "fout-123456"})
    owner = Client(REMOTE_ADDR="203.0.113.20")

    sign_in(owner, user)

    assert owner.get("/").context["user"] == user


def test_the_guesser_stays_stopped_after_the_owner_signed_in_elsewhere():
    user = UserFactory()
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _attempt in range(5):
        guesser.post(LOGIN, {"login": user.email, "password": "fout-123456"})
    sign_in(Client(REMOTE_ADDR="203.0.113.20"), user)

    response = guesser.post(LOGIN, {"login": user.email, "password": PASSWORD})

    assert "Te veel inlogpogingen" in text(response)
    assert not guesser.get("/").context["user"].is_authenticated


def test_one_client_trying_many_addresses_is_stopped_after_ten_in_a_minute():
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(10):
        guesser.post(LOGIN, {"login": f"adviseur{number}@werkcentrum.example", "password": "x"})
    user = UserFactory()

    response = guesser.post(LOGIN, {"login": user.email, "password": PASSWORD})

    assert "Te veel inlogpogingen" in text(response)


# The door of /dashboard/


def test_an_anonymous_visitor_of_the_dashboard_is_sent_to_sign_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/dashboard/"


def test_a_signed_in_person_who_is_not_staff_gets_not_found(client):
    sign_in(client, UserFactory())

    assert client.get("/dashboard/").status_code == 404


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up_with_the_reason(client):
    sign_in(client, adviser())

    response = client.get("/dashboard/", follow=True)

    assert response.redirect_chain == [(ACTIVATE_APP, 302)]
    assert "persoonsgegevens" in text(response)
    assert "<h1>Stel je authenticator-app in</h1>" in text(response)


def test_setting_up_the_app_right_after_sign_in_does_not_ask_for_the_password_again(client):
    user = adviser()
    sign_in(client, user)
    page = client.get(ACTIVATE_APP)
    secret = page.context["form"].secret

    response = client.post(ACTIVATE_APP, {"code": code_of(secret)}, follow=True)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert response.redirect_chain == [("/accounts/2fa/recovery-codes/", 302)]
    assert len(response.context["unused_codes"]) == 10


def test_after_setting_up_the_app_go_on_to_the_dashboard_opens_it_without_another_code(client):
    user = adviser()
    sign_in(client, user)
    secret = client.get(ACTIVATE_APP).context["form"].secret
    codes_page = client.post(ACTIVATE_APP, {"code": code_of(secret)}, follow=True)

    go_on = client.get("/dashboard/")

    assert 'href="/dashboard/"' in text(codes_page)
    assert go_on.status_code == 200
    assert "<h1>" in text(go_on) and "Vul een code" not in text(go_on)


def test_with_an_app_the_sign_in_asks_for_its_code_and_refuses_a_wrong_one(client):
    user = adviser()
    secret = turn_on_authenticator_app(user)
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    wrong = "000000" if code_of(secret) != "000000" else "111111"

    response = client.post(CODE_STEP, {"code": wrong})

    assert response.status_code == 200
    assert "<h1>Vul je code in</h1>" in text(response)
    assert not client.get("/").context["user"].is_authenticated
    assert client.get("/dashboard/").status_code == 302


def test_with_an_app_the_right_code_opens_the_dashboard(client):
    user = adviser(user__first_name="Fenna")
    secret = turn_on_authenticator_app(user)

    response = sign_in(client, user, secret)
    dashboard = client.get(response.url)

    assert response.url == "/dashboard/"
    assert dashboard.status_code == 200
    assert "Welkom, Fenna." in text(dashboard)
    assert "Groningen" in text(dashboard)
    assert "Adviseur" in text(dashboard)


def test_a_session_that_skipped_the_code_is_asked_for_one_before_the_dashboard(client):
    user = adviser()
    secret = turn_on_authenticator_app(user)
    client.force_login(user)

    detour = client.get("/dashboard/?tab=wachtrij")
    client.post(detour.url, {"code": code_of(secret)})

    assert detour.url == f"{CONFIRM_WITH_CODE}?next=%2Fdashboard%2F%3Ftab%3Dwachtrij"
    assert client.get("/dashboard/").status_code == 200


def test_a_recovery_code_signs_in_once_and_never_again(client):
    user = adviser()
    turn_on_authenticator_app(user)
    recovery_code = RecoveryCodes.activate(user).generate_codes()[0]

    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    first = client.post(CODE_STEP, {"code": recovery_code})
    client.post("/accounts/logout/")
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    second = client.post(CODE_STEP, {"code": recovery_code})

    assert first.url == "/dashboard/"
    assert second.status_code == 200
    assert not client.get("/").context["user"].is_authenticated


def test_recovery_codes_can_be_made_anew_and_the_old_ones_stop_working(client):
    user = adviser()
    secret = turn_on_authenticator_app(user)
    old_codes = RecoveryCodes.activate(user).generate_codes()
    sign_in(client, user, secret)

    response = client.post("/accounts/2fa/recovery-codes/generate/", follow=True)
    new_codes = response.context["unused_codes"]

    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    client.post("/accounts/logout/")
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert client.post(CODE_STEP, {"code": old_codes[0]}).status_code == 200
    assert client.post(CODE_STEP, {"code": new_codes[0]}).url == "/dashboard/"


def test_an_editor_with_an_app_reaches_the_dashboard_and_sees_every_region(client):
    editor = EditorFactory()
    secret = turn_on_authenticator_app(editor)

    sign_in(client, editor, secret)
    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert "landelijke redacteur" in text(response)
    assert regions_for(editor).count() == Region.objects.count() == 35


# The door of /beheer/ (the admin)


def test_the_admin_sends_an_anonymous_visitor_to_the_sites_own_sign_in(client):
    response = client.get("/beheer/", follow=True)

    assert response.redirect_chain[-1] == (f"{LOGIN}?next=/beheer/", 302)


def test_the_admin_asks_an_editor_for_the_code_when_the_session_skipped_it(client):
    editor = EditorFactory()
    secret = turn_on_authenticator_app(editor)
    client.force_login(editor)

    response = client.get("/beheer/", follow=True)
    client.post(response.redirect_chain[-1][0], {"code": code_of(secret)})

    assert response.redirect_chain[-1] == (f"{CONFIRM_WITH_CODE}?next=%2Fbeheer%2F", 302)
    assert client.get("/beheer/").status_code == 200


def test_the_admin_sends_an_editor_without_an_app_to_set_one_up(client):
    editor = EditorFactory()
    sign_in(client, editor)

    response = client.get("/beheer/regions/region/", follow=True)

    assert response.redirect_chain[-1] == (ACTIVATE_APP, 302)


def test_the_admin_opens_for_an_editor_who_gave_the_code_at_sign_in(client):
    editor = EditorFactory()
    secret = turn_on_authenticator_app(editor)

    sign_in(client, editor, secret, next_url="/beheer/")

    assert client.get("/beheer/").status_code == 200


def test_the_admin_is_not_found_for_an_adviser_even_with_the_code(client):
    user = adviser()
    secret = turn_on_authenticator_app(user)
    sign_in(client, user, secret)

    assert client.get("/beheer/", follow=True).status_code == 404


def test_the_admins_own_password_form_is_replaced_by_the_sites(client):
    editor = EditorFactory()
    secret = turn_on_authenticator_app(editor)
    sign_in(client, editor, secret)

    response = client.get("/beheer/password_change/")

    assert response.url == "/accounts/password/change/"


# Regions a person may act in


def test_regions_for_gives_the_regions_of_the_memberships_optionally_by_role():
    user = adviser()
    MembershipFactory(user=user, region=region("AM03"), role=Membership.Role.COORDINATOR)

    assert {r.code for r in regions_for(user)} == {"AM01", "AM03"}
    assert {r.code for r in regions_for(user, Membership.Role.ADVISER)} == {"AM01"}
    assert {r.code for r in regions_for(user, Membership.Role.COORDINATOR)} == {"AM03"}


def test_regions_for_gives_nothing_to_an_outsider_or_a_deactivated_adviser():
    outsider = UserFactory()
    former = adviser(user__is_active=False)

    assert not regions_for(outsider).exists()
    assert not regions_for(former).exists()


@pytest.mark.django_db
def test_nobody_can_make_an_account_on_their_own(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nieuw@example.nl",
            "password1": "een-lang-wachtwoord-1",
            "password2": "een-lang-wachtwoord-1",
        },
    )
    assert not User.objects.filter(email="nieuw@example.nl").exists()
    assert response.status_code in (200, 403)
