"""A region's public page (/regio/<slug>/) shows what the region offers: the courses that start
there soon with the way to all of them, the schemes open to its people, its initiatives, its
desk with the promise, and the way into the intake (the desk and municipalities:
tests/regions/test_region_pages.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Region
from tests.funding.factories import SchemeFactory
from tests.regions.factories import DeskFactory, InitiativeFactory, municipality
from tests.trajectories.factories import CourseFactory, OfferingFactory, in_days

pytestmark = pytest.mark.django_db


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def starting(title: str, town: str, days: int):
    course = CourseFactory(title=title)
    OfferingFactory(course=course, municipality=municipality(town), start_date=in_days(days))
    return course


def test_it_shows_the_five_courses_that_start_first_in_the_region_and_a_link_to_all(client):
    for number in range(7):
        starting(f"Monteur {number}", "Groningen", days=10 + number)
    starting("Lasser in Utrecht", "Utrecht", days=1)
    past = starting("Al begonnen", "Groningen", days=-3)

    response = client.get("/regio/groningen/")

    html = response.content.decode()
    shown = [course.title for course in response.context["upcoming"]]
    assert shown == [f"Monteur {number}" for number in range(5)]
    assert "Lasser in Utrecht" not in html and past.title not in html
    assert (
        '<a href="/opleidingen/?regio=groningen">Alle 7 opleidingen die in Groningen beginnen</a>'
        in html
    )


def test_a_region_without_courses_points_to_the_whole_catalogue(client):
    html = client.get("/regio/zeeland/").content.decode()

    assert "Er is nog geen opleiding met een startdatum in deze regio." in html
    assert 'href="/opleidingen/"' in html


def test_it_lists_the_open_schemes_for_people_of_the_region_national_and_its_own(client):
    SchemeFactory(name="Landelijke regeling")
    SchemeFactory(name="Gronings fonds", level="regional", regions=[region("groningen")])
    SchemeFactory(name="Utrechts fonds", level="regional", regions=[municipality("Utrecht").region])
    SchemeFactory(name="Gesloten regeling", status="closed")

    html = client.get("/regio/groningen/").content.decode()

    assert "Landelijke regeling" in html and "Gronings fonds" in html
    assert "Utrechts fonds" not in html and "Gesloten regeling" not in html
    assert 'href="/regelingen/check/"' in html


def test_it_shows_its_initiatives_its_desk_with_the_promise_and_the_way_into_the_intake(client):
    DeskFactory(region=region("groningen"), name="Werkcentrum Groningen", contact_within_days=3)
    InitiativeFactory(name="Het Noorden Leert Door", regions=[region("groningen")])

    html = client.get("/regio/groningen/").content.decode()

    assert "Werkcentrum Groningen" in html and "binnen 3 werkdagen" in html
    assert "Het Noorden Leert Door" in html
    assert 'href="/orienteren/"' in html


def test_the_page_asks_as_many_queries_however_many_courses_and_schemes(client):
    starting("Monteur", "Groningen", days=5)
    SchemeFactory()
    with CaptureQueriesContext(connection) as before:
        client.get("/regio/groningen/")
    for number in range(6):
        starting(f"Lasser {number}", "Groningen", days=6 + number)
        SchemeFactory()
    with CaptureQueriesContext(connection) as after:
        client.get("/regio/groningen/")
    assert len(after) == len(before)
