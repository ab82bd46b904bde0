"""/opleidingen/: the search box, the filters with their counts, sorting, pages and the ways
on from an empty result, as a visitor (with or without JavaScript) meets them."""

import itertools
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poort.vocabulary import CertificateKind, CourseMode, LearningPath
from tests.bad_bytes import expected_status
from tests.regions.factories import SectorFactory, municipality
from tests.trajectories.factories import CourseFactory, OfferingFactory, in_days

pytestmark = pytest.mark.django_db

URL = "/opleidingen/"


def search(client, **parameters):
    response = client.get(URL, parameters)
    assert response.status_code == 200
    return response


def shown(response) -> list[str]:
    return [course.title for course in response.context["page"].object_list]


def total(response) -> int:
    return response.context["page"].paginator.count


@pytest.fixture
def catalogue():
    """Twenty-four courses that differ in every filter, with starts in three regions."""
    fields = [
        SectorFactory(name="Elektrotechniek", slug="elektrotechniek"),
        SectorFactory(name="Lassen", slug="lassen"),
        SectorFactory(name="Energietransitie", slug="energietransitie"),
    ]
    places = [municipality("Groningen"), municipality("Enschede"), municipality("Utrecht"), None]
    starts = [in_days(3), in_days(45), in_days(120), in_days(300)]
    combinations = itertools.product(
        fields, [1, 2, 3, 4], [LearningPath.BOL, LearningPath.BBL, LearningPath.WORKPLACE]
    )
    for number, (field, level, path) in enumerate(combinations):
        if number % 3 == 2:
            continue
        course = CourseFactory(
            title=f"{field.name} niveau {level} {path.label} {number:02}",
            summary="Monteur in de techniek." if number % 2 else "Vakman in de techniek.",
            sector=field,
            level=level,
            learning_path=path,
            mode=list(CourseMode)[number % 4],
            certificate_kind=list(CertificateKind)[number % 4],
            price=Decimal([0, 450, 900, 2000, 4800, 7000][number % 6]),
        )
        for offset in range(number % 3):
            OfferingFactory(
                course=course,
                municipality=places[(number + offset) % 4],
                start_date=starts[(number + offset * 2) % 4],
            )


def facet_options(response) -> list[tuple[str, str, int]]:
    return [
        (facet.field.html_name, option.value, option.count)
        for facet in response.context["facets"]
        for option in facet.options
    ]


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"q": "monteur"},
        {"regio": "twente", "niveau": "2"},
        {"start": "3-maanden", "vakgebied": "lassen", "maxprijs": "1000"},
        {"q": "techniek", "regio": "groningen", "start": "6-maanden", "vorm": "online"},
    ],
    ids=["nothing chosen", "a word", "region and level", "start field price", "many"],
)
def test_each_option_shows_how_many_results_choosing_it_gives(client, catalogue, chosen):
    response = search(client, **chosen)

    for parameter, value, count in facet_options(response):
        after_choosing = search(client, **{**chosen, parameter: value})
        assert total(after_choosing) == count, f"{parameter}={value} with {chosen}"


def test_the_count_of_a_chosen_option_is_the_number_of_results(client, catalogue):
    response = search(client, vakgebied="lassen", leerweg="bbl")

    chosen = [
        option.count
        for facet in response.context["facets"]
        for option in facet.options
        if option.selected
    ]
    assert chosen == [total(response), total(response)]
    assert 0 < total(response) < 24


def test_the_page_says_how_many_courses_it_found_and_lists_them(client, catalogue):
    response = search(client, vakgebied="elektrotechniek")
    html = response.content.decode()

    assert total(response) == 8
    assert "8 opleidingen gevonden" in html
    assert html.count('class="card__title"') == 8
    assert "Elektrotechniek (8)" in html


def test_the_filters_in_use_show_above_the_results_and_each_can_be_taken_away(client, catalogue):
    response = search(client, q="monteur", vakgebied="lassen", niveau="2")
    html = response.content.decode()

    assert 'Filters <span class="filters__chosen">(2 gekozen)</span>' in html
    chips = response.context["chosen_filters"]
    assert [chip.label for chip in chips] == ["Vakgebied: Lassen", "Niveau: mbo 2 (NLQF 2)"]
    assert [chip.url for chip in chips] == ["?q=monteur&niveau=2", "?q=monteur&vakgebied=lassen"]
    assert html.index('class="chips"') < html.index('class="card result"'), "above the results"


def test_the_folded_filters_open_by_themselves_only_to_show_an_error(client, catalogue):
    assert '<details class="filters" id="catalogue-filters" data-open-wide>' in (
        search(client, vakgebied="lassen").content.decode()
    )
    assert "data-open-wide open>" in search(client, niveau="9").content.decode()


def test_a_municipality_stands_for_its_region(client, catalogue):
    by_region = search(client, regio="twente")
    by_name = search(client, gemeente="enschede")
    by_code = search(client, gemeente="GM0153")

    assert shown(by_name) == shown(by_code) == shown(by_region)
    assert total(by_region) > 0
    html = by_name.content.decode()
    assert "Enschede ligt in de regio Twente." in html
    assert '<option value="twente" selected>' in html
    assert 'name="gemeente" value=' not in html, "the field is empty again"


def test_a_typed_municipality_wins_over_the_region_it_came_with(client, catalogue):
    response = search(client, regio="groningen", gemeente="Enschede")
    assert response.context["form"].parameters()["regio"] == "twente"


def test_htmx_and_a_plain_get_give_the_same_results(client, catalogue):
    parameters = {"q": "monteur", "niveau": "3", "sorteer": "prijs"}
    plain = client.get(URL, parameters)
    fragment = client.get(URL, parameters, headers={"HX-Request": "true"})

    assert shown(fragment) == shown(plain)
    assert facet_options(fragment) == facet_options(plain)
    assert "<html" in plain.content.decode()
    assert "<html" not in fragment.content.decode()
    assert 'id="catalogue-status" data-hx-swap-oob="innerHTML"' in fragment.content.decode()
    assert "HX-Request" in plain["Vary"] and "HX-Request" in fragment["Vary"]


def test_htmx_keeps_the_address_bar_short_and_shareable(client, catalogue):
    response = client.get(
        URL,
        {"q": "monteur", "vakgebied": "", "regio": "", "gemeente": "Enschede", "per": "20"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Push-Url"] == "/opleidingen/?q=monteur&regio=twente"


def test_going_back_in_history_gets_the_whole_page(client, catalogue):
    response = client.get(
        URL, {"q": "monteur"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_results_come_in_pages(client, catalogue):
    first = search(client, per="10")
    last = search(client, per="10", page="3")

    assert len(shown(first)) == 10
    assert len(shown(last)) == 4
    assert not set(shown(first)) & set(shown(last))
    assert shown(search(client, per="10", page="99")) == shown(last)
    assert shown(search(client, per="10", page="nonsense")) == shown(first)
    html = first.content.decode()
    assert "pagina 1 van 3" in html
    assert 'href="?per=10&amp;page=2"' in html


def test_sorting_by_price_puts_the_cheapest_first(client, catalogue):
    response = search(client, sorteer="prijs", per="50")
    prices = [course.price for course in response.context["page"].object_list]
    assert prices == sorted(prices)


def test_sorting_by_start_date_puts_courses_without_a_start_last(client, catalogue):
    response = search(client, sorteer="start", per="50")
    starts = [course.next_start for course in response.context["page"].object_list]
    planned = [start for start in starts if start]
    assert planned == sorted(planned)
    assert starts[: len(planned)] == planned
    assert None in starts


def test_by_relevance_a_course_with_the_words_in_its_title_comes_first(client, catalogue):
    sector = SectorFactory()
    CourseFactory(title="Zonnepanelen leggen", summary="Op daken.", sector=sector)
    CourseFactory(title="Dakdekker", summary="Ook zonnepanelen.", sector=sector)

    assert shown(search(client, q="zonnepanelen")) == ["Zonnepanelen leggen", "Dakdekker"]


def test_without_words_the_list_is_alphabetical(client, catalogue):
    titles = shown(search(client, per="50"))
    assert titles == sorted(titles)


def test_an_empty_result_offers_to_drop_each_filter_that_then_finds_something(client, catalogue):
    response = search(client, q="monteur", niveau="1", certificaat="diploma")
    html = response.content.decode()
    ways = response.context["ways_on"]["widen"]

    assert total(response) == 0
    assert "Geen opleidingen gevonden" in html
    assert [way.url for way in ways] == [
        "?niveau=1&certificaat=diploma",
        "?q=monteur&niveau=1",
    ], "without the level there is still nothing, so no link for it"
    for way in ways:
        assert total(client.get(URL + way.url)) == way.count > 0
    assert "Zonder “Zoekwoorden: monteur”" in html
    assert 'href="/orienteren/"' in html


def test_an_empty_result_in_a_region_points_to_neighbouring_regions(client, catalogue):
    sector = SectorFactory(name="Koudetechniek", slug="koudetechniek")
    course = CourseFactory(title="Koeltechnicus", sector=sector)
    OfferingFactory(course=course, municipality=municipality("Zwolle"))

    response = search(client, vakgebied="koudetechniek", regio="twente")

    assert total(response) == 0
    neighbours = response.context["ways_on"]["neighbours"]
    assert [(way.label, way.count) for way in neighbours] == [("Regio Zwolle", 1)]
    assert total(client.get(URL + neighbours[0].url)) == 1


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ({"vakgebied": "bestaat-niet"}, "vakgebied", "Kies een vakgebied uit de lijst."),
        ({"regio": "atlantis"}, "regio", "Kies een regio uit de lijst."),
        ({"gemeente": "Atlantis"}, "gemeente", "Deze gemeente kennen we niet."),
        ({"niveau": "9"}, "niveau", "9"),
        ({"maxprijs": "-5"}, "maxprijs", "-5"),
        ({"q": "x" * 201}, "q", "200"),
    ],
)
def test_a_wrong_value_is_shown_next_to_its_field_and_left_out(
    client, catalogue, parameters, field, message
):
    response = search(client, **parameters)
    html = response.content.decode()

    assert message in str(response.context["form"].errors[field])
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert total(response) == 24, "the search goes on without the wrong value"


def test_a_municipality_name_that_fits_several_asks_for_the_whole_name(client, catalogue):
    response = search(client, gemeente="Berg")
    assert "Typ de hele naam" in str(response.context["form"].errors["gemeente"])


def test_the_catalogue_answers_only_get(client):
    assert client.post(URL).status_code == 405


def queries_for(client, parameters) -> int:
    cache.clear()  # the words the catalogue knows are remembered; count from the same start
    with CaptureQueriesContext(connection) as context:
        search(client, **parameters)
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "parameters", [{}, {"q": "techniek", "regio": "groningen", "sorteer": "start"}]
)
def test_the_number_of_queries_does_not_grow_with_the_results(client, parameters):
    sector = SectorFactory()
    for number in range(10):
        OfferingFactory(course=CourseFactory(title=f"Techniek {number}", sector=sector))
    with_ten = queries_for(client, {**parameters, "per": "10"})
    for number in range(40):
        OfferingFactory(course=CourseFactory(title=f"Techniek extra {number}", sector=sector))
    with_fifty = queries_for(client, {**parameters, "per": "50"})

    assert with_fifty == with_ten


PARAMETER_NAMES = ["q", "vakgebied", "regio", "gemeente", "niveau", "leerweg", "vorm"]
PARAMETER_NAMES += ["certificaat", "start", "maxprijs", "sorteer", "per", "page", "onbekend"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parameters=st.dictionaries(st.sampled_from(PARAMETER_NAMES), st.text(max_size=300), max_size=6),
    htmx=st.booleans(),
)
def test_no_value_in_the_address_ever_breaks_the_page(client, parameters, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(URL + "?" + urlencode(parameters), headers=headers)
    assert response.status_code == expected_status(parameters.values())
