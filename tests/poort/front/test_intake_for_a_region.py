"""The intake preset to a region (issue 14, item 4; issue 15, item 6): a region's page and its
site's desk widget send people to /orienteren/?regio=<slug>. The municipality step then
offers that region's municipalities to choose from, and someone who lives elsewhere types
their own: the question always goes to the desk of the region where the person lives."""

import re

import pytest
from django.urls import reverse

from regions.models import Municipality
from tests.poort.front.test_intake_flow import ANSWERS, answer, step_url
from tests.regions.factories import DeskFactory, SectorFactory, region
from trajectories.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fields():
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    SectorFactory(name="Installatietechniek", slug="installatietechniek")


def start_for(client, slug: str) -> str:
    response = client.get(reverse("orientation"), {"regio": slug})
    assert response.status_code == 302
    return response["Location"]


def walk_to_municipality(client, slug: str) -> str:
    url = start_for(client, slug)
    for step in (1, 2):
        assert answer(client, url, step).status_code == 302
    return url


def test_the_municipality_step_offers_the_regions_municipalities(client):
    url = walk_to_municipality(client, "groningen")

    page = client.get(step_url(url, 3)).text

    assert "Woon je in de regio Groningen? Kies je gemeente" in page
    groningen = region("AM01").municipalities.order_by("name")
    offered = re.findall(r'name="municipality_code" id="municipality-(GM\d{4})"', page)
    assert offered == [municipality.code for municipality in groningen]
    assert "checked" not in page, "nothing is chosen for the person"
    assert "Woon je ergens anders? Typ dan hierboven je gemeente." in page


def test_choosing_from_the_list_refers_to_the_regions_desk(
    client, django_capture_on_commit_callbacks
):
    desk = DeskFactory(region=region("AM01"), name="Werkcentrum Groningen")
    url = walk_to_municipality(client, "groningen")
    home = region("AM01").municipalities.order_by("name").first()

    chosen = answer(client, url, 3, {"municipality": "", "municipality_code": home.code})
    assert chosen.status_code == 302, "no text needed when a municipality is chosen"
    assert answer(client, url, 4).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, url, 5)

    referral = Referral.objects.get()
    assert (referral.desk, referral.candidate.municipality) == (desk, home)


def test_someone_who_lives_elsewhere_types_their_own_and_goes_to_their_own_desk(
    client, django_capture_on_commit_callbacks
):
    DeskFactory(region=region("AM01"))
    the_hague = Municipality.objects.get(code="GM0518")
    own_desk = DeskFactory(region=the_hague.region, name="Werkcentrum Haaglanden")
    url = walk_to_municipality(client, "groningen")

    assert answer(client, url, 3, ANSWERS[3]).status_code == 302
    answer(client, url, 4)
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, url, 5)

    assert Referral.objects.get().desk == own_desk


def test_choosing_nothing_asks_for_the_municipality_next_to_the_field(client):
    url = walk_to_municipality(client, "groningen")

    page = answer(client, url, 3, {"municipality": ""})

    assert page.status_code == 200
    assert "Typ de naam van je gemeente." in page.text
    assert "Woon je in de regio Groningen?" in page.text, "the list is offered again"


@pytest.mark.parametrize("slug", ["onbekend", "", "x" * 500, "groningen'\"<"])
def test_an_unknown_region_starts_an_ordinary_intake(client, slug):
    url = walk_to_municipality(client, slug)

    page = client.get(step_url(url, 3)).text

    assert "Kies je gemeente" not in page


def test_the_region_page_and_the_desk_widget_lead_into_the_preset_intake(client):
    DeskFactory(region=region("AM01"))

    page = client.get("/regio/groningen/").text
    widget = client.get("/api/v1/widgets/loket", {"regio": "groningen"}).text

    assert 'href="/orienteren/?regio=groningen"' in page
    assert "/orienteren/?regio=groningen" in widget
