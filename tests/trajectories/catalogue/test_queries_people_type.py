"""Searches as people type them, on the demo catalogue (`poort.front.demo`): for each, a
course that must be among the first five results. Kept apart from the benchmark's queries
(bench/catalogue_queries.txt): these say what a person must find, those how fast.

PostgreSQL only (full text, the Dutch stemmer, stop words); run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalogue. The catalogue is loaded once for
the module and removed afterwards."""

import pytest
from django.core.cache import cache

from poort.front.demo import catalogue as demo
from poort.front.demo.loader import load_courses, load_providers, load_sectors
from regions.models import Sector
from tests.databases import postgresql_only
from tests.trajectories.catalogue.test_forgiving_search import reference_synonyms  # noqa: F401
from trajectories.catalogue.forms import CatalogueForm
from trajectories.models import Course, Provider

pytestmark = [pytest.mark.django_db, postgresql_only("the search as people type")]

ELEKTRO = (
    "Monteur elektrotechnische installaties",
    "Eerste monteur elektrotechnische installaties",
    "Technicus elektrotechniek in de gebouwde omgeving",
)
WERKTUIGKUNDIG = (
    "Monteur werktuigkundige installaties",
    "Eerste monteur werktuigkundige installaties",
    "Servicemonteur cv en warm water",
)
ICT_BEHEER = ("Netwerkbeheerder", "Linux-systeembeheer", "Medewerker ICT-support")
MECHATRONICA = ("Monteur mechatronica", "Eerste monteur mechatronica", "Technicus mechatronica")
LASSEN = (
    "Lasser MIG/MAG",
    "Lasser TIG",
    "Lasser BMBL",
    "Allround lasser",
    "Kennismaking met lassen",
)
TIMMERMAN = ("Timmerman", "Allround timmerman")
CNC = ("Allround CNC-verspaner", "CNC-programmeren draaien en frezen")

# (what a person types, a title of which one must be among the first five results: the
# course itself or one of its variants)
QUERIES = [
    # typing errors
    ("electrotechniek", ELEKTRO),
    ("elektrotechnik", ELEKTRO),
    ("electro", ELEKTRO),
    ("zonnepanneel", "Installateur zonnepanelen"),
    ("zonnepaneel", "Installateur zonnepanelen"),
    ("warmtepomb", "Monteur warmtepompen"),
    ("warmte pomp", "Monteur warmtepompen"),
    ("instalateur", "Installateur zonnepanelen"),
    ("mechanika", MECHATRONICA),
    ("mechatronika", MECHATRONICA),
    ("lasen", LASSEN),
    ("timerman", TIMMERMAN),
    ("netwerkbeheerdr", "Netwerkbeheerder"),
    ("cybersecurety", "Cybersecurity voor operationele techniek"),
    ("glasvezelmontuer", "Glasvezelmonteur"),
    ("autotechniek", "Autotechnicus"),
    ("energieadviesur", "Energieadviseur woningbouw"),
    ("groepekast", "Groepenkasten vervangen en uitbreiden"),
    ("thuisbaterij", "Thuisbatterijen en energieopslag"),
    ("electricien", ELEKTRO),
    # words of the trade
    ("elektricien", ELEKTRO),
    ("elektricien niveau 2", "Monteur elektrotechnische installaties"),
    ("pv", "Installateur zonnepanelen"),
    ("pv panelen", "Installateur zonnepanelen"),
    ("solar", "Installateur zonnepanelen"),
    ("cv ketel", "Servicemonteur cv en warm water"),
    ("cv-ketel", "Servicemonteur cv en warm water"),
    ("loodgieter", "Monteur sanitair en dakwerk"),
    ("dakdekker", "Monteur sanitair en dakwerk"),
    ("airco", "F-gassen: veilig werken met koudemiddelen"),
    ("automonteur", "Autotechnicus"),
    ("fietsenmaker", "Fietstechnicus"),
    ("welder", LASSEN),
    ("installatiemonteur", WERKTUIGKUNDIG + ELEKTRO),
    # words that say nothing, and levels
    ("cursus lassen", "Kennismaking met lassen"),
    ("opleiding timmerman", TIMMERMAN),
    ("training plc", "PLC-programmeren basis"),
    ("vca cursus", "VCA Basis"),
    ("lassen niveau 2", ("Lasser MIG/MAG", "Lasser BMBL (elektrode)")),
    ("mechatronica niveau 4", "Technicus mechatronica"),
    (
        "monteur mbo 3",
        (
            "Eerste monteur elektrotechnische installaties",
            "Monteur middenspanning",
            "Eerste monteur werktuigkundige installaties",
            "Monteur warmtepompen",
            "Eerste monteur mechatronica",
        ),
    ),
    ("timmerman mbo-3", "Allround timmerman"),
    # several words
    ("zonnepanelen monteur", "Installateur zonnepanelen"),
    ("monteur zonnepanelen", "Installateur zonnepanelen"),
    ("zonnepanelen installeren", "Installateur zonnepanelen"),
    ("warmtepompen monteur opleiding", "Monteur warmtepompen"),
    ("laadpalen installeren", "Monteur laadpalen"),
    ("cnc frezen", "CNC-programmeren draaien en frezen"),
    ("plc programmeren", "PLC-programmeren basis"),
    ("cad tekenen", "Technisch tekenen met CAD"),
    ("tig lassen", "Lasser TIG"),
    ("mig mag", "Lasser MIG/MAG"),
    ("netwerk beheerder", "Netwerkbeheerder"),
    ("ict support", "Medewerker ICT-support"),
    ("duurzame energie", "Technicus duurzame energie"),
    ("elektrische auto", "Veilig werken aan elektrische voertuigen"),
    ("bouw uitvoerder", "Uitvoerder bouw"),
    ("ict beheer", ICT_BEHEER),
    # one word, as found in titles and fields
    ("lasser", "Allround lasser"),
    ("timmerman", TIMMERMAN),
    ("glasvezel", "Glasvezelmonteur"),
    ("cnc", CNC),
    ("linux", "Linux-systeembeheer"),
    ("ccna", "Netwerken: voorbereiding op CCNA"),
    ("laadpaal", "Monteur laadpalen"),
    ("thuisbatterij", "Thuisbatterijen en energieopslag"),
    ("grondverzet", "Machinist grondverzet"),
    ("wegenbouw", "Medewerker grond-, water- en wegenbouw"),
    ("plaatwerk", "Plaatwerker"),
    ("constructie", "Constructiewerker"),
    ("cobot", "Werken met cobots"),
    ("welding", "International Welding Specialist (IWS)"),
    ("middenspanning", "Monteur middenspanning"),
    ("sanitair", "Monteur sanitair en dakwerk"),
    ("koudemiddelen", "F-gassen: veilig werken met koudemiddelen"),
    ("f-gassen", "F-gassen: veilig werken met koudemiddelen"),
    ("nen 3140", "NEN 3140 Vakbekwaam persoon"),
    ("onderhoudsmonteur", "Onderhoudsmonteur werktuigbouw"),
    ("bedrijfsauto", "Bedrijfsautotechnicus"),
    ("fietsen", "Fietstechnicus"),
]


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """The demo's fields, providers and courses, for every query of the module."""
    with django_db_blocker.unblock():
        sectors = load_sectors()
        sector_ids = {slug: sector.pk for (slug,), sector in sectors.objects.items()}
        load_courses(demo.demo_courses(), load_providers().objects, sector_ids)
        yield
        Course.objects.filter(source=demo.SOURCE).delete()
        Provider.objects.filter(source=demo.SOURCE).delete()
        Sector.objects.all().delete()


def first_five(typed: str) -> list[str]:
    query = CatalogueForm({"q": typed}).catalogue_query()
    summary = query.summary()
    return [course.title for course in query.page("1", 5, summary).object_list]


def test_there_are_at_least_sixty_queries():
    assert len(QUERIES) >= 60
    assert len({typed for typed, _title in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("typed", "expected"), QUERIES)
def test_what_people_type_finds_what_they_mean(demo_catalogue, typed, expected):
    cache.clear()
    titles = first_five(typed)
    wanted = (expected,) if isinstance(expected, str) else expected
    # The demo has each course in variants: "Timmerman (blended)" is a Timmerman.
    assert any(title.startswith(wanted) for title in titles), f"{typed!r}: first five {titles}"


@pytest.mark.parametrize("typed", ["cursus", "opleiding", "training", "mbo", "niveau 3"])
def test_words_that_say_nothing_find_courses(demo_catalogue, typed):
    assert first_five(typed)
