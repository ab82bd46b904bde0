"""How long a full funding check takes, and how many SQL queries it needs.

A full check is what a page does: load every scheme (Scheme.objects.as_rules()), evaluate
each for one person and course on one date, and build the funding stack. The bench puts
50 and 500 schemes with random (seeded) rules in the database, times 200 random checks for
each, and prints p50, p95 and the slowest check in milliseconds, with the queries per
check. Target: p95 at most 20 ms with 500 schemes, and the same number of queries for 50.
It prints figures; it does not assert.

It then times the search for the funding stack alone, on the fitting schemes of the same
checks (every one searched exactly, whatever the limit), against the search as it was
before it pruned ties (`previous_best_combination`, kept below for this comparison only),
and both on rows of equal schemes, the previous search's worst case: "ratio old/new".

    make bench-funding
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/funding_bench make bench-funding

Without DATABASE_URL it uses its own PostgreSQL database, gp_bench_funding on 127.0.0.1, never
the development database; a database that does not exist yet is created. The bench
schemes (slug "bench-…") are removed before and after each run.
"""

import os
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from benchdb import setup_django

SEED = 20260301
SIZES = (50, 500)
CHECKS = 200
PREFIX = "bench-"
SECTORS = [
    "Elektrotechniek",
    "Installatietechniek",
    "Metaal",
    "Mechatronica",
    "Bouw",
    "Infra",
    "ICT",
    "Procestechniek",
    "Automotive",
    "Energie",
    "Maritiem",
    "Luchtvaart",
]


def some(rng: random.Random, values: list, *, empty_chance: float, most: int) -> list:
    if rng.random() < empty_chance:
        return []
    return rng.sample(values, rng.randint(1, min(most, len(values))))


def create_schemes(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from funding.models import Scheme
    from poort.vocabulary import CertificateKind, LearningPath, Situation
    from regions.models import Region, Sector

    regions = list(Region.objects.all())
    sectors = [
        Sector.objects.get_or_create(slug=f"{PREFIX}{name.lower()}", defaults={"name": name})[0]
        for name in SECTORS
    ]
    with transaction.atomic():
        schemes = []
        for number in range(count):
            level = rng.choices(["regional", "sector", "national"], [60, 35, 5])[0]
            percentage = rng.choice([50, 60, 75, 80, 100])
            total = Decimal(rng.randrange(50_000, 5_000_000, 1000))
            opens = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 500))
            schemes.append(
                Scheme(
                    name=f"Bench-regeling {number:04d}",
                    slug=f"{PREFIX}{number:04d}",
                    funder="Bench",
                    level=level,
                    summary="Een regeling om mee te meten.",
                    target_groups=some(rng, Situation.values, empty_chance=0.4, most=3),
                    certificate_kinds=some(rng, CertificateKind.values, empty_chance=0.6, most=2),
                    learning_paths=some(rng, LearningPath.values, empty_chance=0.6, most=2),
                    level_ceiling=rng.choice([None, None, 2, 3, 4, 6]),
                    employer_required=rng.random() < 0.25,
                    percentage_covered=percentage,
                    own_contribution_percentage=rng.choice([0, 0, 0, 100 - percentage]),
                    maximum_amount=rng.choice([None, *map(Decimal, (500, 1000, 2500, 5000))]),
                    budget_total=total,
                    budget_remaining=Decimal(0) if rng.random() < 0.05 else total / 2,
                    status=rng.choices(["open", "paused", "closed", "exhausted"], [85, 5, 5, 5])[0],
                    opens_on=opens if rng.random() < 0.5 else None,
                    closes_on=opens + timedelta(days=rng.randrange(30, 700))
                    if rng.random() < 0.5
                    else None,
                )
            )
        Scheme.objects.bulk_create(schemes)
        schemes = list(Scheme.objects.filter(slug__startswith=PREFIX))
        for scheme in schemes:
            if scheme.level == "regional":
                scheme.regions.set(rng.sample(regions, rng.randint(1, 4)))
            if scheme.level == "sector":
                scheme.sectors.set(rng.sample(sectors, rng.randint(1, 3)))
            if rng.random() < 0.1:
                scheme.not_combinable_with.add(*rng.sample(schemes, 2))


def remove_schemes() -> None:
    from funding.models import Scheme

    Scheme.objects.filter(slug__startswith=PREFIX).delete()


def random_case(rng: random.Random, region_codes: list[str]):
    from funding.engine import CourseFacts, Profile
    from poort.vocabulary import CertificateKind, LearningPath, Situation

    profile = Profile(
        situation=rng.choice([None, *Situation.values]),
        region=rng.choice([None, *region_codes]),
        employer_involved=rng.choice([None, True, False]),
    )
    course = CourseFacts(
        cost=Decimal(rng.randrange(20_000, 1_500_000)) / 100,
        sector=f"{PREFIX}{rng.choice(SECTORS).lower()}",
        certificate_kind=rng.choice(CertificateKind.values),
        learning_path=rng.choice(["", *LearningPath.values]),
        level=rng.choice([None, 1, 2, 3, 4, 5, 6]),
    )
    on = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 365))
    return profile, course, on


def previous_best_combination(candidates, cost: Decimal) -> tuple[int, ...]:
    """The exact search of funding/engine.py before 2026-11-22, to compare with."""
    count = len(candidates)
    potentials = [scheme.potential(cost) for scheme in candidates]
    caps = [scheme.cap(cost) for scheme in candidates]
    ids = [scheme.id for scheme in candidates]
    conflicts = [
        sum(1 << j for j in range(count) if ids[j] in scheme.not_combinable_with)
        for scheme in candidates
    ]
    rest = [sum(potentials[i:], Decimal(0)) for i in range(count + 1)]
    best_total, best = Decimal(0), ()

    def visit(start: int, picked: tuple[int, ...], total: Decimal, cap: Decimal, banned: int):
        nonlocal best_total, best
        for i in range(start, count):
            if banned >> i & 1:
                continue
            now_picked, now_sum, now_cap = (*picked, i), total + potentials[i], min(cap, caps[i])
            covered = min(now_sum, now_cap)
            if covered > best_total or (covered == best_total and len(now_picked) < len(best)):
                best_total, best = covered, now_picked
            if covered == now_cap:
                continue
            bound = min(now_cap, now_sum + rest[i + 1])
            if bound < best_total or (bound == best_total and len(now_picked) + 1 >= len(best)):
                continue
            visit(i + 1, now_picked, now_sum, now_cap, banned | conflicts[i])

    visit(0, (), Decimal(0), cost, 0)
    return best


def stack_inputs(rules, cases) -> list[tuple[list, Decimal]]:
    """The candidates of each check's funding stack, in application order, and the cost."""
    from funding.engine import Outcome, cents, check

    inputs = []
    for profile, course, on in cases:
        cost = cents(course.cost)
        fitting = check(rules, profile, course, on).with_outcome(Outcome.FITS)
        inputs.append(([v.scheme for v in fitting if v.scheme.potential(cost) > 0], cost))
    return inputs


def cpu_ms(search, candidates, cost: Decimal) -> tuple[float, tuple[int, ...]]:
    started = time.process_time()
    chosen = search(candidates, cost)
    return (time.process_time() - started) * 1000, chosen


def compare_searches(inputs: list[tuple[list, Decimal]]) -> dict:
    """CPU time of the new and the previous exact search on the same candidates."""
    from funding.engine import _best_combination

    new, old, same = [], [], True
    for candidates, cost in inputs:
        new_ms, new_chosen = cpu_ms(_best_combination, candidates, cost)
        old_ms, old_chosen = cpu_ms(previous_best_combination, candidates, cost)
        new.append(new_ms)
        old.append(old_ms)
        same = same and new_chosen == old_chosen
    return {"new": new, "old": old, "same": same, "most": max(len(c) for c, _ in inputs)}


def equal_schemes(count: int) -> tuple[list, Decimal]:
    """`count` schemes that each pay at most € 100, for a course of € 1.000."""
    from funding.engine import SchemeRules

    return [
        SchemeRules(id=i, name=f"Gelijk {i:02d}", maximum_amount=Decimal(100))
        for i in range(1, count + 1)
    ], Decimal(1000)


def measure(count: int, rng: random.Random) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from funding.engine import Outcome, check
    from funding.models import Scheme
    from regions.models import Region

    remove_schemes()
    create_schemes(count, rng)
    region_codes = list(Region.objects.values_list("code", flat=True))
    schemes = Scheme.objects.filter(slug__startswith=PREFIX)
    schemes.as_rules()  # warm up the connection and the caches of Python and the database
    cases = [random_case(rng, region_codes) for _ in range(CHECKS)]
    timings, cpu, fitting, greedy = [], [], [], 0
    for profile, course, on in cases:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = check(schemes.as_rules(), profile, course, on)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        fitting.append(len(result.with_outcome(Outcome.FITS)))
        greedy += not result.stack.exact
    # Counted in a second pass, so that recording the SQL does not add to the timings.
    queries = set()
    for profile, course, on in cases:
        with CaptureQueriesContext(connection) as captured:
            check(schemes.as_rules(), profile, course, on)
        queries.add(len(captured.captured_queries))
    searches = compare_searches(stack_inputs(schemes.as_rules(), cases))
    return {
        "count": count,
        "searches": searches,
        "timings": timings,
        "cpu": cpu,
        "queries": queries,
        "sql": [query["sql"] for query in captured.captured_queries],
        "fitting": fitting,
        "greedy": greedy,
    }


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], max(values)


def report(result: dict) -> None:
    p50, p95, slowest = percentiles(result["timings"])
    cpu50, cpu95, _ = percentiles(result["cpu"])
    queries = ", ".join(str(n) for n in sorted(result["queries"]))
    print(
        f"{result['count']:>4} schemes: p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   "
        f"max {slowest:6.2f} ms   queries per check: {queries}"
    )
    print(f"      of which CPU time in this process: p50 {cpu50:6.2f} ms   p95 {cpu95:6.2f} ms")
    print(
        f"      fitting schemes per check: median {statistics.median(result['fitting']):.0f}, "
        f"most {max(result['fitting'])}; built step by step (more than the exact-search "
        f"limit): {result['greedy']} of {len(result['fitting'])}"
    )
    searches = result["searches"]
    new50, new95, new_max = percentiles(searches["new"])
    old50, old95, old_max = percentiles(searches["old"])
    print(
        f"      stack search alone, exact for all (up to {searches['most']} schemes), CPU ms: "
        f"new p50 {new50:.2f} p95 {new95:.2f} max {new_max:.2f}; "
        f"old p50 {old50:.2f} p95 {old95:.2f} max {old_max:.2f}; "
        f"ratio old/new (max) {old_max / max(new_max, 0.001):.1f}; same choice: {searches['same']}"
    )


def report_equal_schemes() -> None:
    from funding.engine import _best_combination

    print("Stack search on equal schemes (the previous search's worst case), CPU:")
    for count in (10, 15, 20):
        candidates, cost = equal_schemes(count)
        new_ms, new_chosen = cpu_ms(_best_combination, candidates, cost)
        old_ms, old_chosen = cpu_ms(previous_best_combination, candidates, cost)
        print(
            f"  {count:>3} schemes: new {new_ms:8.2f} ms   old {old_ms:8.2f} ms   "
            f"ratio old/new {old_ms / max(new_ms, 0.001):7.0f}   same choice: "
            f"{new_chosen == old_chosen}"
        )
    for count in (30, 40):
        candidates, cost = equal_schemes(count)
        new_ms, _ = cpu_ms(_best_combination, candidates, cost)
        print(f"  {count:>3} schemes: new {new_ms:8.2f} ms   (the old search takes minutes)")


def main() -> None:
    setup_django("gp_bench_funding")
    from django.db import connection

    rng = random.Random(SEED)
    print(
        f"Funding check: load + evaluate + stack, {CHECKS} random checks per size, "
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    try:
        results = [measure(count, rng) for count in SIZES]
    finally:
        remove_schemes()
    for result in results:
        report(result)
    report_equal_schemes()
    print("The SQL of one check:")
    for sql in results[-1]["sql"]:
        print("  ", sql if len(sql) <= 160 else sql[:157] + "...")
    print("Target: p95 <= 20 ms with 500 schemes; the same number of queries for every size.")


if __name__ == "__main__":
    main()
