"""The search for the funding stack gives exactly the answer of the plainest search.

The specification is a brute force over every subset of the fitting schemes: the set that
covers the most; on a tie the set with fewer schemes; then the first set in application
order. The engine's branch and bound must choose the very same schemes, so the same lines,
amounts and reasons follow.
"""

from datetime import date
from decimal import Decimal
from itertools import combinations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from funding.engine import EXACT_SEARCH_LIMIT, Profile, SchemeRules, evaluate, funding_stack

MARCH = date(2026, 3, 1)
# Few distinct amounts, so that many sets cover the same: the tie-breaking rules then decide.
amounts = st.sampled_from([100, 250, 300, 500, 750, 1000, 1250, 2000]).map(Decimal)
costs = st.one_of(
    st.integers(min_value=1, max_value=5000).map(Decimal),
    st.integers(min_value=1, max_value=500_000).map(lambda cents: Decimal(cents) / 100),
    st.integers(min_value=1, max_value=5_000_000).map(lambda mills: Decimal(mills) / 1000),
)


@st.composite
def scheme_sets(draw, most: int):
    count = draw(st.integers(min_value=0, max_value=most))
    conflicts = draw(
        st.sets(st.tuples(st.integers(1, max(count, 1)), st.integers(1, max(count, 1))))
    )
    schemes = []
    for number in range(1, count + 1):
        percentage = draw(st.sampled_from([25, 50, 60, 75, 80, 100]))
        schemes.append(
            SchemeRules(
                id=number,
                name=draw(st.sampled_from(["Alfa", "Beta", "Gamma"])) + f" {number:02d}",
                level=draw(st.sampled_from(["regional", "sector", "national"])),
                percentage_covered=percentage,
                own_contribution_percentage=draw(
                    st.sampled_from([0, 0, 0, min(10, 100 - percentage), 100 - percentage])
                ),
                maximum_amount=draw(st.none() | amounts),
                budget_remaining=draw(st.none() | amounts),
                # Not combinable works both ways, as the admin's symmetrical field stores it.
                not_combinable_with=frozenset(
                    {b for a, b in conflicts if a == number}
                    | {a for a, b in conflicts if b == number}
                )
                - {number},
            )
        )
    return draw(st.permutations(schemes))


def best_by_brute_force(schemes, cost: Decimal) -> list[int]:
    """The ids of the best set of the schemes that could pay, over every subset (empty too)."""
    ordered = sorted(schemes, key=lambda scheme: scheme.application_order)
    candidates = [scheme for scheme in ordered if scheme.potential(cost) > 0]
    best_key, best = None, []
    for size in range(len(candidates) + 1):
        for indexes in combinations(range(len(candidates)), size):
            subset = [candidates[i] for i in indexes]
            ids = {scheme.id for scheme in subset}
            if any(scheme.not_combinable_with & ids for scheme in subset):
                continue
            cap = min([cost, *(scheme.cap(cost) for scheme in subset)])
            covered = min(cap, sum(scheme.potential(cost) for scheme in subset))
            key = (-covered, size, indexes)
            if best_key is None or key < best_key:
                best_key, best = key, [scheme.id for scheme in subset]
    return best


def all_fit(schemes):
    return [evaluate(scheme, Profile(), None, MARCH) for scheme in schemes]


@settings(max_examples=400, deadline=None)
@given(schemes=scheme_sets(most=10), cost=costs)
# Pays € 0,01 of € 0,02 but asks 75% (rounded: € 0,02) from the person: covers nothing.
@example(
    schemes=[
        SchemeRules(id=1, name="Alfa 01", percentage_covered=25, own_contribution_percentage=75)
    ],
    cost=Decimal("0.02"),
)
def test_the_stack_chooses_exactly_the_schemes_a_search_over_every_subset_chooses(schemes, cost):
    stack = funding_stack(all_fit(schemes), cost)

    assert stack.exact
    assert [line.scheme.id for line in stack.lines] == best_by_brute_force(schemes, cost)


def fund(number: int, maximum: int, **rules) -> SchemeRules:
    return SchemeRules(
        id=number, name=f"Fonds {number:02d}", maximum_amount=Decimal(maximum), **rules
    )


def test_of_many_equal_schemes_the_first_ones_in_application_order_are_chosen():
    schemes = [fund(number, 100) for number in range(1, EXACT_SEARCH_LIMIT + 1)]

    stack = funding_stack(all_fit(schemes), Decimal("1000"))

    assert stack.exact
    assert [line.scheme.name for line in stack.lines] == [f"Fonds {n:02d}" for n in range(1, 11)]


def test_a_set_of_fewer_schemes_wins_over_a_set_that_covers_as_much_with_more():
    schemes = [fund(1, 300), fund(2, 300), fund(3, 400), fund(4, 600)]

    stack = funding_stack(all_fit(schemes), Decimal("1000"))

    assert [line.scheme.name for line in stack.lines] == ["Fonds 03", "Fonds 04"]
    assert stack.covered == Decimal("1000.00")


def test_schemes_that_may_not_be_combined_are_left_out_even_when_they_pay_most():
    schemes = [
        fund(1, 700, not_combinable_with=frozenset({2, 3})),
        fund(2, 400, not_combinable_with=frozenset({1})),
        fund(3, 400, not_combinable_with=frozenset({1})),
        fund(4, 200),
    ]

    stack = funding_stack(all_fit(schemes), Decimal("1000"))

    assert [line.scheme.name for line in stack.lines] == ["Fonds 02", "Fonds 03", "Fonds 04"]
