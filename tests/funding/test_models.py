"""What the database itself refuses for a funding scheme."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funding.models import Scheme

pytestmark = pytest.mark.django_db


def scheme(**values) -> Scheme:
    return Scheme.objects.create(
        name="Scholingsfonds Twente",
        slug="scholingsfonds-twente",
        funder="Regio Twente",
        level=Scheme.Level.REGIONAL,
        summary="Geld voor een opleiding in de techniek.",
        **values,
    )


@pytest.mark.parametrize("percentage", [0, 101, 150])
def test_a_scheme_covers_between_1_and_100_percent(percentage):
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme(percentage_covered=percentage)


@pytest.mark.parametrize("percentage", [1, 50, 100])
def test_a_scheme_covering_1_to_100_percent_is_accepted(percentage):
    assert scheme(percentage_covered=percentage).percentage_covered == percentage


def test_the_remaining_budget_cannot_exceed_the_total_budget():
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme(budget_total=Decimal("1000.00"), budget_remaining=Decimal("1000.01"))


def test_the_remaining_budget_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme(budget_remaining=Decimal("-0.01"))


def test_a_budget_used_up_to_zero_or_still_whole_is_accepted():
    scheme(budget_total=Decimal("1000"), budget_remaining=Decimal("1000"))
    Scheme.objects.update(budget_remaining=Decimal("0"))

    assert Scheme.objects.get().budget_remaining == 0


def test_an_unknown_budget_is_accepted():
    assert scheme(budget_total=None, budget_remaining=None).pk


def test_a_scheme_cannot_close_before_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme(opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 2, 28))


def test_a_scheme_may_open_and_close_on_the_same_day():
    day = datetime.date(2026, 3, 1)

    assert scheme(opens_on=day, closes_on=day).pk


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1")])
def test_the_maximum_amount_must_be_positive(amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme(maximum_amount=amount)


def test_a_scheme_without_a_maximum_amount_is_accepted():
    assert scheme(maximum_amount=None).maximum_amount is None


def test_a_constraint_on_update_is_enforced_too():
    scheme(budget_total=Decimal("500"), budget_remaining=Decimal("100"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.update(budget_remaining=Decimal("600"))

    assert Scheme.objects.get().budget_remaining == Decimal("100")
