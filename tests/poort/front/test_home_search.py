"""The search box of the home page: a plain GET form to the catalogue (issue 15, item 4)."""

import pytest
from django.test import Client

from tests.regions.factories import SectorFactory
from tests.trajectories.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_labelled_search_box_that_goes_to_the_catalogue(client):
    html = client.get("/").content.decode()

    assert '<form class="home-search" role="search" method="get" action="/opleidingen/">' in html
    assert (
        '<label class="form-field__label" for="home-search-words">Zoek een opleiding</label>'
        in html
    )
    assert 'name="q" id="home-search-words"' in html
    assert "Bijvoorbeeld: lassen, elektricien, zonnepanelen" in html
    assert html.index("home-search-words") < html.index("Ik weet welke kant ik op wil"), (
        "right above the tiles"
    )


def test_what_you_type_on_the_home_page_is_a_search_in_the_catalogue(client):
    CourseFactory(title="Lasser MIG/MAG", sector=SectorFactory())

    response = client.get("/opleidingen/", {"q": "lassen"})  # what the form sends

    assert "1 opleiding gevonden" in response.content.decode()


def test_the_search_box_keeps_the_home_page_the_same_for_every_visitor():
    first, second = Client().get("/"), Client().get("/")

    assert not first.cookies and not second.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
