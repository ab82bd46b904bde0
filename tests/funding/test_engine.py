"""The funding check and the funding stack, as a table of person, course and date.

The ten schemes below are a small, made-up country: each case says which schemes fit,
which may fit, why, and which schemes pay how much of the course. Reasons are compared
in English (the msgids); test_dutch_reasons checks the Dutch that people read.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.engine import (
    EXACT_SEARCH_LIMIT,
    CourseFacts,
    Named,
    Outcome,
    Profile,
    SchemeRules,
    check,
    evaluate,
    funding_stack,
)

GRONINGEN, FRIESLAND, DRENTHE = (
    Named("AM01", "Groningen"),
    Named("AM02", "Friesland"),
    Named("AM03", "Drenthe"),
)
RIJNMOND, ZUID_LIMBURG = Named("AM22", "Rijnmond"), Named("AM30", "Zuid-Limburg")
BRABANT_REGIONS = tuple(
    Named(code, name)
    for code, name in [
        ("AM25", "West-Brabant"),
        ("AM26", "Midden-Brabant"),
        ("AM27", "Noordoost-Brabant"),
        ("AM28", "Zuidoost-Brabant"),
    ]
)
ELEKTRO, INSTALLATIE = (
    Named("elektrotechniek", "Elektrotechniek"),
    Named("installatietechniek", "Installatietechniek"),
)
ADULTS = frozenset({"employed", "self_employed", "job_seeking", "returning"})

NOORDEN = SchemeRules(
    id=1,
    slug="noorden",
    name="Het Noorden Leert Door",
    level="regional",
    regions=(GRONINGEN, FRIESLAND, DRENTHE),
    target_groups=ADULTS,
    certificate_kinds=frozenset({"diploma", "mbo_certificate"}),
    level_ceiling=4,
    maximum_amount=Decimal("5000"),
    opens_on=date(2026, 1, 1),
    closes_on=date(2026, 12, 31),
    budget_remaining=Decimal("100000"),
    not_combinable_with=frozenset({2}),
)
KANSEN = SchemeRules(
    id=2,
    slug="kansen",
    name="Kansen Verzilveren",
    level="regional",
    regions=(GRONINGEN, FRIESLAND, DRENTHE),
    target_groups=frozenset({"job_seeking", "returning"}),
    maximum_amount=Decimal("2500"),
    not_combinable_with=frozenset({1}),
)
BRABANT = SchemeRules(
    id=3,
    slug="brabant",
    name="Brabant Leert",
    level="regional",
    regions=BRABANT_REGIONS,
    percentage_covered=50,
    maximum_amount=Decimal("2000"),
    budget_remaining=Decimal("0"),  # status still "open": the budget alone closes it
)
RIJNMOND_FUND = SchemeRules(
    id=4,
    slug="rijnmond",
    name="Rotterdams scholingsfonds",
    level="regional",
    regions=(RIJNMOND,),
    target_groups=frozenset({"job_seeking"}),
    maximum_amount=Decimal("3000"),
    opens_on=date(2026, 9, 1),
    budget_remaining=Decimal("1500"),
)
OO = SchemeRules(
    id=5,
    slug="oo",
    name="O&O-fonds Installatie",
    level="sector",
    sectors=(ELEKTRO, INSTALLATIE),
    employer_required=True,
    learning_paths=frozenset({"bbl", "workplace"}),
    percentage_covered=75,
    maximum_amount=Decimal("4000"),
    not_combinable_with=frozenset({6}),
)
SLIM = SchemeRules(
    id=6,
    slug="slim",
    name="SLIM",
    level="national",
    target_groups=frozenset({"employed"}),
    employer_required=True,
    percentage_covered=60,
    own_contribution_percentage=40,
    maximum_amount=Decimal("20000"),
    not_combinable_with=frozenset({5}),
)
NL_LEERT_DOOR = SchemeRules(
    id=7,
    slug="nlld",
    name="NL Leert Door",
    level="national",
    maximum_amount=Decimal("1000"),
    closes_on=date(2026, 6, 30),
)
STAP = SchemeRules(id=8, slug="stap", name="STAP", status="closed")
JTF = SchemeRules(
    id=9,
    slug="jtf",
    name="Just Transition Fund",
    level="regional",
    regions=(GRONINGEN, ZUID_LIMBURG),
    target_groups=frozenset({"employed", "job_seeking"}),
    percentage_covered=80,
    budget_remaining=Decimal("600"),
)
LLO = SchemeRules(id=10, slug="llo", name="LLO-Katalysator", status="paused")

SCHEMES = (NOORDEN, KANSEN, BRABANT, RIJNMOND_FUND, OO, SLIM, NL_LEERT_DOOR, STAP, JTF, LLO)
ALL_SLUGS = {scheme.slug for scheme in SCHEMES}


def course(cost, sector, kind, path="", level=None) -> CourseFacts:
    return CourseFacts(Decimal(cost), sector, kind, path, level)


ELEKTRO_BBL = course("4000", "elektrotechniek", "diploma", "bbl", 3)
ELEKTRO_BOL = course("4000", "elektrotechniek", "diploma", "bol", 3)
INSTALLATIE_MBO4 = course("9000", "installatietechniek", "diploma", "bbl", 4)
WELDING = course("1200", "metaal", "industry_certificate")  # no learning path, no level
ICT_BACHELOR = course("7000", "ict", "diploma", "", 6)
SHORT_PRACTICE = course("450", "installatietechniek", "mbo_certificate", "workplace", 2)
ELEKTRO_NO_LEVEL = course("3000", "elektrotechniek", "mbo_certificate", "bbl", None)
ODD_PRICE = course("1234.55", "elektrotechniek", "diploma", "bbl", 3)
FREE_TASTER = course("0", "metaal", "attendance")

MARCH = date(2026, 3, 1)
JOB_SEEKER_GRONINGEN = Profile("job_seeking", "AM01", None)
WORKER_GRONINGEN_WITH_EMPLOYER = Profile("employed", "AM01", True)
WORKER_BRABANT_WITH_EMPLOYER = Profile("employed", "AM26", True)


@dataclass
class Case:
    name: str
    profile: Profile
    course: CourseFacts | None
    on: date
    fits: str  # slugs of the schemes that fit; every scheme not in fits or unknown does not fit
    unknown: str = ""
    stack: list[tuple[str, str]] | None = None  # (slug, amount) in the order they pay
    own_contribution: str | None = None
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name


CASES = [
    Case(
        "job seeker in Groningen, mbo BBL: the regional fund pays it all",
        JOB_SEEKER_GRONINGEN,
        ELEKTRO_BBL,
        MARCH,
        fits="noorden kansen jtf nlld",
        unknown="oo",
        stack=[("noorden", "4000.00")],
        own_contribution="0.00",
        reasons={
            "noorden": [
                "fits: open until 31 December 2026",
                "fits: you live in the region Groningen",
                "fits: for job seekers",
                "fits: the course gives this certificate: diploma",
                "fits: for courses up to mbo 4 (NLQF 4)",
            ],
            "slim": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "does not fit: only for people in work",
                "unknown: ask your employer; this scheme needs your employer to take part",
            ],
            "brabant": [
                "does not fit: the money of this scheme has run out",
                "does not fit: only for people who live in the region Midden-Brabant, "
                "Noordoost-Brabant, West-Brabant or Zuidoost-Brabant",
            ],
            "stap": ["does not fit: the scheme is closed", "fits: for the whole country"],
            "llo": ["does not fit: the scheme is paused for now", "fits: for the whole country"],
            "rijnmond": [
                "does not fit: you can apply from 1 September 2026",
                "does not fit: only for people who live in the region Rijnmond",
                "fits: for job seekers",
            ],
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "unknown: ask your employer; this scheme needs your employer to take part",
                "fits: the course is in Elektrotechniek",
                "fits: the course follows this learning path: BBL (learning while working)",
            ],
        },
    ),
    Case(
        "job seeker in Groningen, expensive mbo: three schemes, the one that conflicts left out",
        JOB_SEEKER_GRONINGEN,
        INSTALLATIE_MBO4,
        MARCH,
        fits="noorden kansen jtf nlld",
        unknown="oo",
        stack=[("noorden", "5000.00"), ("jtf", "600.00"), ("nlld", "1000.00")],
        own_contribution="2400.00",
    ),
    Case(
        "worker in Groningen with employer: sector fund beats SLIM that conflicts with it",
        WORKER_GRONINGEN_WITH_EMPLOYER,
        INSTALLATIE_MBO4,
        MARCH,
        fits="noorden jtf oo slim nlld",
        stack=[("noorden", "5000.00"), ("oo", "4000.00")],
        own_contribution="0.00",
        reasons={
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "fits: your employer takes part",
                "fits: the course is in Installatietechniek",
                "fits: the course follows this learning path: BBL (learning while working)",
            ],
            "kansen": [
                "fits: the scheme is open",
                "fits: you live in the region Groningen",
                "does not fit: only for job seekers or people returning to work",
            ],
        },
    ),
    Case(
        "worker in Groningen, BOL course: the sector fund wants BBL or practice",
        WORKER_GRONINGEN_WITH_EMPLOYER,
        ELEKTRO_BOL,
        MARCH,
        fits="noorden jtf slim nlld",
        stack=[("noorden", "4000.00")],
        own_contribution="0.00",
        reasons={
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "fits: your employer takes part",
                "fits: the course is in Elektrotechniek",
                "does not fit: only for this learning path: BBL (learning while working) or "
                "third learning path (learning in practice)",
            ]
        },
    ),
    Case(
        "worker in Friesland without employer, welding certificate: only the national scheme",
        Profile("employed", "AM02", False),
        WELDING,
        MARCH,
        fits="nlld",
        stack=[("nlld", "1000.00")],
        own_contribution="200.00",
        reasons={
            "noorden": [
                "fits: open until 31 December 2026",
                "fits: you live in the region Friesland",
                "fits: for people in work",
                "does not fit: only for courses with this certificate: diploma or mbo certificate",
                "unknown: only for courses up to mbo 4 (NLQF 4); ask the provider for the level",
            ],
            "slim": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "fits: for people in work",
                "does not fit: only if your employer takes part",
            ],
            "jtf": [
                "fits: the scheme is open",
                "does not fit: only for people who live in the region Groningen or Zuid-Limburg",
                "fits: for people in work",
            ],
        },
    ),
    Case(
        "nothing known and no course: every condition is a question",
        Profile(),
        None,
        MARCH,
        fits="nlld",
        unknown="noorden kansen oo slim jtf",
        reasons={
            "noorden": [
                "fits: open until 31 December 2026",
                "unknown: only for people in the region Drenthe, Friesland or Groningen; "
                "tell us where you live",
                "unknown: only for people in work, job seekers, self-employed people or people "
                "returning to work; tell us your situation",
                "unknown: only for courses with this certificate: diploma or mbo certificate; "
                "choose a course",
                "unknown: only for courses up to mbo 4 (NLQF 4); choose a course",
            ],
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "unknown: ask your employer; this scheme needs your employer to take part",
                "unknown: only for courses in Elektrotechniek or Installatietechniek; "
                "choose a course",
                "unknown: only for this learning path: BBL (learning while working) or third "
                "learning path (learning in practice); choose a course",
            ],
            "nlld": ["fits: open until 30 June 2026", "fits: for the whole country"],
        },
    ),
    Case(
        "job seeker in Rijnmond in March: the city fund is not open yet",
        Profile("job_seeking", "AM22", None),
        ELEKTRO_BBL,
        MARCH,
        fits="nlld",
        unknown="oo",
        stack=[("nlld", "1000.00")],
        own_contribution="3000.00",
    ),
    Case(
        "job seeker in Rijnmond in October: the city fund pays what is left in its budget",
        Profile("job_seeking", "AM22", None),
        ELEKTRO_BBL,
        date(2026, 10, 1),
        fits="rijnmond",
        unknown="oo",
        stack=[("rijnmond", "1500.00")],
        own_contribution="2500.00",
        reasons={
            "rijnmond": [
                "fits: the scheme is open",
                "fits: you live in the region Rijnmond",
                "fits: for job seekers",
            ],
            "nlld": [
                "does not fit: you could apply until 30 June 2026",
                "fits: for the whole country",
            ],
        },
    ),
    Case(
        "worker in Brabant: the Brabant budget is used up, sector fund and national pay",
        WORKER_BRABANT_WITH_EMPLOYER,
        ELEKTRO_BBL,
        MARCH,
        fits="oo slim nlld",
        stack=[("oo", "3000.00"), ("nlld", "1000.00")],
        own_contribution="0.00",
        reasons={
            "brabant": [
                "does not fit: the money of this scheme has run out",
                "fits: you live in the region Midden-Brabant",
            ]
        },
    ),
    Case(
        "worker in Brabant in July: NL Leert Door has closed, the sector fund alone",
        WORKER_BRABANT_WITH_EMPLOYER,
        ELEKTRO_BBL,
        date(2026, 7, 1),
        fits="oo slim",
        stack=[("oo", "3000.00")],
        own_contribution="1000.00",
    ),
    Case(
        "worker in Brabant, bachelor in ICT: SLIM alone, the rest stays with the employer",
        WORKER_BRABANT_WITH_EMPLOYER,
        ICT_BACHELOR,
        MARCH,
        fits="slim nlld",
        stack=[("slim", "4200.00")],
        own_contribution="2800.00",
    ),
    Case(
        "worker in Brabant who does not know about the employer: SLIM is only possible",
        Profile("employed", "AM26", None),
        ICT_BACHELOR,
        MARCH,
        fits="nlld",
        unknown="slim",
        stack=[("nlld", "1000.00")],
        own_contribution="6000.00",
    ),
    Case(
        "job seeker in Groningen, a course cheaper than the fund's maximum",
        JOB_SEEKER_GRONINGEN,
        SHORT_PRACTICE,
        MARCH,
        fits="noorden kansen jtf nlld",
        unknown="oo",
        stack=[("noorden", "450.00")],
        own_contribution="0.00",
    ),
    Case(
        "pupil in Groningen: the regional funds are for adults",
        Profile("student", "AM01", None),
        SHORT_PRACTICE,
        MARCH,
        fits="nlld",
        unknown="oo",
        stack=[("nlld", "450.00")],
        own_contribution="0.00",
        reasons={
            "kansen": [
                "fits: the scheme is open",
                "fits: you live in the region Groningen",
                "does not fit: only for job seekers or people returning to work",
            ]
        },
    ),
    Case(
        "returner in Drenthe, expensive mbo",
        Profile("returning", "AM03", None),
        INSTALLATIE_MBO4,
        MARCH,
        fits="noorden kansen nlld",
        unknown="oo",
        stack=[("noorden", "5000.00"), ("nlld", "1000.00")],
        own_contribution="3000.00",
    ),
    Case(
        "returner in Drenthe next January: the northern fund has closed, Kansen Verzilveren pays",
        Profile("returning", "AM03", None),
        INSTALLATIE_MBO4,
        date(2027, 1, 15),
        fits="kansen",
        unknown="oo",
        stack=[("kansen", "2500.00")],
        own_contribution="6500.00",
        reasons={
            "noorden": [
                "does not fit: you could apply until 31 December 2026",
                "fits: you live in the region Drenthe",
                "fits: for people returning to work",
                "fits: the course gives this certificate: diploma",
                "fits: for courses up to mbo 4 (NLQF 4)",
            ]
        },
    ),
    Case(
        "job seeker in Groningen, a bachelor is above the northern fund's level",
        JOB_SEEKER_GRONINGEN,
        ICT_BACHELOR,
        MARCH,
        fits="kansen jtf nlld",
        stack=[("jtf", "600.00"), ("kansen", "2500.00"), ("nlld", "1000.00")],
        own_contribution="2900.00",
        reasons={
            "noorden": [
                "fits: open until 31 December 2026",
                "fits: you live in the region Groningen",
                "fits: for job seekers",
                "fits: the course gives this certificate: diploma",
                "does not fit: only for courses up to mbo 4 (NLQF 4)",
            ],
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "unknown: ask your employer; this scheme needs your employer to take part",
                "does not fit: only for courses in Elektrotechniek or Installatietechniek",
                "does not fit: only for this learning path: BBL (learning while working) or "
                "third learning path (learning in practice)",
            ],
        },
    ),
    Case(
        "job seeker in Groningen, course without a level: two smaller funds cover it",
        JOB_SEEKER_GRONINGEN,
        ELEKTRO_NO_LEVEL,
        MARCH,
        fits="kansen jtf nlld",
        unknown="noorden oo",
        stack=[("jtf", "600.00"), ("kansen", "2400.00")],
        own_contribution="0.00",
    ),
    Case(
        "self-employed in Zuid-Limburg: the transition fund is not for the self-employed",
        Profile("self_employed", "AM30", None),
        WELDING,
        MARCH,
        fits="nlld",
        stack=[("nlld", "1000.00")],
        own_contribution="200.00",
        reasons={
            "jtf": [
                "fits: the scheme is open",
                "fits: you live in the region Zuid-Limburg",
                "does not fit: only for people in work or job seekers",
            ],
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "unknown: ask your employer; this scheme needs your employer to take part",
                "does not fit: only for courses in Elektrotechniek or Installatietechniek",
                "does not fit: only for this learning path: BBL (learning while working) or "
                "third learning path (learning in practice)",
            ],
        },
    ),
    Case(
        "worker in Zuid-Limburg with employer: two schemes cover it, SLIM would cost more",
        Profile("employed", "AM30", True),
        WELDING,
        MARCH,
        fits="jtf slim nlld",
        stack=[("jtf", "600.00"), ("nlld", "600.00")],
        own_contribution="0.00",
    ),
    Case(
        "a free taster course: nothing to pay, nothing stacked",
        JOB_SEEKER_GRONINGEN,
        FREE_TASTER,
        MARCH,
        fits="kansen jtf nlld",
        stack=[],
        own_contribution="0.00",
        reasons={
            "noorden": [
                "fits: open until 31 December 2026",
                "fits: you live in the region Groningen",
                "fits: for job seekers",
                "does not fit: only for courses with this certificate: diploma or mbo certificate",
                "unknown: only for courses up to mbo 4 (NLQF 4); ask the provider for the level",
            ]
        },
    ),
    Case(
        "job seeker who did not say where they live: the regional funds are possible",
        Profile("job_seeking", None, None),
        ELEKTRO_BBL,
        MARCH,
        fits="nlld",
        unknown="noorden kansen jtf oo",
        stack=[("nlld", "1000.00")],
        own_contribution="3000.00",
        reasons={
            "kansen": [
                "fits: the scheme is open",
                "unknown: only for people in the region Drenthe, Friesland or Groningen; "
                "tell us where you live",
                "fits: for job seekers",
            ]
        },
    ),
    Case(
        "worker in Groningen with employer, no course yet",
        WORKER_GRONINGEN_WITH_EMPLOYER,
        None,
        MARCH,
        fits="jtf slim nlld",
        unknown="noorden oo",
        reasons={
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "fits: your employer takes part",
                "unknown: only for courses in Elektrotechniek or Installatietechniek; "
                "choose a course",
                "unknown: only for this learning path: BBL (learning while working) or third "
                "learning path (learning in practice); choose a course",
            ]
        },
    ),
    Case(
        "on its closing date a scheme still counts",
        Profile("job_seeking", "AM22", None),
        SHORT_PRACTICE,
        date(2026, 6, 30),
        fits="nlld",
        unknown="oo",
        stack=[("nlld", "450.00")],
        own_contribution="0.00",
    ),
    Case(
        "on its opening date a scheme counts",
        Profile("job_seeking", "AM22", None),
        SHORT_PRACTICE,
        date(2026, 9, 1),
        fits="rijnmond",
        unknown="oo",
        stack=[("rijnmond", "450.00")],
        own_contribution="0.00",
    ),
    Case(
        "someone in another situation without an employer: only the national scheme",
        Profile("other", "AM01", False),
        INSTALLATIE_MBO4,
        MARCH,
        fits="nlld",
        stack=[("nlld", "1000.00")],
        own_contribution="8000.00",
        reasons={
            "oo": [
                "fits: the scheme is open",
                "fits: for the whole country",
                "does not fit: only if your employer takes part",
                "fits: the course is in Installatietechniek",
                "fits: the course follows this learning path: BBL (learning while working)",
            ]
        },
    ),
    Case(
        "worker in Groningen with employer, cheap course: one fund, four not needed",
        WORKER_GRONINGEN_WITH_EMPLOYER,
        SHORT_PRACTICE,
        MARCH,
        fits="noorden jtf oo slim nlld",
        stack=[("noorden", "450.00")],
        own_contribution="0.00",
    ),
    Case(
        "an odd price is shared to the cent",
        WORKER_BRABANT_WITH_EMPLOYER,
        ODD_PRICE,
        MARCH,
        fits="oo slim nlld",
        stack=[("oo", "925.91"), ("nlld", "308.64")],
        own_contribution="0.00",
    ),
    Case(
        "job seeker in Zuid-Limburg, cheap course: one scheme is enough",
        Profile("job_seeking", "AM30", None),
        SHORT_PRACTICE,
        MARCH,
        fits="jtf nlld",
        unknown="oo",
        stack=[("nlld", "450.00")],
        own_contribution="0.00",
    ),
    Case(
        "worker in Groningen who does not know about the employer, expensive mbo",
        Profile("employed", "AM01", None),
        INSTALLATIE_MBO4,
        MARCH,
        fits="noorden jtf nlld",
        unknown="oo slim",
        stack=[("noorden", "5000.00"), ("jtf", "600.00"), ("nlld", "1000.00")],
        own_contribution="2400.00",
    ),
    Case(
        "job seeker in Groningen after every scheme has ended",
        JOB_SEEKER_GRONINGEN,
        ELEKTRO_BBL,
        date(2027, 1, 1),
        fits="kansen jtf",
        unknown="oo",
        stack=[("jtf", "600.00"), ("kansen", "2500.00")],
        own_contribution="900.00",
    ),
    Case(
        "worker in Brabant, expensive mbo: SLIM alone beats the sector fund with NL Leert Door",
        WORKER_BRABANT_WITH_EMPLOYER,
        INSTALLATIE_MBO4,
        MARCH,
        fits="oo slim nlld",
        stack=[("slim", "5400.00")],
        own_contribution="3600.00",
    ),
]


def run(case: Case):
    with translation.override("en"):
        return check(SCHEMES, case.profile, case.course, case.on)


def test_the_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_scheme_gets_the_expected_verdict(case):
    verdicts = {verdict.scheme.slug: verdict.outcome for verdict in run(case).verdicts}

    fits, unknown = set(case.fits.split()), set(case.unknown.split())
    expected = {
        slug: Outcome.FITS
        if slug in fits
        else Outcome.UNKNOWN
        if slug in unknown
        else (Outcome.DOES_NOT_FIT)
        for slug in ALL_SLUGS
    }
    assert verdicts == expected


@pytest.mark.parametrize("case", [case for case in CASES if case.reasons], ids=str)
def test_every_rule_gives_its_reason(case):
    result = run(case)

    with translation.override("en"):
        reasons = {
            verdict.scheme.slug: [str(reason).replace("\xa0", " ") for reason in verdict.reasons]
            for verdict in result.verdicts
        }
    for slug, expected in case.reasons.items():
        assert reasons[slug] == expected, slug


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_stack_pays_the_expected_amounts_and_the_person_the_rest(case):
    stack = run(case).stack

    if case.course is None:
        assert stack is None
        return
    assert [(line.scheme.slug, line.amount) for line in stack.lines] == [
        (slug, Decimal(amount)) for slug, amount in case.stack
    ]
    assert stack.own_contribution == Decimal(case.own_contribution)
    assert stack.covered + stack.own_contribution == case.course.cost
    assert stack.exact


def case_named(start: str) -> Case:
    return next(case for case in CASES if case.name.startswith(start))


def explained(stack) -> dict[str, str]:
    with translation.override("en"):
        return {
            line.scheme.slug: line.explanation_text.replace("\xa0", " ") for line in stack.lines
        }


def left_out(stack) -> dict[str, str]:
    with translation.override("en"):
        return {item.scheme.slug: str(item.reason) for item in stack.left_out}


def test_each_line_of_the_stack_explains_its_amount():
    stack = run(case_named("job seeker in Groningen, expensive mbo")).stack

    assert explained(stack) == {
        "noorden": "Pays 100% of the cost of € 9,000: € 9,000. Pays at most € 5,000.",
        "jtf": "Pays 80% of the cost of € 9,000: € 7,200. Only € 600 is left in its budget.",
        "nlld": "Pays 100% of the cost of € 9,000: € 9,000. Pays at most € 1,000.",
    }


def test_a_line_says_when_the_schemes_before_it_left_less_to_cover():
    stack = run(case_named("job seeker in Groningen, course without a level")).stack

    assert explained(stack)["kansen"] == (
        "Pays 100% of the cost of € 3,000: € 3,000. Pays at most € 2,500. "
        "Only € 2,400 was left to cover."
    )


def test_a_line_says_when_the_budget_limits_the_amount():
    stack = run(case_named("job seeker in Rijnmond in October")).stack

    assert explained(stack) == {
        "rijnmond": "Pays 100% of the cost of € 4,000: € 4,000. Pays at most € 3,000. "
        "Only € 1,500 is left in its budget."
    }


def test_a_scheme_that_may_not_be_combined_is_left_out_with_the_reason():
    stack = run(case_named("worker in Groningen with employer: sector fund")).stack

    assert left_out(stack) == {
        "jtf": "Not used: it would not add to what is covered.",
        "slim": "Not used: it cannot be combined with O&O-fonds Installatie.",
        "nlld": "Not used: it would not add to what is covered.",
    }


def test_a_scheme_with_an_own_contribution_is_left_out_when_others_cover_more():
    stack = run(case_named("worker in Zuid-Limburg with employer")).stack

    assert left_out(stack) == {
        "slim": "Not used: you would have to pay 40% yourself, so less is covered."
    }


def test_the_stack_says_that_a_scheme_asks_for_an_own_contribution():
    stack = run(case_named("worker in Brabant, bachelor in ICT")).stack

    with translation.override("en"):
        notes = [str(note) for note in stack.notes]
    assert notes == ["SLIM asks you or your employer to pay at least 40% yourselves."]


def test_schemes_that_may_fit_are_listed_with_what_they_could_pay_and_what_to_ask():
    stack = run(case_named("job seeker who did not say where they live")).stack

    with translation.override("en"):
        possible = [
            (item.scheme.slug, item.could_pay, [str(reason) for reason in item.conditions])
            for item in stack.possible
        ]
    assert possible == [
        (
            "noorden",
            Decimal("4000.00"),
            [
                "unknown: only for people in the region Drenthe, Friesland or Groningen; "
                "tell us where you live"
            ],
        ),
        (
            "jtf",
            Decimal("600.00"),
            [
                "unknown: only for people in the region Groningen or Zuid-Limburg; "
                "tell us where you live"
            ],
        ),
        (
            "kansen",
            Decimal("2500.00"),
            [
                "unknown: only for people in the region Drenthe, Friesland or Groningen; "
                "tell us where you live"
            ],
        ),
        (
            "oo",
            Decimal("3000.00"),
            ["unknown: ask your employer; this scheme needs your employer to take part"],
        ),
    ]


def test_verdicts_come_in_application_order_regional_then_sector_then_national():
    names = [verdict.scheme.name for verdict in run(CASES[0]).verdicts]

    assert names == [
        "Brabant Leert",
        "Het Noorden Leert Door",
        "Just Transition Fund",
        "Kansen Verzilveren",
        "Rotterdams scholingsfonds",
        "O&O-fonds Installatie",
        "LLO-Katalysator",
        "NL Leert Door",
        "SLIM",
        "STAP",
    ]


def test_the_order_the_schemes_come_in_does_not_change_the_result():
    case = case_named("job seeker in Groningen, course without a level")
    forwards = check(SCHEMES, case.profile, case.course, case.on)
    backwards = check(tuple(reversed(SCHEMES)), case.profile, case.course, case.on)

    assert forwards == backwards


def test_dutch_reasons_read_as_in_the_issue():
    with translation.override("nl"):
        groningen = evaluate(NOORDEN, JOB_SEEKER_GRONINGEN, ELEKTRO_BBL, MARCH)
        worker = evaluate(KANSEN, WORKER_GRONINGEN_WITH_EMPLOYER, None, MARCH)
        employer = evaluate(OO, JOB_SEEKER_GRONINGEN, ELEKTRO_BBL, MARCH)
        assert "past: je woont in de regio Groningen" in [str(r) for r in groningen.reasons]
        assert "past niet: alleen voor werkzoekenden of herintreders" in [
            str(r) for r in worker.reasons
        ]
        assert [str(r) for r in employer.reasons if r.outcome == Outcome.UNKNOWN] == [
            "onbekend: vraag je werkgever. Je werkgever moet meedoen aan deze regeling."
        ]


def test_dutch_amounts_use_a_decimal_comma_and_leave_out_zero_cents():
    stack = run(case_named("an odd price")).stack

    with translation.override("nl"):
        lines = [line.explanation_text.replace("\xa0", " ") for line in stack.lines]
    assert lines == [
        "Betaalt 75% van de kosten van € 1.234,55: € 925,91.",
        "Betaalt 100% van de kosten van € 1.234,55: € 1.234,55. Betaalt niet meer dan € 1.000. "
        "Er was nog maar € 308,64 over om te betalen.",
    ]


# The stack search, checked against the plainest possible search over every subset.

money = st.integers(min_value=1, max_value=8000).map(Decimal)


@st.composite
def scheme_sets(draw, most: int = 8):
    count = draw(st.integers(min_value=0, max_value=most))
    schemes = []
    for index in range(count):
        percentage = draw(st.sampled_from([25, 50, 60, 75, 80, 100]))
        schemes.append(
            SchemeRules(
                id=index + 1,
                name=f"Regeling {index + 1:02d}",
                level=draw(st.sampled_from(["regional", "sector", "national"])),
                percentage_covered=percentage,
                own_contribution_percentage=draw(
                    st.sampled_from([0, 0, 0, min(10, 100 - percentage), 100 - percentage])
                ),
                maximum_amount=draw(st.none() | money),
                budget_remaining=draw(st.none() | money),
                not_combinable_with=frozenset(
                    draw(st.sets(st.integers(min_value=1, max_value=count), max_size=2))
                    - {index + 1}
                ),
            )
        )
    # Not combinable works both ways, as the admin's symmetrical field stores it.
    pairs = {(s.id, o) for s in schemes for o in s.not_combinable_with}
    return [
        SchemeRules(
            **{
                **scheme.__dict__,
                "not_combinable_with": frozenset(
                    {o for i, o in pairs if i == scheme.id}
                    | {i for i, o in pairs if o == scheme.id}
                ),
            }
        )
        for scheme in schemes
    ]


def best_by_brute_force(schemes, cost: Decimal) -> Decimal:
    best = Decimal(0)
    for size in range(1, len(schemes) + 1):
        for subset in combinations(schemes, size):
            ids = {scheme.id for scheme in subset}
            if any(scheme.not_combinable_with & ids for scheme in subset):
                continue
            cap = min(scheme.cap(cost) for scheme in subset)
            best = max(best, min(cap, sum(scheme.potential(cost) for scheme in subset)))
    return best


def all_fit(schemes):
    return [evaluate(scheme, Profile(), None, MARCH) for scheme in schemes]


@settings(max_examples=150, deadline=None)
@given(schemes=scheme_sets(), cost=money)
def test_the_stack_covers_as_much_as_the_best_combination_of_all(schemes, cost):
    stack = funding_stack(all_fit(schemes), cost)

    assert stack.covered == best_by_brute_force(schemes, cost)


@settings(max_examples=150, deadline=None)
@given(schemes=scheme_sets(most=20), cost=money)
def test_the_stack_never_pays_more_than_the_cost_nor_combines_what_may_not_be(schemes, cost):
    stack = funding_stack(all_fit(schemes), cost)

    ids = {line.scheme.id for line in stack.lines}
    assert all(not (line.scheme.not_combinable_with & ids) for line in stack.lines)
    assert all(Decimal(0) < line.amount <= line.scheme.potential(cost) for line in stack.lines)
    assert stack.covered == sum(line.amount for line in stack.lines)
    assert stack.covered + stack.own_contribution == cost
    assert stack.covered <= min([cost, *(line.scheme.cap(cost) for line in stack.lines)])


def test_beyond_the_limit_of_candidates_the_stack_is_built_step_by_step_and_says_so():
    many = [
        SchemeRules(id=i, name=f"Fonds {i:02d}", maximum_amount=Decimal(100 + i))
        for i in range(1, EXACT_SEARCH_LIMIT + 3)
    ]

    stack = funding_stack(all_fit(many), Decimal("1000"))

    assert not stack.exact
    assert stack.covered == Decimal("1000.00")
    assert [line.scheme.name for line in stack.lines][:2] == ["Fonds 25", "Fonds 26"]
    with translation.override("en"):
        assert "there may be a better one" in str(stack.notes[-1])


def test_a_course_that_costs_nothing_needs_no_scheme():
    stack = run(case_named("a free taster course")).stack

    assert stack.lines == ()
    assert stack.covered == stack.own_contribution == Decimal("0")


def test_a_negative_cost_is_refused():
    with pytest.raises(ValueError):
        course("-1", "metaal", "attendance")
