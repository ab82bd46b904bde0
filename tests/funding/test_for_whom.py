"""A scheme says for whom it is: individuals, employers or institutions.

A person's funding check shows only what they can apply for themselves; a scheme for
employers shows as "via je werkgever", and money for schools and projects is left out.
"""

from datetime import date
from decimal import Decimal

import pytest

from funding.engine import FITS, UNKNOWN, CourseFacts, Profile, SchemeRules, check
from funding.models import Scheme
from tests.funding.factories import SchemeFactory
from tests.funding.test_check_page import CHECK, GRONINGEN, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemes():
    return {
        "person": SchemeFactory(name="Leerrekening Techniek"),
        "employer": SchemeFactory(
            name="SLIM-subsidie", slug="slim", applicant=Scheme.Applicant.EMPLOYER
        ),
        "institution": SchemeFactory(
            name="LLO-Katalysator", slug="llo-katalysator", applicant=Scheme.Applicant.INSTITUTION
        ),
    }


def test_the_check_leaves_out_money_for_schools_and_shows_employer_schemes_via_the_employer(
    client, schemes
):
    text = text_of(client.get(CHECK, GRONINGEN).content.decode())

    assert "Leerrekening Techniek" in text
    assert "LLO-Katalysator" not in text
    may_fit = text[text.index("past misschien") :]
    assert "SLIM-subsidie Past misschien Via je werkgever" in may_fit
    assert "onbekend: via je werkgever. Je werkgever vraagt het aan" in may_fit


def test_a_scheme_page_says_who_applies(client, schemes):
    employer = client.get("/regelingen/slim/").content.decode()
    institution = client.get("/regelingen/llo-katalysator/").content.decode()

    assert "Via je werkgever: je werkgever vraagt deze regeling aan." in employer
    assert "Voor scholen en projecten: je kunt dit geld niet zelf aanvragen." in institution


def test_an_employer_scheme_pays_only_when_the_employer_takes_part():
    rules = [
        SchemeRules(id=1, name="SLIM", applicant="employer", percentage_covered=60),
        SchemeRules(id=2, name="Katalysator", applicant="institution"),
    ]
    course = CourseFacts(cost=Decimal(1000), sector="lassen", certificate_kind="diploma")
    on = date(2026, 12, 7)

    unknown = check(rules, Profile(situation="employed"), course, on)
    with_employer = check(rules, Profile(employer_involved=True), course, on)

    assert [(v.scheme.name, v.outcome) for v in unknown.verdicts] == [("SLIM", UNKNOWN)]
    assert [(v.scheme.name, v.outcome) for v in with_employer.verdicts] == [("SLIM", FITS)]
    assert [line.amount for line in with_employer.stack.lines] == [Decimal("600.00")]


def test_a_region_page_lists_only_schemes_a_person_can_get(client, schemes):
    text = text_of(client.get("/regio/groningen/").content.decode())

    assert "Leerrekening Techniek" in text
    assert "SLIM-subsidie" in text
    assert "Via je werkgever: je werkgever vraagt deze regeling aan." in text
    assert "LLO-Katalysator" not in text
