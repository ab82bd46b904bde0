"""/regelingen/ (every scheme, with filters) and /regelingen/<slug>/ (one scheme), as people
read them: in Dutch, with the live status of each scheme."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from funding.models import Scheme
from tests.bad_bytes import expected_status
from tests.funding.factories import SchemeFactory
from tests.regions.factories import SectorFactory, region

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def text_of(response) -> str:
    """The page as a person reads it: the text without tags, spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.:])", r"\1", text)


def scheme_names(response) -> list[str]:
    return re.findall(
        r'<h3 class="card__title"><a href="/regelingen/[^"]+/">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def schemes():
    """A small country: national, regional (Groningen) and sector schemes in every status."""
    elektro = SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    SectorFactory(name="Zorgtechniek", slug="zorgtechniek")
    return {
        "national": SchemeFactory(name="Leerrekening Techniek"),
        "groningen": SchemeFactory(
            name="Talentfonds Groningen", level=Scheme.Level.REGIONAL, regions=[region("AM01")]
        ),
        "rijnmond": SchemeFactory(
            name="Rotterdams scholingsfonds", level=Scheme.Level.REGIONAL, regions=[region("AM22")]
        ),
        "elektro": SchemeFactory(
            name="O&O-fonds Elektro", level=Scheme.Level.SECTOR, sectors=[elektro]
        ),
        "paused": SchemeFactory(name="Gepauzeerd Fonds", status=Scheme.Status.PAUSED),
        "used_up": SchemeFactory(
            name="Leeg Fonds", budget_total=Decimal("1000"), budget_remaining=Decimal("0")
        ),
        "ended": SchemeFactory(name="Verlopen Fonds", closes_on=in_days(-1)),
        "closing": SchemeFactory(name="Bijna Dicht Fonds", closes_on=in_days(10)),
        "later": SchemeFactory(name="Later Fonds", opens_on=in_days(40)),
    }


def test_the_list_shows_every_scheme_open_ones_first(client, schemes):
    response = client.get("/regelingen/")

    assert response.status_code == 200
    names = scheme_names(response)
    assert len(names) == 9
    open_ones = {"Bijna Dicht Fonds", "Leerrekening Techniek", "Talentfonds Groningen"}
    assert open_ones <= set(names[:5])
    assert names[-2:] == ["Leeg Fonds", "Verlopen Fonds"]
    assert "9 regelingen" in text_of(response)


def test_each_scheme_shows_its_live_status_in_words(client, schemes):
    page = text_of(client.get("/regelingen/"))

    assert "Gepauzeerd Fonds Even gestopt" in page
    assert "Leeg Fonds Geld is op" in page
    assert "Verlopen Fonds Gesloten" in page
    assert f"Later Fonds Open vanaf {in_days(40):%-d}" in page
    assert "Leerrekening Techniek Open" in page


def test_a_scheme_that_closes_within_30_days_shows_its_closing_date_as_a_badge(client, schemes):
    response = client.get("/regelingen/")

    closes = in_days(10)
    badge = re.search(
        r'<span class="badge badge--warning">([^<]+)</span>', response.content.decode()
    )
    assert badge, "no closing badge"
    assert badge.group(1).startswith(f"Sluit op {closes.day} ")
    assert text_of(response).count("Sluit op") == 1


def test_a_scheme_with_no_money_left_is_shown_as_such_although_its_stored_status_is_open(
    client, schemes
):
    assert Scheme.objects.get(name="Leeg Fonds").status == Scheme.Status.OPEN

    page = text_of(client.get("/regelingen/leeg-fonds/"))

    assert "Geld is op" in page
    assert "telt niet meer mee" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("soort=regional", {"Talentfonds Groningen", "Rotterdams scholingsfonds"}),
        ("soort=sector", {"O&amp;O-fonds Elektro"}),
        ("status=closed", {"Verlopen Fonds"}),
        ("status=exhausted", {"Leeg Fonds"}),
        ("status=upcoming", {"Later Fonds"}),
        ("status=paused", {"Gepauzeerd Fonds"}),
        ("soort=regional&regio=groningen", {"Talentfonds Groningen"}),
    ],
)
def test_the_filters_narrow_the_list(client, schemes, query, expected):
    assert set(scheme_names(client.get(f"/regelingen/?{query}"))) == expected


def test_a_region_shows_national_schemes_too_but_not_those_of_other_regions(client, schemes):
    names = set(scheme_names(client.get("/regelingen/?regio=groningen")))

    assert {"Talentfonds Groningen", "Leerrekening Techniek", "O&amp;O-fonds Elektro"} <= names
    assert "Rotterdams scholingsfonds" not in names


def test_a_field_shows_schemes_for_every_field_too_but_not_those_of_other_fields(client, schemes):
    assert "O&amp;O-fonds Elektro" in scheme_names(
        client.get("/regelingen/?vakgebied=elektrotechniek")
    )
    names = scheme_names(client.get("/regelingen/?vakgebied=zorgtechniek"))
    assert "O&amp;O-fonds Elektro" not in names
    assert "Leerrekening Techniek" in names


def test_a_wrong_filter_value_is_shown_next_to_its_field_and_left_out(client, schemes):
    response = client.get("/regelingen/?regio=atlantis&status=open")

    page = text_of(response)
    assert response.status_code == 200
    assert "Kies een regio uit de lijst." in page
    assert "Controleer je antwoorden" in page
    assert "Rotterdams scholingsfonds" in page, "the wrong region is left out"
    assert "Verlopen Fonds" not in scheme_names(response), "the valid status still counts"
    assert re.search(r"<title>Fout: ", response.content.decode())


def test_htmx_gets_the_filters_and_results_alone_and_a_shareable_address(client, schemes):
    response = client.get("/regelingen/?soort=regional&regio=", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert 'id="scheme-status" data-hx-swap-oob="innerHTML"' in html
    assert "2 regelingen" in text_of(response)
    assert response["HX-Push-Url"] == "/regelingen/?soort=regional"
    assert "HX-Request" in response["Vary"]


def test_the_list_takes_the_same_number_of_queries_for_few_or_many_schemes(
    client, django_assert_max_num_queries
):
    SchemeFactory.create_batch(2, regions=[region("AM01")])
    with django_assert_max_num_queries(7) as few:
        client.get("/regelingen/?regio=groningen&vakgebied=onbekend")
    SchemeFactory.create_batch(30, regions=[region("AM01"), region("AM02")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/regelingen/?regio=groningen&vakgebied=onbekend")


def test_the_main_menu_leads_to_the_schemes(client):
    response = client.get("/")
    assert '<a class="site-nav__link" href="/regelingen/"' in response.content.decode()


class TestNoAddressBreaksTheList(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.dictionaries(
            st.sampled_from(["soort", "regio", "vakgebied", "status", "page", "x"]),
            st.text(max_size=40),
            max_size=4,
        ),
        st.booleans(),
    )
    def test_any_parameters_give_a_page(self, parameters, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        response = self.client.get("/regelingen/", parameters, headers=headers)
        assert response.status_code == expected_status(parameters.values())


# The page of one scheme


@pytest.fixture
def noorden():
    scheme = SchemeFactory(
        name="Scholingsbudget Het Noorden Leert Door",
        slug="scholingsbudget-noorden",
        funder="Het Noorden Leert Door",
        level=Scheme.Level.REGIONAL,
        summary="Geld voor een mbo-opleiding als je in het Noorden woont.",
        body="Dit fonds betaalt je opleiding.\n\nHet loket helpt je.",
        target_groups=["employed", "job_seeking"],
        certificate_kinds=["diploma"],
        learning_paths=["bbl"],
        level_ceiling=4,
        employer_required=True,
        percentage_covered=80,
        own_contribution_percentage=10,
        maximum_amount=Decimal("6000"),
        budget_total=Decimal("2400000"),
        budget_remaining=Decimal("910000"),
        opens_on=in_days(-100),
        closes_on=in_days(12),
        apply_url="https://www.noordenleertdoor.example/aanvragen/",
        is_demo=True,
        regions=[region("AM01"), region("AM02")],
        sectors=[SectorFactory(name="Elektrotechniek", slug="elektrotechniek")],
    )
    return scheme


def test_the_scheme_page_says_what_it_is_and_who_it_is_for(client, noorden):
    page = text_of(client.get("/regelingen/scholingsbudget-noorden/"))

    assert "Scholingsbudget Het Noorden Leert Door" in page
    assert "Dit fonds betaalt je opleiding." in page
    assert "Werkenden, werkzoekenden" in page
    assert "Friesland, Groningen" in page
    assert "Elektrotechniek" in page
    assert "De opleiding moet leiden tot: diploma" in page
    assert "BBL" in page
    assert "mbo 4" in page
    assert "Je werkgever moet meedoen" in page


def test_the_scheme_page_says_how_much_until_when_and_how_to_apply(client, noorden):
    response = client.get("/regelingen/scholingsbudget-noorden/")
    page = text_of(response)

    assert "80% van de kosten van de opleiding, hooguit € 6.000" in page
    assert "minstens 10% van de kosten zelf" in page
    assert "€ 910.000 van € 2.400.000" in page
    closes = in_days(12)
    assert f"Je kunt aanvragen tot en met {closes.day} " in page
    assert f"Sluit op {closes.day} " in page
    assert 'href="https://www.noordenleertdoor.example/aanvragen/"' in response.content.decode()
    assert 'href="/regelingen/check/"' in response.content.decode()


def test_demo_data_says_that_its_amounts_are_illustrative(client, noorden):
    assert "Demogegevens" in text_of(client.get("/regelingen/scholingsbudget-noorden/"))
    Scheme.objects.filter(pk=noorden.pk).update(is_demo=False)
    assert "Demogegevens" not in text_of(client.get("/regelingen/scholingsbudget-noorden/"))


def test_a_closed_scheme_says_it_no_longer_counts(client, noorden):
    Scheme.objects.filter(pk=noorden.pk).update(closes_on=in_days(-1), opens_on=in_days(-30))

    page = text_of(client.get("/regelingen/scholingsbudget-noorden/"))

    assert "Gesloten" in page
    assert "Sluit op" not in page
    assert "telt niet meer mee" in page


def test_an_unknown_scheme_is_not_found(client):
    assert client.get("/regelingen/bestaat-niet/").status_code == 404
