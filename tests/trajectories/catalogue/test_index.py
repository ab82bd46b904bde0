"""The catalogue index (PostgreSQL) gives the same counts and matches as counting on the
courses, and is never used once the catalogue or the day changed (docs/catalogue.md)."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regions.models import Municipality, Sector
from tests.databases import postgresql_only
from tests.regions.factories import municipality
from tests.trajectories.catalogue.test_search import catalogue, found, titles  # noqa: F401 - a fixture
from tests.trajectories.factories import (
    SEARCHES,
    CourseFactory,
    OfferingFactory,
    ProviderFactory,
    in_days,
    normalised,
    varied_catalogue,
)
from trajectories.catalogue import index as catalogue_index
from trajectories.catalogue import search
from trajectories.catalogue.search import CatalogueQuery, Sort
from trajectories.models import Course, SearchSynonym
from trajectories.tasks import refresh_catalogue_index

pytestmark = [pytest.mark.django_db, postgresql_only("the catalogue index")]


def query(**chosen) -> CatalogueQuery:
    if "region" in chosen:
        chosen = {**chosen, "region": municipality(chosen["region"]).region}
    return CatalogueQuery(**chosen)


def matches_of(found: CatalogueQuery) -> list[int]:
    return sorted(found.courses().values_list("pk", flat=True))


@pytest.mark.parametrize("chosen", SEARCHES)
def test_the_counts_from_the_index_are_the_counts_of_the_courses(chosen):
    varied_catalogue()
    catalogue_index.build()
    found = query(**chosen)

    assert found.indexed is not None
    assert normalised(found.indexed.facet_counts()) == normalised(found.counted_on_courses())
    assert found.indexed.ids() == matches_of(found)
    for name in found.active_filters():
        assert found.indexed.count_without(name) == found.courses(without={name}).count()


@pytest.mark.parametrize(
    "text",
    [
        "lassen",  # a prefix of the stem: finds "Lasser MIG/MAG"
        "warmtepomp",  # finds "warmtepompen"
        "electrotechniek",  # no course holds it: close to the title "Elektrotechniek"
        "de opleiding",  # "de" is a stop word
        "zij-instromers",  # "zij" is a stop word, too short to compare
        "voor",  # a stop word of four letters: compared with the titles
        "ab",  # unknown and too short: nothing
        "monteur zonnepanelen",
        "Installatietechniek",
        "xyzzyq",
        "warmte²pompen",  # the parser makes two words of it: matched as the search does
        "lasser²mig",
        "elektricien",  # a synonym: elektrotechniek, elektrotechnische installaties, …
        "pv",  # a synonym of two letters
        "cv-ketel",  # a synonym of two words
        "cursus",  # says nothing: every course
        "opleiding lassen",
        "lassen niveau 2",  # the level is the form's filter; the words are "lassen"
        "zonnepanneel",  # a typing error: zonnepanelen
        "instalateur",  # close to the synonym installateur
        "monteur zonnepanelen xyzzyq",  # all words but one
        "monteur warmtepompen lasser",
        "voor lassen",  # a stop word is left out
    ],
)
def test_the_index_finds_the_courses_the_search_finds(text):
    for title, summary in [
        ("Lasser MIG/MAG", "Leer lassen met MIG en MAG."),
        ("Monteur warmtepompen", "Installeer warmtepompen in bestaande woningen."),
        ("Elektrotechniek niveau 2", "De basis van de opleiding elektrotechniek."),
        ("Monteur zonnepanelen voor zij-instromers", "Zonnepanelen op daken leggen."),
        ("Installatietechniek voor werkenden", "Een opleiding voor wie al werkt."),
        ("Verborgen lasser", "Niet gepubliceerd."),
        ("Warmte²pompen in 50 m²", "Een warmte²pomp per woning."),
    ]:
        CourseFactory(title=title, summary=summary, is_published=title != "Verborgen lasser")
    catalogue_index.build()
    found = CatalogueQuery(text=text)

    assert found.indexed.ids() == matches_of(found)


def test_a_change_of_the_catalogue_stops_the_index_until_it_is_built_again():
    varied_catalogue()
    catalogue_index.build()
    today = timezone.localdate()
    assert catalogue_index.current(today) is not None

    course = CourseFactory(title="Nieuw: monteur laadpalen")
    found = CatalogueQuery(text="laadpalen")
    assert catalogue_index.current(today) is None
    assert found.indexed is None
    assert found.facet_counts()["total"] == 1  # counted without the index, so it shows

    catalogue_index.build()
    again = CatalogueQuery(text="laadpalen")
    assert again.indexed is not None
    assert again.facet_counts()["total"] == 1
    assert again.indexed.ids() == [course.pk]


@pytest.mark.parametrize(
    "change",
    [
        "add an offering",
        "move an offering",
        "delete a course",
        "rename a provider",
        "rename a field",
        "move a municipality",
        "unpublish with update()",
    ],
)
def test_every_way_the_catalogue_changes_stops_the_index(change):
    course = CourseFactory(title="Monteur")
    offering = OfferingFactory(course=course, municipality=municipality("Groningen"))
    catalogue_index.build()
    today = timezone.localdate()
    assert catalogue_index.current(today) is not None

    if change == "add an offering":
        OfferingFactory(course=course, start_date=in_days(9))
    elif change == "move an offering":
        offering.municipality = municipality("Utrecht")
        offering.save()
    elif change == "delete a course":
        course.delete()
    elif change == "rename a provider":
        course.provider.name = "Andere naam"
        course.provider.save()
    elif change == "rename a field":
        Sector.objects.filter(pk=course.sector_id).update(name="Ander vakgebied")
    elif change == "move a municipality":
        Municipality.objects.filter(name="Groningen").update(region=municipality("Utrecht").region)
    else:
        Course.objects.filter(pk=course.pk).update(is_published=False)

    assert catalogue_index.current(today) is None


def test_the_index_is_for_one_day():
    CourseFactory()
    today = timezone.localdate()
    catalogue_index.build(today)

    assert catalogue_index.current(today) is not None
    assert catalogue_index.current(today + datetime.timedelta(days=1)) is None


def test_the_beat_task_builds_the_index_only_when_it_is_not_current():
    CourseFactory()
    today = timezone.localdate()

    assert refresh_catalogue_index().startswith("built in")
    assert catalogue_index.current(today) is not None
    assert refresh_catalogue_index() == "current"
    CourseFactory()
    assert refresh_catalogue_index().startswith("built in")
    schedule = settings.CELERY_BEAT_SCHEDULE["refresh-catalogue-index"]
    assert schedule["task"] == "trajectories.tasks.refresh_catalogue_index"


def test_a_new_build_replaces_the_old_one_in_the_database_and_in_memory():
    first = CourseFactory(title="Monteur")
    catalogue_index.build()
    today = timezone.localdate()
    old = catalogue_index.current(today)
    second = CourseFactory(title="Monteur")
    catalogue_index.build()

    new = catalogue_index.current(today)
    assert new.generation != old.generation
    assert CatalogueQuery(text="monteur").indexed.ids() == [first.pk, second.pk]
    assert set(catalogue_index.CatalogueIndexPart.objects.values_list("generation", flat=True)) == {
        new.generation
    }


def test_the_relevance_window_holds_the_first_matches_and_those_with_a_close_title(monkeypatch):
    monkeypatch.setattr(catalogue_index, "RANK_WINDOW", 2)
    provider = ProviderFactory()
    others = [
        CourseFactory(title=f"Cursus {n}", summary="Voor de monteur.", provider=provider)
        for n in range(4)
    ]
    close = [CourseFactory(title="Monteur", provider=provider) for _ in range(3)]
    catalogue_index.build()
    found = CatalogueQuery(text="monteur", sort=Sort.RELEVANCE)

    assert found.indexed.relevance_window() == sorted(
        [others[0].pk, others[1].pk, close[0].pk, close[1].pk]
    )


def test_a_results_page_asks_as_many_queries_whatever_its_size(client):
    for number in range(60):
        CourseFactory(title=f"Monteur {number}")
    catalogue_index.build()
    catalogue_index.current(timezone.localdate())  # loaded once per process and generation
    counts = []
    for size in (10, 20, 50):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/opleidingen/", {"q": "monteur", "per": size})
        assert response.status_code == 200
        assert "60 opleidingen gevonden" in response.content.decode()
        # Counted from the index: neither the entries nor a count over the courses (but the
        # words of the titles, made once per change of the catalogue).
        assert not [
            q
            for q in queries
            if "catalogueentry" in q["sql"]
            or ("COUNT(" in q["sql"] and "the title words" not in q["sql"])
        ]
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


@pytest.mark.parametrize("sort", [Sort.START, Sort.PRICE, Sort.RELEVANCE])
@pytest.mark.parametrize(
    "chosen",
    [{}, {"region": "Groningen"}, {"starts_within": "6-maanden", "max_price": 2500}],
)
def test_pages_walked_through_the_index_orders_are_the_pages_of_the_search(
    sort, chosen, monkeypatch
):
    varied_catalogue()
    catalogue_index.build()
    found = query(sort=sort, **chosen)
    everything = [course.pk for course in found.results()]
    assert len(everything) >= 4

    assert found.indexed.ordered(0, 1000) == everything
    assert found.indexed.ordered(1, 3) == everything[1:3]
    # As many results as a large catalogue has: the pages walk the index's orders.
    monkeypatch.setattr(search, "FEW_TO_SORT", 0)
    summary = found.summary()
    assert summary.ids is None
    listed = found.page("2", 2, summary).object_list
    assert [course.pk for course in listed] == everything[2:4]


@pytest.mark.parametrize(
    "text",
    [
        "electrotechniek",
        "warmtepomp",
        "lassen",
        "warmtepompen",
        "monteur warmtepompen",
        "monteur warmtepopmen",
        "xq zz",
        "zonnepa",
        "noorderpoort",
        "werktuigbouw",
        "25252",
        "CNC verspaners",
        "elektricien",
        "pv",
        "zonnepanneel",
        "monteur warmtepompen lasser",
        "cursus",
    ],
)
def test_a_results_page_from_the_index_ranks_as_the_search_does(catalogue, text):  # noqa: F811
    catalogue_index.build()
    found_here = CatalogueQuery(text=text)
    assert found_here.indexed is not None

    page = found_here.page("1", 20, found_here.summary())
    assert titles(page.object_list) == found(text)


def test_an_empty_catalogue_has_an_index_that_finds_nothing(client):
    catalogue_index.build()

    found_here = CatalogueQuery(text="monteur")
    assert found_here.indexed is not None
    assert found_here.facet_counts()["total"] == 0
    response = client.get("/opleidingen/", {"sorteer": "prijs"})
    assert "Geen opleidingen gevonden" in response.content.decode()


def test_an_edited_synonym_shows_in_the_next_search_while_the_index_stays_current(client):
    CourseFactory(title="Monteur elektrotechniek", summary="Stroom.")
    CourseFactory(title="Installateur zonnepanelen", summary="Daken.")
    catalogue_index.build()
    assert client.get("/opleidingen/", {"q": "stroomboer"}).context["total"] == 0

    synonym = SearchSynonym.objects.create(term="stroomboer", means="elektrotechniek")
    found_now = CatalogueQuery(text="stroomboer")
    assert found_now.indexed is not None, "a synonym is no change of the catalogue"
    response = client.get("/opleidingen/", {"q": "stroomboer"})
    assert [course.title for course in response.context["page"]] == ["Monteur elektrotechniek"]

    synonym.means = "zonnepanelen"
    synonym.save()
    response = client.get("/opleidingen/", {"q": "stroomboer"})
    assert [course.title for course in response.context["page"]] == ["Installateur zonnepanelen"]


def test_the_relevance_window_holds_the_first_courses_with_every_word(monkeypatch):
    monkeypatch.setattr(catalogue_index, "RANK_WINDOW", 2)
    provider = ProviderFactory()
    others = [
        CourseFactory(title=f"Cursus {n}", summary="Voor de monteur.", provider=provider)
        for n in range(4)
    ]
    both = [
        CourseFactory(title=f"Vak {n}", summary="De monteur van warmtepompen.", provider=provider)
        for n in range(3)
    ]
    catalogue_index.build()
    found = CatalogueQuery(text="monteur warmtepompen", sort=Sort.RELEVANCE)

    assert found.indexed.relevance_window() == sorted(
        [others[0].pk, others[1].pk, both[0].pk, both[1].pk]
    )
    page = found.page("1", 20, found.summary())
    assert titles(page.object_list)[:2] == ["Vak 0", "Vak 1"]
