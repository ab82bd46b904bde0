"""What every answer of /api/v1/ has in common beyond the contract: it depends on no cookie,
so it says no Vary: Cookie and sets none, and its language is the one Accept-Language asks."""

import pytest
from django.test import Client

from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["anonymous", "coordinator A"])
def test_a_public_answer_neither_varies_on_cookies_nor_sets_one(who):
    client = client_for(who)
    for path in ("/api/v1/regios", "/api/v1/opleidingen?niveau=9", "/api/v1/docs"):
        response = client.get(path)
        assert response.status_code in (200, 400)
        vary = [name.strip() for name in response["Vary"].split(",")]
        assert "Cookie" not in vary and "Accept-Language" in vary
        assert not response.cookies


def test_a_signed_in_coordinator_stays_signed_in_after_using_the_api():
    client = client_for("coordinator A")
    client.get("/api/v1/regios")
    assert client.get("/dashboard/").status_code == 200


def test_the_language_follows_accept_language_and_not_the_sites_cookie():
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/api/v1/opleidingen?niveau=9")
    assert english.json()["title"] == "The request is not valid"
    assert english["Content-Language"] == "en"
    client = Client()
    client.cookies["django_language"] = "en"
    dutch = client.get("/api/v1/opleidingen?niveau=9")
    assert dutch.json()["title"] == "Het verzoek is niet geldig"
    assert dutch["Content-Language"] == "nl"
    unknown = Client(HTTP_ACCEPT_LANGUAGE="fr, *").get("/api/v1/opleidingen?niveau=9")
    assert unknown["Content-Language"] == "nl"
