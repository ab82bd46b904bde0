"""The e-mails allauth sends to staff (a reset link, a notice that the account changed) come
from Gouden Poort, in plain Dutch: our name and address, never the server's host and port."""

import pytest
from django.core import mail
from django.test import Client

from tests.poort.factories import UserFactory
from tests.poort.test_signin import ACTIVATE_APP, adviser, code_of, sign_in

pytestmark = pytest.mark.django_db


def body_of_the_only_mail() -> str:
    assert len(mail.outbox) == 1
    return mail.outbox[0].body


def assert_branded(body: str) -> None:
    assert body.startswith("Hallo,")
    assert "Met vriendelijke groet,\nGouden Poort\nhttp://goudenpoort.example" in body
    for wrong in ("Hallo van", "testserver!", "Bedankt voor", "onmiddelijk", "Hello"):
        assert wrong not in body


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://goudenpoort.example"


def test_the_reset_link_comes_from_gouden_poort(client: Client):
    user = UserFactory()

    client.post("/accounts/password/reset/", {"email": user.email})

    assert_branded(body_of_the_only_mail())
    assert mail.outbox[0].subject.startswith("[Gouden Poort] ")


@pytest.mark.django_db(transaction=True)  # allauth sends the notice once the change is committed
def test_the_notice_after_setting_up_the_app_is_in_plain_dutch(client: Client):
    user = adviser()
    sign_in(client, user)
    secret = client.get(ACTIVATE_APP).context["form"].secret
    mail.outbox.clear()

    client.post(ACTIVATE_APP, {"code": code_of(secret)})

    body = body_of_the_only_mail()
    assert_branded(body)
    assert "Dit is veranderd in je account:" in body
    assert "Heb je dit niet zelf gedaan? Verander dan meteen je wachtwoord" in body
    assert "- IP-adres: 127.0.0.1" in body
