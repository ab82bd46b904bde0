"""The public read API: the same answers as the site's pages, each checked against the
OpenAPI document (tests/api/contract.py)."""

import json

import pytest
from django.core.cache import cache

from funding.models import Scheme
from poort.vocabulary import Situation
from tests.api.contract import get
from tests.funding.factories import SchemeFactory
from tests.regions.factories import InitiativeFactory, active_desk, municipality, region
from tests.trajectories.factories import CourseFactory, OfferingFactory
from trajectories.catalogue.forms import CatalogueForm
from trajectories.models import Course

pytestmark = pytest.mark.django_db


def body(response) -> dict | list:
    return json.loads(response.content)


def test_the_course_search_gives_what_the_catalogue_gives(client):
    OfferingFactory(course__title="Lasser MIG/MAG")
    OfferingFactory(course__title="Monteur warmtepompen", online=True)
    CourseFactory(title="Lasser TIG", is_published=False)
    found = body(get(client, "/api/v1/opleidingen?q=lasser&regio=groningen"))
    form = CatalogueForm({"q": "lasser", "regio": "groningen"})
    summary = form.catalogue_query().summary()
    assert found["total"] == summary.counts["total"] == 1
    assert [course["title"] for course in found["results"]] == ["Lasser MIG/MAG"]
    regions = {option["value"]: option for option in found["facets"]["regio"]}
    assert regions["groningen"] == {
        "value": "groningen",
        "label": "Groningen",
        "count": 1,
        "selected": True,
    }


def test_a_wrong_filter_is_a_bad_request_with_the_parameter_named(client):
    response = get(client, "/api/v1/opleidingen?niveau=9&regio=atlantis")
    assert response.status_code == 400
    names = {item["name"] for item in body(response)["invalid_params"]}
    assert names == {"niveau", "regio"}


def test_pages_link_to_the_next_and_previous_page(client):
    for _ in range(3):
        CourseFactory()
    first = body(get(client, "/api/v1/opleidingen?per=10"))
    assert first["pages"] == 1 and "next" not in first["_links"]
    for _ in range(9):
        CourseFactory()
    cache.clear()  # the counts of a search are remembered for five minutes, as on the site
    first = body(get(client, "/api/v1/opleidingen?per=10&sorteer=prijs"))
    assert first["_links"]["next"]["href"] == "/api/v1/opleidingen?sorteer=prijs&per=10&page=2"
    second = body(get(client, first["_links"]["next"]["href"]))
    assert second["page"] == 2 and len(second["results"]) == 2
    assert "prev" in second["_links"]


def test_a_course_comes_with_its_upcoming_offerings(client):
    offering = OfferingFactory()
    OfferingFactory(course=offering.course, online=True)
    found = body(get(client, f"/api/v1/opleidingen/{offering.course.slug}"))
    assert [start["place"] for start in found["offerings"]] == ["Groningen", "online"]
    assert found["offerings"][0]["region"] == "AM01"


def test_an_unpublished_course_is_not_found(client):
    course = CourseFactory(is_published=False)
    assert get(client, f"/api/v1/opleidingen/{course.slug}").status_code == 404


def test_schemes_say_their_live_status(client):
    SchemeFactory(name="Open fonds", slug="open-fonds")
    SchemeFactory(name="Gepauzeerd fonds", slug="gepauzeerd", status=Scheme.Status.PAUSED)
    statuses = {s["slug"]: s["live_status"] for s in body(get(client, "/api/v1/regelingen"))}
    assert statuses == {"open-fonds": "open", "gepauzeerd": "paused"}
    assert body(get(client, "/api/v1/regelingen/gepauzeerd"))["live_status"] == "paused"


def test_the_funding_check_gives_every_scheme_a_verdict_and_a_stack(client):
    SchemeFactory(name="Voor iedereen", slug="iedereen")
    SchemeFactory(name="Alleen Twente", slug="twente", regions=[region("AM12")])
    course = CourseFactory()
    found = body(
        get(
            client,
            f"/api/v1/financieringscheck?situatie={Situation.EMPLOYED}"
            f"&gemeente=GM0014&opleiding={course.slug}",
        )
    )
    outcomes = {verdict["scheme"]: verdict["outcome"] for verdict in found["verdicts"]}
    assert outcomes == {"iedereen": "fits", "twente": "does_not_fit"}
    assert found["region"] == "AM01"
    assert [line["scheme"] for line in found["stack"]["lines"]] == ["iedereen"]


def test_the_funding_check_without_a_course_has_no_stack(client):
    SchemeFactory()
    found = body(get(client, "/api/v1/financieringscheck?situatie=employed&gemeente=Groningen"))
    assert found["stack"] is None and found["course"] is None


def test_the_funding_check_names_what_is_missing(client):
    response = get(client, "/api/v1/financieringscheck?gemeente=Nergenshuizen")
    assert response.status_code == 400
    assert {item["name"] for item in body(response)["invalid_params"]} == {
        "situatie",
        "gemeente",
    }


def test_regions_desks_and_initiatives(client):
    desk = active_desk(region("AM01"))
    InitiativeFactory(name="Het Noorden Leert Door", regions=[region("AM01")])
    regions = body(get(client, "/api/v1/regios"))
    assert len(regions) == 35 and regions[0]["code"] == "AM01"
    assert desk.name in [found["name"] for found in body(get(client, "/api/v1/loketten"))]
    assert body(get(client, "/api/v1/regios/AM01/loket"))["name"] == desk.name
    initiatives = body(get(client, "/api/v1/initiatieven"))
    assert [found["regions"] for found in initiatives] == [["AM01"]]


def test_the_desk_of_a_municipality_is_the_desk_of_its_region(client):
    desk = active_desk(municipality("Groningen").region)
    found = body(get(client, "/api/v1/gemeenten/GM0014/loket"))
    assert (found["region"], found["desk"]["name"]) == ("AM01", desk.name)
    assert get(client, "/api/v1/gemeenten/GM9999/loket").status_code == 404


def test_a_region_without_a_desk_or_a_national_one_is_not_found(client):
    assert get(client, "/api/v1/regios/AM38/loket").status_code == 404


def test_an_unchanged_answer_is_not_sent_again(client):
    course = CourseFactory()
    first = get(client, f"/api/v1/opleidingen/{course.slug}")
    again = get(client, f"/api/v1/opleidingen/{course.slug}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = get(
        client,
        f"/api/v1/opleidingen/{course.slug}",
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert since.status_code == 304
    Course.objects.filter(pk=course.pk).update(title="Nieuwe titel")
    changed = get(client, f"/api/v1/opleidingen/{course.slug}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_every_answer_says_its_version_and_allows_reading_from_other_sites(client):
    response = get(client, "/api/v1/regios")
    assert response["API-Version"] == "1.0.0"
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/regios", HTTP_ORIGIN="https://regio.example")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_errors_are_problem_details(client):
    for response in [
        client.get("/api/v1/opleidingen/"),
        client.get("/api/v1/bestaat-niet"),
        client.delete("/api/v1/regios"),
    ]:
        assert response["Content-Type"] == "application/problem+json"
        assert body(response)["status"] == response.status_code
        assert response["API-Version"] == "1.0.0"
    assert client.delete("/api/v1/regios")["Allow"] == "GET"


def test_anonymous_callers_are_rate_limited(client, settings):
    settings.API_RATE_LIMIT = "3/m"
    statuses = [client.get("/api/v1/regios").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/regios")
    assert limited["Content-Type"] == "application/problem+json"
    assert limited["Retry-After"] == "60"
