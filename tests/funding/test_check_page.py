"""The funding check on /regelingen/check/ and the funding on the course page.

A person answers three questions (situation, municipality, optionally a course) and sees
which schemes fit, with a reason for every yes and no, and for a course who pays which
part and what is left for them. As people read it: in Dutch.
"""

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
from poort.vocabulary import CertificateKind, LearningPath
from tests.bad_bytes import expected_status
from tests.funding.factories import SchemeFactory
from tests.regions.factories import SectorFactory, region
from tests.trajectories.factories import CourseFactory

pytestmark = pytest.mark.django_db

CHECK = "/regelingen/check/"
GRONINGEN = {"situatie": "employed", "gemeente": "Groningen"}
MINUS = "\N{MINUS SIGN}"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.:])", r"\1", text)


def section(html: str, heading_start: str) -> str:
    """The text from a heading that starts with these words to the next heading of a group."""
    text = text_of(html)
    start = text.index(heading_start)
    ends = [
        text.find(marker, start + len(heading_start))
        for marker in (
            "Deze regeling",
            "Deze regelingen",
            "regeling past niet",
            "regelingen passen niet",
        )
    ]
    ends = [end for end in ends if end > start]
    return text[start : min(ends, default=len(text))]


def table_rows(html: str) -> list[str]:
    table = re.search(r"<table.*?</table>", html, flags=re.S).group(0)
    return [text_of(row) for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)]


@pytest.fixture
def elektro():
    return SectorFactory(name="Elektrotechniek", slug="elektrotechniek")


@pytest.fixture
def course(elektro):
    return CourseFactory(
        title="Eerste monteur elektrotechnische installaties",
        slug="eerste-monteur",
        sector=elektro,
        price=Decimal("6000.00"),
        certificate_kind=CertificateKind.DIPLOMA,
        learning_path=LearningPath.BBL,
    )


@pytest.fixture
def schemes(elektro):
    return {
        "groningen": SchemeFactory(
            name="Talentfonds Groningen",
            level=Scheme.Level.REGIONAL,
            regions=[region("AM01")],
            target_groups=["employed", "job_seeking"],
            maximum_amount=Decimal("3000"),
            closes_on=in_days(20),
        ),
        "national": SchemeFactory(
            name="Leerrekening Techniek", percentage_covered=50, maximum_amount=Decimal("2000")
        ),
        "sector": SchemeFactory(
            name="O&O-fonds Elektro",
            level=Scheme.Level.SECTOR,
            sectors=[elektro],
            employer_required=True,
            percentage_covered=75,
            maximum_amount=Decimal("4000"),
        ),
        "rijnmond": SchemeFactory(
            name="Rotterdams scholingsfonds", level=Scheme.Level.REGIONAL, regions=[region("AM22")]
        ),
        "job_seekers": SchemeFactory(name="Werkzoekendenfonds", target_groups=["job_seeking"]),
        "used_up": SchemeFactory(
            name="Leeg Fonds", budget_total=Decimal("1000"), budget_remaining=Decimal("0")
        ),
        "ended": SchemeFactory(name="Verlopen Fonds", closes_on=in_days(-1)),
    }


def test_three_answers_show_every_scheme_with_a_reason_for_every_yes_and_no(client, schemes):
    html = client.get(CHECK, GRONINGEN).content.decode()

    fits = section(html, "Deze regelingen passen bij je (2)")
    assert "Talentfonds Groningen" in fits
    assert "past: je woont in de regio Groningen" in fits
    assert "past: voor werkenden" in fits
    assert "Leerrekening Techniek" in fits
    assert "past: voor heel Nederland" in fits

    may_fit = section(html, "Deze regeling past misschien bij je (1)")
    assert "O&O-fonds Elektro" in may_fit
    assert "onbekend: vraag je werkgever" in may_fit
    assert (
        "onbekend: alleen voor opleidingen in Elektrotechniek. Kies eerst een opleiding." in may_fit
    )

    does_not_fit = section(html, "4 regelingen passen niet bij je, en waarom")
    assert "past niet: alleen voor mensen die wonen in de regio Rijnmond" in does_not_fit
    assert "past niet: alleen voor werkzoekenden" in does_not_fit
    assert "past niet: het geld van deze regeling is op" in does_not_fit
    assert "past niet: je kon aanvragen tot en met" in does_not_fit


def test_fitting_schemes_come_first_then_those_that_may_fit_then_the_rest(client, schemes):
    text = text_of(client.get(CHECK, GRONINGEN).content.decode())

    positions = [
        text.index(heading)
        for heading in ("passen bij je (2)", "past misschien bij je (1)", "passen niet bij je")
    ]
    assert positions == sorted(positions)


def test_with_a_course_a_table_shows_the_cost_each_schemes_part_and_what_is_left(
    client, schemes, course
):
    html = client.get(CHECK, GRONINGEN | {"opleiding": "eerste monteur"}).content.decode()

    assert table_rows(html) == [
        "Kosten en wie betaalt Bedrag Zo hebben we het berekend",
        "Kosten van de opleiding € 6.000 De prijs die de opleider vraagt.",
        f"Talentfonds Groningen {MINUS} € 3.000 Betaalt 100% van de kosten van € 6.000: € 6.000. "
        "Betaalt niet meer dan € 3.000.",
        f"Leerrekening Techniek {MINUS} € 2.000 Betaalt 50% van de kosten van € 6.000: € 3.000. "
        "Betaalt niet meer dan € 2.000.",
        "Wat je zelf betaalt € 1.000 Dit betaal je zelf, of je werkgever betaalt het.",
    ]
    assert "<caption" in html
    assert html.count('<th scope="row">') == 4
    assert html.count('<th scope="col"') == 3
    assert "Je betaalt zelf € 1.000." in text_of(html)
    assert "O&O-fonds Elektro: tot € 4.000" in text_of(html), "a scheme that may pay is named"


def test_a_scheme_whose_money_runs_out_stops_counting_in_the_check_and_the_stack(
    client, schemes, course
):
    answers = GRONINGEN | {"opleiding": "eerste monteur"}
    Scheme.objects.filter(name="Talentfonds Groningen").update(budget_remaining=Decimal("0"))

    html = client.get(CHECK, answers).content.decode()

    rows = table_rows(html)
    assert not any("Talentfonds" in row for row in rows)
    assert rows[-1].startswith("Wat je zelf betaalt € 4.000")
    assert "past niet: het geld van deze regeling is op" in section(html, "passen niet bij je")


def test_a_scheme_past_its_closing_date_stops_counting(client, schemes, course):
    Scheme.objects.filter(name="Talentfonds Groningen").update(closes_on=in_days(-1))

    html = client.get(CHECK, GRONINGEN | {"opleiding": "eerste monteur"}).content.decode()

    assert table_rows(html)[-1].startswith("Wat je zelf betaalt € 4.000")


def test_a_fitting_scheme_that_closes_within_30_days_shows_its_date(client, schemes):
    text = text_of(client.get(CHECK, GRONINGEN).content.decode())

    closes = in_days(20)
    assert re.search(rf"Talentfonds Groningen Past Sluit op {closes.day} \w+ past:", text)


def test_a_free_course_needs_no_funding(client, schemes, course):
    course.price = Decimal("0")
    course.save()

    text = text_of(client.get(CHECK, GRONINGEN | {"opleiding": "eerste monteur"}).content.decode())

    assert "Deze opleiding is gratis. Je betaalt er niets voor." in text


def test_the_answers_are_kept_for_the_course_pages(client, schemes):
    client.get(CHECK, {"situatie": "job_seeking", "gemeente": "groningen"})

    assert client.session["profile"] == {"situation": "job_seeking", "municipality": "GM0014"}


def test_a_name_of_several_municipalities_asks_which_one(client, schemes):
    html = client.get(CHECK, {"situatie": "employed", "gemeente": "Bergen"}).content.decode()

    assert "Er zijn meer gemeenten met deze naam. Kies hieronder jouw gemeente." in text_of(html)
    codes = set(re.findall(r'name="gemeente_code" id="[^"]+" value="(GM[0-9]{4})"', html))
    assert len(codes) == 2

    chosen = "GM0373"  # Bergen (NH.), in Noord-Holland Noord
    html = client.get(
        CHECK, {"situatie": "employed", "gemeente": "Bergen", "gemeente_code": chosen}
    ).content.decode()
    assert "(regio Noord-Holland Noord)" in text_of(html)
    assert client.session["profile"]["municipality"] == chosen


def test_an_unknown_municipality_is_shown_next_to_the_field_and_at_the_top(client, schemes):
    response = client.get(CHECK, {"situatie": "employed", "gemeente": "Atlantis"})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Fout: ", html)
    summary = re.search(r'<a href="#id_gemeente">In welke gemeente woon je\?: ([^<]+)</a>', html)
    assert summary, "the error summary links to the field"
    message = summary.group(1)
    assert "gemeente" in message and "niet" in message
    assert re.search(rf'id="id_gemeente_error">.*{re.escape(message)}', html)
    assert 'value="Atlantis"' in html, "what the person typed stays"
    assert "Wat bij je past" not in html
    assert "profile" not in client.session


def test_every_question_but_the_course_must_be_answered(client, schemes):
    text = text_of(client.get(CHECK, {"opleiding": ""}).content.decode())

    assert "Kies de situatie die het best bij je past." in text
    assert "Typ de naam van je gemeente." in text


def test_words_that_fit_several_courses_ask_which_one(client, schemes, elektro):
    first = CourseFactory(title="Monteur laadpalen", slug="laadpalen-noord", sector=elektro)
    CourseFactory(title="Monteur laadpalen", slug="laadpalen-zuid", sector=elektro)

    html = client.get(CHECK, GRONINGEN | {"opleiding": "laadpalen"}).content.decode()

    assert "Er zijn meer opleidingen met deze woorden." in text_of(html)
    assert set(re.findall(r'name="course" id="[^"]+" value="([^"]+)"', html)) == {
        "laadpalen-noord",
        "laadpalen-zuid",
    }
    html = client.get(
        CHECK, GRONINGEN | {"opleiding": "laadpalen", "course": first.slug}
    ).content.decode()
    assert "Wie betaalt wat voor Monteur laadpalen" in text_of(html)
    assert first.provider.name in text_of(html)


def test_words_that_fit_no_course_say_so(client, schemes, course):
    text = text_of(client.get(CHECK, GRONINGEN | {"opleiding": "ballet"}).content.decode())

    assert "We vinden geen opleiding met deze woorden." in text


def test_the_link_from_a_course_page_fills_in_the_course(client, schemes, course):
    html = client.get(CHECK, {"course": course.slug}).content.decode()

    assert f'value="{course.title}"' in html
    assert f'name="course" value="{course.slug}"' in html
    assert "Wat bij je past" not in html, "the other questions come first"


def test_with_a_known_profile_the_link_from_a_course_page_answers_at_once(client, schemes, course):
    session = client.session
    session["profile"] = {"situation": "employed", "municipality": "GM0014"}
    session.save()

    html = client.get(CHECK, {"course": course.slug}).content.decode()

    assert 'value="Groningen"' in html
    assert "Wie betaalt wat voor Eerste monteur elektrotechnische installaties" in text_of(html)


def test_htmx_gets_the_form_and_the_answer_alone_and_an_announcement(client, schemes):
    response = client.get(CHECK, GRONINGEN, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "data-focus-after-swap" in html
    assert re.search(
        r'<p id="check-status" data-hx-swap-oob="innerHTML">\s*'
        r"Past: 2\. Past misschien: 1\. Past niet: 4\.",
        html,
    )
    assert "HX-Request" in response["Vary"]
    plain = text_of(client.get(CHECK, GRONINGEN).content.decode())
    assert section(html, "Deze regelingen passen bij je") == section(
        plain, "Deze regelingen passen bij je"
    )


def test_htmx_with_an_error_gets_the_error_summary(client, schemes):
    html = client.get(
        CHECK, {"gemeente": "Groningen"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert 'class="error-summary"' in html
    assert "Controleer je antwoorden" in text_of(html)


def test_the_check_answers_only_get(client):
    assert client.post(CHECK, GRONINGEN).status_code == 405


class TestNoAddressBreaksTheCheck(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.dictionaries(
            st.sampled_from(["situatie", "gemeente", "gemeente_code", "opleiding", "course"]),
            st.one_of(
                st.text(max_size=300),
                st.sampled_from(["employed", "Bergen", "GM0014", "'s-Gravenhage", "lasser"]),
            ),
            max_size=5,
        ),
        st.booleans(),
    )
    def test_any_answers_give_a_page(self, parameters, htmx):
        SchemeFactory()
        headers = {"HX-Request": "true"} if htmx else {}
        response = self.client.get(CHECK, parameters, headers=headers)
        assert response.status_code == expected_status(parameters.values())


# The course page


def test_the_course_page_shows_the_funding_when_the_profile_is_known(client, schemes, course):
    client.get(CHECK, GRONINGEN)

    html = client.get(f"/opleidingen/{course.slug}/").content.decode()

    text = text_of(html)
    assert "Mogelijk te financieren" in text
    quoted = "\N{LEFT SINGLE QUOTATION MARK}Ik heb werk\N{RIGHT SINGLE QUOTATION MARK}"
    assert f"Voor jou ({quoted}, in Groningen)" in text
    assert table_rows(html)[-1].startswith("Wat je zelf betaalt € 1.000")
    assert f'href="/regelingen/check/?course={course.slug}"' in html


def test_without_a_profile_the_course_page_invites_to_the_check(client, schemes, course):
    html = client.get(f"/opleidingen/{course.slug}/").content.decode()

    assert "Mogelijk te financieren" not in text_of(html)
    assert "Check je financiering voor deze opleiding" in text_of(html)
    assert f'href="/regelingen/check/?course={course.slug}"' in html


def test_a_broken_profile_in_the_session_is_ignored(client, schemes, course):
    session = client.session
    session["profile"] = {"situation": "astronaut", "municipality": ["GM0014"]}
    session.save()

    assert client.get(f"/opleidingen/{course.slug}/").status_code == 200
    assert client.get(CHECK, {"course": course.slug}).status_code == 200


def test_the_course_page_lists_no_scheme_whose_money_ran_out_or_that_closed(
    client, schemes, course
):
    text = text_of(client.get(f"/opleidingen/{course.slug}/").content.decode())

    assert "Leerrekening Techniek" in text
    assert "Leeg Fonds" not in text
    assert "Verlopen Fonds" not in text
