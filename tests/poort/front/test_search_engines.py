"""What a crawler finds at the site's root: robots.txt, the sitemap (split into pages, each
page loading only its own rows) and favicon.ico."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poort.front import sitemaps
from tests.funding.factories import SchemeFactory
from tests.regions.factories import InitiativeFactory
from tests.trajectories.factories import CourseFactory

pytestmark = pytest.mark.django_db

SITE = "https://www.goudenpoort.example"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own sitemap
    return [element.text for element in root.iterfind("*/sm:loc", NS)]


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/dashboard/", "/beheer/", "/aanvraag/", "/hoe-gaat-het/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /api/v1/aanmeldingen" in lines  # the partner part; the public API is open
    assert not any(line in ("Disallow: /", "Disallow: /opleidingen/") for line in lines)
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_the_sitemap_lists_every_kind_of_public_page_in_dutch_and_english(client):
    CourseFactory(title="Lassen voor beginners", slug="lassen-voor-beginners")
    CourseFactory(title="Verborgen cursus", slug="verborgen", is_published=False)
    SchemeFactory(name="Leerrekening Techniek", slug="leerrekening-techniek")
    InitiativeFactory(name="Het Noorden Leert Door", slug="het-noorden-leert-door")

    index = locations(client.get("/sitemap.xml"))
    sections = [url.removeprefix("http://testserver") for url in index]
    assert sections == [
        "/sitemap-pages.xml",
        "/sitemap-opleidingen.xml",
        "/sitemap-regelingen.xml",
        "/sitemap-regios.xml",
        "/sitemap-initiatieven.xml",
    ]
    everything = [url for section in sections for url in locations(client.get(section))]

    for path in (
        "/",
        "/opleidingen/",
        "/regelingen/",
        "/regio/",
        "/toegankelijkheid/",
        "/privacy/",
        "/opleidingen/lassen-voor-beginners/",
        "/regelingen/leerrekening-techniek/",
        "/regio/groningen/",
        "/initiatieven/het-noorden-leert-door/",
    ):
        assert SITE + path in everything
        assert SITE + "/en" + path in everything
    assert not any("verborgen" in url for url in everything)
    assert not any("/orienteren/" in url for url in everything)  # a redirect to a noindex step
    assert not any("/dashboard/" in url or "/aanvraag/" in url for url in everything)


def test_each_address_in_the_sitemap_names_its_other_language_and_the_default(client):
    CourseFactory(slug="lassen-voor-beginners")

    root = ET.fromstring(client.get("/sitemap-opleidingen.xml").content)  # noqa: S314
    url = next(
        element
        for element in root.iterfind("sm:url", NS)
        if element.find("sm:loc", NS).text == f"{SITE}/en/opleidingen/lassen-voor-beginners/"
    )
    alternates = {link.get("hreflang"): link.get("href") for link in url.iterfind("xhtml:link", NS)}
    assert alternates == {
        "nl": f"{SITE}/opleidingen/lassen-voor-beginners/",
        "en": f"{SITE}/en/opleidingen/lassen-voor-beginners/",
        "x-default": f"{SITE}/opleidingen/lassen-voor-beginners/",
    }


def test_a_large_catalogue_is_split_into_sitemap_pages_that_each_load_only_their_own_rows(
    client, monkeypatch
):
    monkeypatch.setattr(sitemaps.CourseSitemap, "limit", 10)
    CourseFactory.create_batch(23)  # 46 addresses in two languages: five pages of at most 10

    index = locations(client.get("/sitemap.xml"))
    course_pages = [url for url in index if "sitemap-opleidingen" in url]
    assert [url.removeprefix("http://testserver") for url in course_pages] == [
        "/sitemap-opleidingen.xml",
        *(f"/sitemap-opleidingen.xml?p={number}" for number in range(2, 6)),
    ]

    seen = []
    for number in range(1, 6):
        with CaptureQueriesContext(connection) as queries:
            urls = locations(client.get("/sitemap-opleidingen.xml", {"p": number}))
        seen += urls
        course_queries = [q["sql"] for q in queries if "trajectories_course" in q["sql"]]
        rows = [sql for sql in course_queries if "COUNT(" not in sql.upper()]
        assert len(rows) == 1 and re.search(r"LIMIT \d", rows[0]), course_queries
        assert len(urls) == (6 if number == 5 else 10)
    assert len(seen) == len(set(seen)) == 46

    assert client.get("/sitemap-opleidingen.xml", {"p": 6}).status_code == 404
    assert client.get("/sitemap-niets.xml").status_code == 404


def test_favicon_ico_is_served_at_the_root_without_a_redirect(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response).startswith(b"\x00\x00\x01\x00")  # the ICO file signature
    assert "max-age" in response["Cache-Control"]
