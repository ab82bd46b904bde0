"""Control characters in an address, a query or a header get a plain 400 page in Dutch, before
any view or database sees them (poort.middleware.RefuseControlCharactersMiddleware). The
hypothesis tests in test_bad_input.py try every URL pattern and form; these are the cases that
once answered 500."""

import pytest
from django.test import Client

from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/aanvraag/abc%00/",
        "/aanvraag/abc%00/gegevens.json",
        "/aanvraag/abc%00/intrekken/",
        "/aanvraag/abc%00/verwijderen/",
        "/hoe-gaat-het/%00/",
        "/opleidingen/?q=lassen%00",
        "/regelingen/check/?situatie=%1b",
        "/orienteren/%7f/1/",
    ],
)
def test_a_control_character_in_the_address_gets_a_dutch_400_page(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "Dit adres klopt niet" in response.content.decode()


def test_a_coordinator_asking_the_export_for_a_region_with_a_nul_byte_gets_400():
    response = client_for("coordinator A").get("/dashboard/export.csv?regio=%00")

    assert response.status_code == 400


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_ACCEPT_LANGUAGE"])
def test_a_control_character_in_a_header_gets_400(header):
    response = Client(**{header: "Mozilla\x00/5.0"}).get("/")

    assert response.status_code == 400


def test_a_tab_in_a_header_is_allowed_as_http_allows_it():
    assert Client(HTTP_USER_AGENT="Mozilla/5.0\t(X11)").get("/").status_code == 200


def test_odd_but_printable_text_in_a_search_is_searched_not_refused(client):
    response = client.get("/opleidingen/", {"q": "zonnepanelen 🌞 ‮ e\u0301"})

    assert response.status_code == 200


def test_a_nul_byte_in_a_form_field_is_an_error_next_to_the_field(client):
    step_one = client.get("/orienteren/")["Location"]

    response = client.post(step_one, {"situation": "employed", "occupation": "las\x00ser"})

    assert response.status_code == 200
    assert 'id="id_occupation_error"' in response.text
    assert "error-summary" in response.text
