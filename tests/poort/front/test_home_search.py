"""The search box under the home page's first tile: a plain GET form to the catalogue, whose
municipality field suggests every municipality as the catalogue's does (issue 15, item 4)."""

import re

import pytest
from django.test import Client

from tests.regions.factories import SectorFactory, municipality
from tests.trajectories.factories import CourseFactory, OfferingFactory, in_days

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_labelled_search_box_under_the_first_tile(client):
    html = client.get("/").content.decode()

    assert 'class="home-search" role="search" method="get" action="/opleidingen/"' in html
    assert (
        '<label class="form-field__label" for="home-search-words">Zoek een opleiding</label>'
        in html
    )
    assert 'name="q" id="home-search-words"' in html
    assert "Bijvoorbeeld: lassen, elektricien, zonnepanelen" in html
    first, second = html.index("Ik weet welke kant ik op wil"), html.index("Ik wil me eerst")
    assert first < html.index("home-search-words") < second, "under the first tile"


def test_the_municipality_field_suggests_every_municipality_as_the_catalogue_does(client):
    html = client.get("/").content.decode()

    assert 'name="gemeente" id="home-search-place"' in html
    assert 'list="municipality-names"' in html
    suggested = re.findall(r'<option value="([^"]+)"></option>', html)
    assert len(suggested) == 342 and "Súdwest-Fryslân" in suggested
    assert 'Jouw gemeente <span class="form-field__optional">(niet verplicht)</span>' in html


def test_a_municipality_from_the_home_page_shows_the_courses_of_its_region(client):
    groningen = municipality("Groningen")
    CourseFactory(title="Lasser Noord", sector=SectorFactory())
    OfferingFactory(course__title="Monteur Noord", municipality=groningen, start_date=in_days(9))

    page = client.get("/opleidingen/", {"q": "", "gemeente": "Groningen"}).content.decode()

    assert "Monteur Noord" in page and "Lasser Noord" not in page


def test_what_you_type_on_the_home_page_is_a_search_in_the_catalogue(client):
    CourseFactory(title="Lasser MIG/MAG", sector=SectorFactory())

    response = client.get("/opleidingen/", {"q": "lassen"})  # what the form sends

    assert "1 opleiding gevonden" in response.content.decode()


def test_the_search_box_keeps_the_home_page_the_same_for_every_visitor():
    first, second = Client().get("/"), Client().get("/")

    assert not first.cookies and not second.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
