"""How long region insights take for every region at once, and how many SQL queries.

The bench puts 2,000 and then 20,000 requests (random, seeded) spread over the 35 regions in
the last 12 months: statuses along the path, first contacts after 0-8 working days, a
situation for each person. It times `region_insights(all regions, last 12 months)` 20 times for
each size and prints p50, p95 and the slowest in milliseconds, with the number of queries.
It prints figures; it does not assert.

    make bench-insights
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/insights_bench make bench-insights

Without DATABASE_URL it uses its own PostgreSQL database, gp_bench_insights on 127.0.0.1, never
the development database; a database that does not exist yet is created. The bench
requests (people named "Bench") are removed before and after each run.
"""

import datetime
import os
import random
import statistics
import time

from benchdb import setup_django

SEED = 20261122
SIZES = (2_000, 20_000)
RUNS = 20
NAME = "Bench"


def remove_requests() -> None:
    from trajectories.models import Candidate, Referral

    Referral.objects.filter(candidate__first_name=NAME).delete()
    Candidate.objects.filter(first_name=NAME).delete()


def create_requests(count: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from poort.vocabulary import Situation
    from regions.models import Desk, Region
    from trajectories.models import Candidate, Referral

    desks = []
    for region in Region.objects.all():
        desk = Desk.objects.filter(region=region, is_active=True).first()
        desks.append(
            desk
            or Desk.objects.create(
                region=region,
                name=f"Werkcentrum {region.name}",
                email=f"bench@{region.slug}.example",
                contact_within_days=rng.choice([2, 3, 5]),
            )
        )
    path = ["new", "contacted", "advising", "trajectory_planned", "in_trajectory", "completed"]
    now = timezone.now()
    with transaction.atomic():
        candidates = Candidate.objects.bulk_create(
            Candidate(first_name=NAME, situation=rng.choice(["", *Situation.values]))
            for _ in range(count)
        )
        referrals = []
        for candidate in candidates:
            desk = rng.choice(desks)
            created = now - datetime.timedelta(days=rng.uniform(0, 360))
            status = rng.choices(
                [*path, "withdrawn", "no_response", "referred_on"],
                [15, 20, 15, 10, 10, 10, 8, 7, 5],
            )[0]
            contacted = status not in ("new", "no_response") and rng.random() < 0.95
            referral = Referral(
                candidate=candidate, kind="intake", region=desk.region, desk=desk, status=status
            )
            referral.planned_created_at = created
            if contacted:
                referral.first_contact_at = created + datetime.timedelta(days=rng.randint(0, 12))
            referrals.append(referral)
        referrals = Referral.objects.bulk_create(referrals, batch_size=1000)
        # created_at is auto_now_add; bulk_update writes the planned moment over it.
        for referral in referrals:
            referral.created_at = referral.planned_created_at
        Referral.objects.bulk_update(referrals, ["created_at"], batch_size=1000)


def measure(count: int, rng: random.Random) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regions.models import Region
    from trajectories.insights import period_start, region_insights

    remove_requests()
    create_requests(count, rng)
    regions = Region.objects.all()
    since = period_start("12")
    region_insights(regions, since=since)  # warm up
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found = region_insights(regions, since=since)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        region_insights(regions, since=since)
    return {
        "count": count,
        "received": found.total.received,
        "timings": timings,
        "queries": len(captured.captured_queries),
    }


def main() -> None:
    setup_django("gp_bench_insights")
    from django.db import connection

    rng = random.Random(SEED)
    print(f"database: {connection.vendor}; {RUNS} runs per size; load: {os.getloadavg()[0]:.2f}")
    try:
        for count in SIZES:
            result = measure(count, rng)
            cuts = statistics.quantiles(result["timings"], n=100, method="inclusive")
            print(
                f"{result['count']:>6} requests ({result['received']} in the last 12 months): "
                f"p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
                f"slowest {max(result['timings']):.1f} ms, {result['queries']} queries"
            )
    finally:
        remove_requests()


if __name__ == "__main__":
    main()
