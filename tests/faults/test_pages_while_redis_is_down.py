"""While Redis is down, people browse, check their funding and staff sign in as usual.

Redis holds the app's cache, its rate limits and its Celery broker; stopping it takes all of
them away at once. The pages may be slower, never an error.
"""

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from poort.front.demo import accounts
from tests.faults.harness import OwnRedis, Site, manage
from tests.faults.people import shown
from tests.poort.test_signin import CODE_STEP, LOGIN, code_of

ADVISER = "adviseur.groningen@goudenpoort.example"  # a demo account of seed_demo

TURN_ON_APP = """
from allauth.mfa.totp.internal.auth import TOTP
from poort.models import User
TOTP.activate(User.objects.get(email={email!r}), {secret!r})
"""


@pytest.fixture(scope="module")
def authenticator_app(site: Site, environment: dict[str, str]) -> str:
    """The demo adviser's authenticator app, as if they had set it up; returns its secret."""
    secret = generate_totp_secret()
    manage(environment, "shell", "-c", TURN_ON_APP.format(email=ADVISER, secret=secret))
    return secret


def test_public_pages_answer_as_usual_while_redis_is_down(
    site: Site, redis_service: OwnRedis, course: dict
):
    visitor = site.visitor()
    pages = {
        "/": "Gouden Poort",
        "/opleidingen/?q=lassen": course["title"],
        f"/opleidingen/{course['slug']}/": course["title"],
        "/regelingen/check/?situatie=employed&gemeente=Enschede": "Twente",
        "/regio/": "Groningen",
    }

    with redis_service.down():
        answers = {path: visitor.get(path) for path in pages}

    for path, text in pages.items():
        assert answers[path].status == 200, shown(answers[path])
        assert text in answers[path].text, f"{path} does not show {text!r}"


def test_staff_sign_in_with_password_and_app_code_while_redis_is_down(
    site: Site, redis_service: OwnRedis, authenticator_app: str
):
    visitor = site.visitor()

    with redis_service.down():
        visitor.get(LOGIN)
        code_asked = visitor.post(LOGIN, {"login": ADVISER, "password": accounts.PASSWORD})
        signed_in = visitor.post(CODE_STEP, {"code": code_of(authenticator_app)})

    assert code_asked.status == 200, shown(code_asked)
    assert code_asked.path == CODE_STEP, shown(code_asked)
    assert signed_in.status == 200, shown(signed_in)
    assert signed_in.path == "/dashboard/", shown(signed_in)
    assert "Welkom, Sanne." in signed_in.text, shown(signed_in)  # Sanne Bakker, the adviser
