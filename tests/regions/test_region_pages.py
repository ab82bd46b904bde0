"""The region pages: where visitors find their labour market region, its desk and initiatives."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Region
from tests.regions.factories import DeskFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The list of regions


def test_the_list_shows_all_35_labour_market_regions(client):
    html = client.get("/regio/").content.decode()
    region_links = re.findall(r'<h2 class="card__title"><a href="/regio/([a-z0-9-]+)/">', html)
    assert len(region_links) == 35
    assert set(region_links) == set(Region.objects.values_list("slug", flat=True))


def test_the_list_shows_each_regions_active_desk_and_active_initiatives(client):
    DeskFactory(region=region("groningen"), name="Werkcentrum Groningen")
    DeskFactory(region=region("zeeland"), name="Oud RMT Zeeland", is_active=False)
    InitiativeFactory(
        name="Het Noorden Leert Door",
        summary="Over Het Noorden Leert Door.",
        regions=[region("groningen"), region("drenthe")],
    )
    InitiativeFactory(name="Gestopt Fonds", regions=[region("groningen")], is_active=False)

    html = client.get("/regio/").content.decode()

    assert "Werkcentrum Groningen" in html
    assert "Oud RMT Zeeland" not in html
    assert html.count('href="/initiatieven/het-noorden-leert-door/"') == 2
    assert "Gestopt Fonds" not in html


def test_the_list_names_the_municipalities_so_you_can_find_your_region(client):
    html = client.get("/regio/").content.decode()
    assert "<li>Súdwest-Fryslân</li>" in html
    assert "<li>&#x27;s-Hertogenbosch</li>" in html


def test_the_list_needs_the_same_number_of_queries_however_many_desks_and_initiatives(client):
    before = query_count(client, "/regio/")
    for each in Region.objects.all()[:10]:
        DeskFactory(region=each)
        InitiativeFactory(regions=[each, region("groningen")])
    assert query_count(client, "/regio/") == before


# One region


def test_a_region_page_shows_its_desk_with_contact_details_and_promise(client):
    DeskFactory(
        region=region("groningen"),
        name="Werkcentrum Groningen",
        phone="050 123 45 67",
        address="Grote Markt 1\n9711 LV Groningen",
        opening_hours="Maandag tot en met vrijdag, 9.00 tot 17.00 uur",
        website="https://werkcentrum-groningen.example/",
        contact_within_days=3,
    )
    html = client.get("/regio/groningen/").content.decode()
    assert "<h1>Groningen</h1>" in html
    assert "Werkcentrum Groningen" in html
    assert '<a href="tel:0501234567">050 123 45 67</a>' in html
    assert "Grote Markt 1<br>9711 LV Groningen" in html
    assert "Maandag tot en met vrijdag, 9.00 tot 17.00 uur" in html
    assert 'href="https://werkcentrum-groningen.example/"' in html
    assert "binnen 3 werkdagen" in html


def test_a_desk_that_answers_within_a_day_says_one_working_day(client):
    DeskFactory(region=region("groningen"), contact_within_days=1)
    assert "binnen één werkdag" in client.get("/regio/groningen/").content.decode()


def test_a_region_page_lists_its_municipalities_and_no_others(client):
    html = client.get("/regio/groningen/").content.decode()
    for name in ["Groningen", "Westerkwartier", "Assen", "Veendam"]:
        assert f"<li>{name}</li>" in html
    assert "<li>Zwolle</li>" not in html


def test_a_region_page_lists_its_active_initiatives(client):
    InitiativeFactory(
        name="Het Noorden Leert Door",
        summary="Over Het Noorden Leert Door.",
        regions=[region("groningen")],
    )
    InitiativeFactory(
        name="Brabant Leert", summary="Over Brabant Leert.", regions=[region("west-brabant")]
    )
    html = client.get("/regio/groningen/").content.decode()
    assert 'href="/initiatieven/het-noorden-leert-door/"' in html
    assert "Over Het Noorden Leert Door." in html
    assert "Brabant Leert" not in html


def test_a_region_without_a_desk_points_to_the_national_desk(client):
    DeskFactory(national=True, name="Landelijk Loket", phone="088 123 45 00")
    html = client.get("/regio/zeeland/").content.decode()
    assert "nog geen eigen loket" in html
    assert "Landelijk Loket" in html
    assert '<a href="tel:0881234500">088 123 45 00</a>' in html


def test_a_region_page_needs_the_same_number_of_queries_however_many_initiatives(client):
    DeskFactory(region=region("groningen"), name="Werkcentrum Groningen")
    before = query_count(client, "/regio/groningen/")
    for _ in range(5):
        InitiativeFactory(regions=[region("groningen")])
    assert query_count(client, "/regio/groningen/") == before


@pytest.mark.parametrize(
    "url", ["/regio/bestaat-niet/", "/initiatieven/bestaat-niet/", "/regio/%C3%A9%20x/"]
)
def test_an_unknown_slug_is_a_page_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


# One initiative


def test_an_initiative_page_shows_its_story_website_and_regions(client):
    InitiativeFactory(
        name="Het Noorden Leert Door",
        summary="Over Het Noorden Leert Door.",
        regions=[region("groningen"), region("friesland"), region("drenthe")],
        body="Kies uit ongeveer 160 trajecten.\n\nJe leert naast je werk.",
        website="https://hetnoordenleertdoor.example/",
    )
    html = client.get("/initiatieven/het-noorden-leert-door/").content.decode()
    assert "<h1>Het Noorden Leert Door</h1>" in html
    assert "Over Het Noorden Leert Door." in html
    assert "<p>Kies uit ongeveer 160 trajecten.</p>" in html
    assert '<a href="https://hetnoordenleertdoor.example/">' in html
    for slug in ["groningen", "friesland", "drenthe"]:
        assert f'href="/regio/{slug}/"' in html


def test_an_initiative_that_stopped_is_not_shown(client):
    InitiativeFactory(name="Gestopt Fonds", regions=[region("groningen")], is_active=False)
    assert client.get("/initiatieven/gestopt-fonds/").status_code == 404


def test_region_pages_answer_only_get_and_head(client):
    assert client.post("/regio/").status_code == 405
    assert client.head("/regio/groningen/").status_code == 200
