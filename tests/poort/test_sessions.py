"""How long a signed-in session lasts, and when a change to the account asks to sign in again.

Time passes by moving the times kept in the session back (there is no freezegun here).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from poort.middleware import SESSION_KEY
from tests.poort.factories import PASSWORD
from tests.poort.test_signin import adviser, code_of, sign_in, text, turn_on_authenticator_app

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE
REAUTHENTICATE = "/accounts/reauthenticate/"


def let_time_pass(client, seconds: int) -> None:
    """Move the session's sign-in and last-request times, and allauth's record of when the
    person proved who they are, back by this many seconds."""
    session = client.session
    times = session[SESSION_KEY]
    session[SESSION_KEY] = {
        **times,
        "started": times["started"] - seconds,
        "seen": times["seen"] - seconds,
    }
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - seconds}
        for record in session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    ]
    session.save()


@pytest.fixture
def signed_in_adviser(client):
    """An adviser who signed in with password and app code and opened the dashboard."""
    user = adviser()
    secret = turn_on_authenticator_app(user)
    sign_in(client, user, secret)
    assert client.get("/dashboard/").status_code == 200
    user.secret = secret
    return user


def is_signed_in(client) -> bool:
    return client.get("/").context["user"].is_authenticated


# Idle timeout and absolute limit


def test_after_30_minutes_without_a_request_the_adviser_is_signed_out_with_a_message(
    client, signed_in_adviser
):
    let_time_pass(client, 31 * MINUTE)

    response = client.get("/dashboard/?tab=wachtrij", follow=True)

    assert response.redirect_chain[0] == ("/accounts/login/?next=/dashboard/%3Ftab%3Dwachtrij", 302)
    assert "Je bent uitgelogd, omdat je 30 minuten niets hebt gedaan." in text(response)
    assert not is_signed_in(client)


def test_requests_now_and_then_keep_the_session_going(client, signed_in_adviser):
    for _quarter in range(4):
        let_time_pass(client, 20 * MINUTE)
        assert client.get("/dashboard/").status_code == 200

    assert is_signed_in(client)


def test_after_10_hours_the_session_ends_even_when_the_adviser_keeps_working(
    client, signed_in_adviser
):
    for _step in range(20):  # 9 hours 40 minutes, never 30 minutes without a request
        let_time_pass(client, 29 * MINUTE)
        assert client.get("/dashboard/").status_code == 200
    let_time_pass(client, 25 * MINUTE)

    response = client.get("/dashboard/", follow=True)

    assert "Je kunt maximaal 10 uur ingelogd blijven." in text(response)
    assert not is_signed_in(client)


def test_the_limits_come_from_the_settings(client, signed_in_adviser, settings):
    settings.STAFF_IDLE_TIMEOUT = 5 * MINUTE
    let_time_pass(client, 6 * MINUTE)

    response = client.get("/dashboard/", follow=True)

    assert "omdat je 5 minuten niets hebt gedaan" in text(response)


def test_after_signing_in_again_the_adviser_has_a_fresh_session(client, signed_in_adviser):
    let_time_pass(client, 11 * HOUR)
    client.get("/dashboard/")

    response = sign_in(client, signed_in_adviser, signed_in_adviser.secret, later=1)

    assert client.get(response.url).status_code == 200
    let_time_pass(client, 29 * MINUTE)
    assert client.get("/dashboard/").status_code == 200


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_sign_in(
    client, signed_in_adviser
):
    let_time_pass(client, 31 * MINUTE)

    response = client.get("/dashboard/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/accounts/login/?next=/dashboard/"
    assert not is_signed_in(client)


def test_an_anonymous_visitor_keeps_what_is_in_their_session(client):
    session = client.session
    session["intake"] = {"situation": "employed"}
    session.save()

    client.get("/")

    assert client.session["intake"] == {"situation": "employed"}
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("variable", "value"),
    [("STAFF_IDLE_TIMEOUT", "half an hour"), ("STAFF_SESSION_MAX_AGE", "0")],
)
def test_a_bad_limit_stops_start_up_with_one_line_naming_the_variable(variable, value):
    root = Path(__file__).resolve().parents[2]
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=environment | {variable: value},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert variable in result.stderr


# Changing e-mail, password or the second factor


def test_right_after_signing_in_the_password_form_opens_without_asking_again(
    client, signed_in_adviser
):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 200
    assert response.context["form"].fields.keys() >= {"oldpassword", "password1"}


def test_six_minutes_after_signing_in_a_new_password_asks_for_the_current_one_first(
    client, signed_in_adviser
):
    let_time_pass(client, 6 * MINUTE)

    detour = client.get("/accounts/password/change/")
    back = client.post(detour.url, {"password": PASSWORD})

    assert detour.url == f"{REAUTHENTICATE}?next=%2Faccounts%2Fpassword%2Fchange%2F"
    assert back.url == "/accounts/password/change/"
    assert client.get("/accounts/password/change/").status_code == 200


def test_six_minutes_after_signing_in_a_new_address_waits_for_the_password(
    client, signed_in_adviser
):
    let_time_pass(client, 6 * MINUTE)
    new_address = {"action_add": "", "email": "nieuw@werkcentrum.example"}

    detour = client.post("/accounts/email/", new_address)
    wrong = client.post(detour.url, {"password": "fout-123456"})
    assert not EmailAddress.objects.filter(email="nieuw@werkcentrum.example").exists()
    right = client.post(detour.url, {"password": PASSWORD})

    assert detour.url.startswith(REAUTHENTICATE)
    assert wrong.status_code == 200
    assert right.status_code == 302
    pending = EmailAddress.objects.get(email="nieuw@werkcentrum.example")
    assert not pending.verified
    assert mail.outbox[-1].to == ["nieuw@werkcentrum.example"]


def test_a_new_address_replaces_the_old_one_once_its_link_is_followed(client, signed_in_adviser):
    client.post("/accounts/email/", {"action_add": "", "email": "nieuw@werkcentrum.example"})
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)

    client.post(link[1])

    signed_in_adviser.refresh_from_db()
    assert signed_in_adviser.email == "nieuw@werkcentrum.example"
    assert list(
        EmailAddress.objects.filter(user=signed_in_adviser).values_list("email", flat=True)
    ) == ["nieuw@werkcentrum.example"]


def test_six_minutes_after_signing_in_turning_off_the_app_asks_to_confirm_first(
    client, signed_in_adviser
):
    let_time_pass(client, 6 * MINUTE)

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.url.startswith(REAUTHENTICATE)
    assert Authenticator.objects.filter(user=signed_in_adviser, type="totp").exists()


def test_a_code_from_the_app_also_confirms_it_is_you(client, signed_in_adviser):
    let_time_pass(client, 6 * MINUTE)

    client.get("/accounts/password/change/")
    back = client.post(
        "/accounts/2fa/reauthenticate/?next=/accounts/password/change/",
        {"code": code_of(signed_in_adviser.secret, periods_ahead=1)},
    )

    assert back.url == "/accounts/password/change/"
    assert client.get("/accounts/password/change/").status_code == 200
