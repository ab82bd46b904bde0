"""The search forgives what people type: typing errors, the words of the trade, words that
say nothing about the subject, a level in the words; and it offers "Bedoelde je …?"
(docs/catalogue.md "What a search means"). On both databases unless marked."""

import importlib

import pytest
from django.core.exceptions import ValidationError

from tests.databases import postgresql_only
from tests.regions.factories import SectorFactory
from tests.trajectories.catalogue.test_search import catalogue, found  # noqa: F401 - a fixture
from tests.trajectories.factories import CourseFactory
from trajectories.catalogue.search import CatalogueQuery
from trajectories.models import Course, SearchSynonym
from trajectories.models import catalogue as catalogue_models

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference_synonyms():
    """The synonyms of the data migration (a test on a live server empties the table)."""
    facts = importlib.import_module("trajectories.migrations.0010_search_synonyms").SYNONYMS
    for term, means in facts.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"means": means})


def total(text: str) -> int:
    return CatalogueQuery(text=text).summary().counts["total"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("electrotechniek", "elektrotechniek"),
        ("zonnepanneel", "zonnepanelen"),
        ("warmtepomb", "warmtepomp"),
        ("instalateur", "installateur"),
        ("lasen", "lassen"),
    ],
)
def test_a_misspelt_word_finds_what_its_right_spelling_finds(catalogue, typed, meant):  # noqa: F811
    assert found(typed)
    assert found(typed)[:1] == found(meant)[:1]
    assert set(found(meant)) <= set(found(typed))


def test_a_misspelt_word_among_right_ones_counts_as_its_right_spelling(catalogue):  # noqa: F811
    assert found("monteur warmtepomb")[0] == "Monteur warmtepompen"


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("elektricien", "Eerste monteur elektrotechniek"),
        ("pv", "Installateur zonnepanelen"),
        ("solar", "Installateur zonnepanelen"),
        ("mechanika", "Allround CNC-verspaner"),  # mechanica: mechatronica, werktuigbouw
    ],
)
def test_the_words_of_the_trade_find_the_courses_they_stand_for(catalogue, typed, title):  # noqa: F811
    assert title in found(typed)


def test_an_edited_synonym_shows_in_the_next_search(catalogue, client):  # noqa: F811
    assert total("stroomboer") == 0
    SearchSynonym.objects.create(term="stroomboer", means="elektrotechniek")

    response = client.get("/opleidingen/", {"q": "stroomboer"})
    titles = [course.title for course in response.context["page"]]
    assert titles == ["Eerste monteur elektrotechniek"]

    SearchSynonym.objects.filter(term="stroomboer").update(means="zonnepanelen")
    assert found("stroomboer") == ["Installateur zonnepanelen"]


def test_a_synonym_is_written_as_people_type_it_and_needs_a_meaning():
    synonym = SearchSynonym(term=" CV-Monteur ", means="installatietechniek, cv ketel")
    synonym.full_clean()
    assert synonym.term == "cv monteur"
    assert synonym.terms() == (("installatietechniek",), ("cv", "ketel"))
    with pytest.raises(ValidationError):
        SearchSynonym(term="een twee drie", means="x").full_clean()
    with pytest.raises(ValidationError):
        SearchSynonym(term="pv", means=" , ").full_clean()


@pytest.mark.parametrize("typed", ["cursus", "opleiding", "training", "mbo", "cursus opleiding"])
def test_words_that_say_nothing_about_the_subject_never_empty_a_result(catalogue, typed):  # noqa: F811
    assert total(typed) == Course.objects.published().count()


def test_a_word_that_says_nothing_does_not_narrow_a_search(catalogue):  # noqa: F811
    assert found("opleiding lassen") == found("lassen") == ["Lasser MIG/MAG"]


@pytest.mark.parametrize("typed", ["lassen niveau 2", "mbo 2 lassen", "lassen mbo-2", "niveau2"])
def test_a_level_in_the_words_becomes_the_level_filter(client, typed):
    sector = SectorFactory()
    CourseFactory(title="Lasser MIG/MAG", level=2, sector=sector)
    CourseFactory(title="Lasser TIG", level=3, sector=sector)

    response = client.get("/opleidingen/", {"q": typed})

    assert [course.title for course in response.context["page"]] == ["Lasser MIG/MAG"]
    assert response.context["form"]["niveau"].value() == "2"


def test_a_chosen_level_wins_over_the_level_in_the_words(client):
    sector = SectorFactory()
    CourseFactory(title="Lasser MIG/MAG", level=2, sector=sector)
    CourseFactory(title="Lasser TIG", level=3, sector=sector)

    response = client.get("/opleidingen/", {"q": "lassen niveau 2", "niveau": "3"})

    assert [course.title for course in response.context["page"]] == ["Lasser TIG"]


def test_a_search_that_finds_little_offers_a_close_title_word_that_finds_more(client):
    sector = SectorFactory(name="Metaal")
    CourseFactory(title="Lasser MIG/MAG", summary="Draad en gas.", sector=sector)
    CourseFactory(title="Allround lasser", summary="Alle technieken.", sector=sector)
    CourseFactory(title="Snijden", summary="Snijden met lasers en plasma.", sector=sector)

    response = client.get("/opleidingen/", {"q": "lasers"})

    html = response.content.decode()
    assert response.context["total"] == 1
    assert '<a href="?q=lasser" lang="nl">lasser</a>?' in html
    assert "Bedoelde je" in html
    assert "(2 opleidingen)" in html
    assert client.get("/opleidingen/", {"q": "lasser"}).context["total"] == 2


def test_a_search_that_finds_enough_offers_nothing_else(catalogue, client):  # noqa: F811
    for number in range(5):
        CourseFactory(title=f"Lasser {number}", summary="Lassen.")

    response = client.get("/opleidingen/", {"q": "lassen"})

    assert response.context["suggestion"] is None
    assert "Bedoelde je" not in response.content.decode()


@postgresql_only("the Dutch stop words of full-text search")
def test_a_stop_word_is_left_out_not_taken_for_a_typing_error(catalogue):  # noqa: F811
    assert found("voor lassen") == found("lassen") == ["Lasser MIG/MAG"]


@postgresql_only("the bounded ranking window")
def test_the_courses_with_every_word_are_ranked_however_many_hold_one(monkeypatch):
    monkeypatch.setattr(catalogue_models, "RANK_WINDOW", 2)
    for number in range(4):
        CourseFactory(title=f"Cursus {number}", summary="Voor de monteur.")
    for number in range(3):
        CourseFactory(title=f"Vak {number}", summary="De monteur van warmtepompen.")

    assert found("monteur warmtepompen")[:2] == ["Vak 0", "Vak 1"]
