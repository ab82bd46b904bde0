"""Schemes from the database become the engine's plain values, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from funding.engine import CourseFacts, Named, Outcome, Profile, check
from funding.models import Scheme
from regions.models import Region, Sector

pytestmark = pytest.mark.django_db


def make_scheme(number: int, **values) -> Scheme:
    return Scheme.objects.create(
        name=f"Fonds {number:03d}",
        slug=f"fonds-{number:03d}",
        funder="Fonds",
        level="regional",
        summary="Geld voor een opleiding.",
        **values,
    )


@pytest.fixture
def elektro() -> Sector:
    return Sector.objects.create(name="Elektrotechniek", slug="elektrotechniek")


def test_a_scheme_arrives_with_its_regions_fields_exclusions_and_rules(elektro):
    noorden = make_scheme(
        1,
        target_groups=["job_seeking"],
        certificate_kinds=["diploma"],
        learning_paths=["bbl"],
        level_ceiling=4,
        employer_required=True,
        maximum_amount=Decimal("5000"),
        percentage_covered=60,
        own_contribution_percentage=10,
        budget_remaining=Decimal("900"),
        closes_on=datetime.date(2026, 12, 31),
    )
    noorden.regions.set(Region.objects.filter(code__in=["AM02", "AM01"]))
    noorden.sectors.add(elektro)
    other = make_scheme(2)
    noorden.not_combinable_with.add(other)

    rules = {rule.slug: rule for rule in Scheme.objects.as_rules()}

    loaded = rules["fonds-001"]
    assert loaded.regions == (Named("AM02", "Friesland"), Named("AM01", "Groningen"))
    assert loaded.sectors == (Named("elektrotechniek", "Elektrotechniek"),)
    assert loaded.target_groups == frozenset({"job_seeking"})
    assert loaded.certificate_kinds == frozenset({"diploma"})
    assert loaded.learning_paths == frozenset({"bbl"})
    assert (loaded.level_ceiling, loaded.employer_required) == (4, True)
    assert (loaded.percentage_covered, loaded.own_contribution_percentage) == (60, 10)
    assert (loaded.maximum_amount, loaded.budget_remaining) == (Decimal("5000"), Decimal("900"))
    assert loaded.closes_on == datetime.date(2026, 12, 31)
    assert loaded.not_combinable_with == frozenset({other.pk})
    assert rules["fonds-002"].not_combinable_with == frozenset({noorden.pk})


def test_loading_takes_the_same_four_queries_for_two_or_forty_schemes(
    elektro, django_assert_num_queries
):
    groningen = Region.objects.get(code="AM01")
    for number in range(40):
        scheme = make_scheme(number)
        scheme.regions.add(groningen)
        scheme.sectors.add(elektro)

    with django_assert_num_queries(4):
        assert len(Scheme.objects.filter(name__in=["Fonds 000", "Fonds 001"]).as_rules()) == 2
    with django_assert_num_queries(4):
        assert len(Scheme.objects.as_rules()) == 40


def test_a_scheme_whose_budget_reached_zero_stops_counting_in_the_check(elektro):
    scheme = make_scheme(1, budget_total=Decimal("1000"), budget_remaining=Decimal("300"))
    course = CourseFacts(Decimal("1000"), "elektrotechniek", "diploma", "bbl", 3)
    on = datetime.date(2026, 3, 1)

    before = check(Scheme.objects.as_rules(), Profile("employed", "AM01", True), course, on)
    Scheme.objects.filter(pk=scheme.pk).update(budget_remaining=0)
    after = check(Scheme.objects.as_rules(), Profile("employed", "AM01", True), course, on)

    assert before.verdicts[0].outcome == Outcome.FITS
    assert before.stack.covered == Decimal("300.00")
    assert after.verdicts[0].outcome == Outcome.DOES_NOT_FIT
    assert after.stack.covered == 0


def test_a_list_written_wrongly_outside_the_admin_does_not_open_the_scheme_to_everyone():
    make_scheme(1, target_groups="job_seeking")
    make_scheme(2, target_groups=[{"group": "employed"}])

    one, two = Scheme.objects.order_by("name").as_rules()

    person = Profile("employed", "AM01", None)
    verdicts = check([one, two], person, None, datetime.date(2026, 3, 1)).verdicts
    assert one.target_groups == frozenset({"job_seeking"})
    assert [verdict.outcome for verdict in verdicts] == [Outcome.DOES_NOT_FIT] * 2


def test_a_change_to_a_scheme_its_links_or_a_region_name_shows_in_the_next_check(elektro):
    scheme = make_scheme(1)
    scheme.regions.add(Region.objects.get(code="AM01"))
    other = make_scheme(2)
    person, on = Profile("employed", "AM02", None), datetime.date(2026, 3, 1)
    first, other_first = Scheme.objects.order_by("name").as_rules()

    scheme.regions.add(Region.objects.get(code="AM02"))
    scheme.sectors.add(elektro)
    scheme.not_combinable_with.add(other)
    Region.objects.filter(code="AM02").update(name="Fryslân")
    changed, other_changed = Scheme.objects.order_by("name").as_rules()

    assert first.regions == (Named("AM01", "Groningen"),)
    assert changed.regions == (Named("AM02", "Fryslân"), Named("AM01", "Groningen"))
    assert changed.sectors == (Named("elektrotechniek", "Elektrotechniek"),)
    assert changed.not_combinable_with == frozenset({other.pk})
    assert other_first.not_combinable_with == frozenset()
    assert other_changed.not_combinable_with == frozenset({scheme.pk})
    assert check([first], person, None, on).verdicts[0].outcome == Outcome.DOES_NOT_FIT
    assert check([changed], person, None, on).verdicts[0].outcome == Outcome.UNKNOWN
    assert str(check([changed], person, None, on).verdicts[0].reasons[1]).endswith("Fryslân")
