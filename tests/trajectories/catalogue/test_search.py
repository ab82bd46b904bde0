"""The catalogue search on the queryset: what a search finds and in which order.

The relevance cases need PostgreSQL (full text with the Dutch configuration and trigram
similarity); they are skipped on SQLite, where a simpler search keeps `make run` useful.
Run them with DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalogue.
"""

import datetime

import pytest

from regions.models import Sector
from tests.databases import postgresql_only
from tests.funding.factories import SchemeFactory
from tests.regions.factories import SectorFactory, municipality, region
from tests.trajectories.factories import CourseFactory, OfferingFactory, ProviderFactory, in_days
from trajectories.catalogue.search import CatalogueQuery, StartWindow
from trajectories.models import Course, Offering, Provider
from trajectories.models import catalogue as catalogue_models

pytestmark = pytest.mark.django_db

relevance_search = postgresql_only("relevance (full-text search and pg_trgm)")


def titles(courses) -> list[str]:
    return [course.title for course in courses]


def found(text: str) -> list[str]:
    return titles(Course.objects.published().search(text).by_relevance(text))


@pytest.fixture
def catalogue():
    elektro = SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    metaal = SectorFactory(name="Werktuigbouw en metaal", slug="metaal")
    energie = SectorFactory(name="Energietransitie", slug="energietransitie")
    noorderpoort = ProviderFactory(name="Noorderpoort", slug="noorderpoort")
    summa = ProviderFactory(name="Summa College", slug="summa")
    CourseFactory(
        title="Eerste monteur elektrotechniek",
        summary="Je legt installaties aan in woningen en bedrijven.",
        sector=elektro,
        provider=noorderpoort,
        crebo_code="25252",
    )
    CourseFactory(
        title="Monteur warmtepompen",
        summary="Je installeert en onderhoudt warmtepompen bij mensen thuis.",
        sector=energie,
        provider=summa,
    )
    CourseFactory(
        title="Lasser MIG/MAG",
        summary="Je leert lassen met draad en beschermgas.",
        sector=metaal,
        provider=summa,
    )
    CourseFactory(
        title="Installateur zonnepanelen",
        summary="Zonnepanelen leggen op daken.",
        description="Na deze opleiding kun je ook werken aan warmtepompen en laadpalen.",
        sector=energie,
        provider=noorderpoort,
    )
    CourseFactory(
        title="Allround CNC-verspaner",
        summary="Je stelt CNC-machines in en maakt precieze onderdelen.",
        sector=metaal,
        provider=summa,
    )


class TestRelevanceOnPostgresql:
    pytestmark = relevance_search

    def test_a_typing_error_still_finds_the_course(self, catalogue):
        assert found("electrotechniek")[0] == "Eerste monteur elektrotechniek"

    def test_a_word_finds_its_plural_inside_a_title(self, catalogue):
        assert found("warmtepomp")[0] == "Monteur warmtepompen"

    def test_the_verb_finds_the_trade(self, catalogue):
        assert found("lassen") == ["Lasser MIG/MAG"]

    def test_a_match_in_the_title_comes_before_one_in_the_description(self, catalogue):
        assert found("warmtepompen") == ["Monteur warmtepompen", "Installateur zonnepanelen"]

    def test_courses_with_every_word_come_before_those_that_miss_one(self, catalogue):
        results = found("monteur warmtepompen")
        assert results[0] == "Monteur warmtepompen"
        assert set(results[1:]) == {"Eerste monteur elektrotechniek", "Installateur zonnepanelen"}

    def test_one_misspelt_word_among_right_ones_still_finds_the_course(self, catalogue):
        assert found("monteur warmtepopmen")[0] == "Monteur warmtepompen"

    def test_a_search_of_only_short_unknown_words_finds_nothing(self, catalogue):
        assert found("xq zz") == []

    def test_the_start_of_a_word_is_enough(self, catalogue):
        assert found("zonnepa") == ["Installateur zonnepanelen"]

    def test_the_provider_field_and_crebo_code_are_searched(self, catalogue):
        assert set(found("noorderpoort")) == {
            "Eerste monteur elektrotechniek",
            "Installateur zonnepanelen",
        }
        assert found("werktuigbouw") == ["Allround CNC-verspaner", "Lasser MIG/MAG"]
        assert found("25252") == ["Eerste monteur elektrotechniek"]

    def test_capitals_and_a_misspelt_plural_still_find_the_course(self, catalogue):
        assert found("CNC verspaners")[0] == "Allround CNC-verspaner"

    def test_renaming_a_provider_or_field_updates_what_search_finds(self, catalogue):
        summa = Provider.objects.get(slug="summa")
        summa.name = "Vakschool Techniek Brabant"
        summa.save()
        assert "Lasser MIG/MAG" in found("brabant")
        assert found("summa") == []

        metaal = Sector.objects.get(slug="metaal")
        metaal.name = "Metaalbewerking"
        metaal.save()
        assert "Lasser MIG/MAG" in found("metaalbewerking")

    def test_a_course_written_in_bulk_or_by_update_is_searchable_at_once(self, catalogue):
        template = Course.objects.get(title="Lasser MIG/MAG")
        Course.objects.bulk_create(
            [
                Course(
                    title="Koeltechnicus",
                    slug="koeltechnicus",
                    summary="Koelinstallaties in supermarkten.",
                    provider_id=template.provider_id,
                    sector_id=template.sector_id,
                    certificate_kind=template.certificate_kind,
                    mode=template.mode,
                    price=1000,
                )
            ]
        )
        assert found("koelinstallaties") == ["Koeltechnicus"]
        Course.objects.filter(slug="koeltechnicus").update(title="Monteur koudetechniek")
        assert found("koudetechniek") == ["Monteur koudetechniek"]

    def test_a_common_word_ranks_and_lists_a_bounded_window(self, catalogue, client, monkeypatch):
        sector = SectorFactory()
        for number in range(12):
            CourseFactory(
                title=f"Cursus {number:02}",
                summary="Een opleiding over veilig werken.",
                sector=sector,
            )
        CourseFactory(title="Veilig werken met VCA", summary="Basis.", sector=sector)
        monkeypatch.setattr(catalogue_models, "RANK_WINDOW", 3)

        assert found("veilig")[0] == "Veilig werken met VCA", "a close title is always ranked"
        assert len(found("veilig")) == 4, "three matches and the one close title"
        response = client.get("/opleidingen/", {"q": "veilig"})
        html = response.content.decode()
        assert "13 opleidingen gevonden" in html
        assert "tonen de 4 opleidingen die het best passen" in html
        by_title = client.get("/opleidingen/", {"q": "veilig", "sorteer": "prijs", "per": "50"})
        assert len(by_title.context["page"].object_list) == 13, "other orders list every match"


def test_punctuation_and_search_operators_are_just_text(catalogue):
    for text in ["a & b | !c:*", "'); DROP TABLE x;--", "((", "ö", ":*", "\\", "&&&"]:
        assert isinstance(found(text), list)
    assert len(found("!!!")) == 5, "a search without words finds everything"


def test_a_search_finds_words_in_the_title_summary_provider_and_field(catalogue):
    assert "Lasser MIG/MAG" in found("lasser")
    assert "Allround CNC-verspaner" in found("onderdelen")
    assert "Monteur warmtepompen" in found("summa")
    assert "Eerste monteur elektrotechniek" in found("Elektrotechniek")


def test_accents_do_not_matter(catalogue):
    sector = SectorFactory()
    CourseFactory(title="Oriëntatie op techniek", summary="Kijk rond.", sector=sector)
    assert found("orientatie") == ["Oriëntatie op techniek"]
    assert found("ORIËNTATIE") == ["Oriëntatie op techniek"]


def test_unpublished_courses_are_never_found(catalogue):
    Course.objects.filter(title="Lasser MIG/MAG").update(is_published=False)
    assert "Lasser MIG/MAG" not in found("lasser")
    assert "Lasser MIG/MAG" not in titles(CatalogueQuery().results())


def test_the_place_and_the_time_of_a_filter_hold_for_the_same_offering():
    course = CourseFactory()
    OfferingFactory(course=course, municipality=municipality("Groningen"), start_date=in_days(200))
    OfferingFactory(course=course, municipality=municipality("Utrecht"), start_date=in_days(10))
    groningen, utrecht = region("AM01"), region("AM13")

    assert Course.objects.offered(region=groningen).exists()
    assert Course.objects.offered(starts_by=in_days(30)).exists()
    assert not Course.objects.offered(region=groningen, starts_by=in_days(30)).exists()
    assert Course.objects.offered(region=utrecht, starts_by=in_days(30)).exists()


def test_past_and_online_offerings_put_a_course_in_no_region():
    course = CourseFactory()
    OfferingFactory(course=course, municipality=municipality("Groningen"), start_date=in_days(-1))
    OfferingFactory(course=course, online=True)

    assert not Course.objects.in_region(region("AM01")).exists()
    assert Course.objects.offered().exists()


def test_the_next_start_is_the_first_upcoming_offering_that_fits_the_filters():
    course = CourseFactory()
    OfferingFactory(course=course, municipality=municipality("Utrecht"), start_date=in_days(-5))
    OfferingFactory(course=course, municipality=municipality("Utrecht"), start_date=in_days(20))
    OfferingFactory(course=course, municipality=municipality("Groningen"), start_date=in_days(40))

    anywhere = Course.objects.with_next_start().get()
    in_groningen = Course.objects.with_next_start(region=region("AM01")).get()

    assert (anywhere.next_start, anywhere.next_place) == (in_days(20), "Utrecht")
    assert (in_groningen.next_start, in_groningen.next_place) == (in_days(40), "Groningen")


def test_offerings_in_the_home_region_come_first_then_the_rest_by_date():
    course = CourseFactory()
    far = OfferingFactory(
        course=course, municipality=municipality("Utrecht"), start_date=in_days(5)
    )
    near_late = OfferingFactory(
        course=course, municipality=municipality("Groningen"), start_date=in_days(50)
    )
    near_soon = OfferingFactory(
        course=course, municipality=municipality("Groningen"), start_date=in_days(30)
    )
    online = OfferingFactory(course=course, online=True, start_date=in_days(1))

    nearest = list(Offering.objects.nearest_first(region("AM01")))
    by_date = list(Offering.objects.nearest_first(None))

    assert nearest == [near_soon, near_late, online, far]
    assert by_date == [online, far, near_soon, near_late]


@pytest.mark.parametrize(
    ("today", "window", "last_day"),
    [
        (datetime.date(2026, 1, 15), StartWindow.THIS_MONTH, datetime.date(2026, 1, 31)),
        (datetime.date(2028, 2, 3), StartWindow.THIS_MONTH, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 31), StartWindow.THREE_MONTHS, datetime.date(2026, 4, 30)),
        (datetime.date(2026, 11, 20), StartWindow.THREE_MONTHS, datetime.date(2027, 2, 20)),
        (datetime.date(2026, 8, 31), StartWindow.SIX_MONTHS, datetime.date(2027, 2, 28)),
    ],
)
def test_a_start_window_ends_at_the_end_of_the_month_or_months_later(today, window, last_day):
    assert window.last_day(today) == last_day


def test_open_schemes_for_the_field_and_a_region_of_the_course_may_apply_best_fitting_first():
    course = CourseFactory()
    other_field = SectorFactory()
    national = SchemeFactory(name="NL Leert Door")
    regional = SchemeFactory(name="Groningen fonds", regions=[region("AM01")])
    for_the_field = SchemeFactory(name="O&O fonds", sectors=[course.sector])
    SchemeFactory(name="Utrecht fonds", regions=[region("AM13")])
    SchemeFactory(name="Ander vakgebied", sectors=[other_field])
    SchemeFactory(name="Gesloten", status="closed")

    schemes = list(course.schemes_that_may_apply([region("AM01")]))

    assert schemes == [for_the_field, regional, national], "this field's, a region's, the rest"
