"""How long the final submit of the orientation intake takes, and how many SQL queries it needs.

For each of 500 intakes (random but seeded answers over all municipalities) the bench walks
steps 1-4 with Django's test client, each intake in a session of its own, and then times
only the final POST of step 5: validation of every step, the rate limit, intake_submit()
(candidate, referral, status change, outbox rows) and the session write. It counts that
request's SQL queries. Then it bulk-inserts 10,000 older referrals (with their candidates,
status changes and sent e-mails) and sends another round of intakes, to show that the
queries per submission and the time do not grow with what is stored.
It prints figures; it does not assert.

    make bench-intake
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other_bench make bench-intake

E-mail sending is excluded from the timed request, as in production where a worker sends:
the outbox rows are written inside the request (their queries count) and handed to an
in-memory Celery broker that no worker reads. Afterwards the bench sends a sample of those
rows itself with the in-memory e-mail backend and prints what that costs per e-mail.

The bench uses its own PostgreSQL database (created when missing, then migrated and seeded
with seed_demo); it empties the candidate, referral, outbox and session tables of that
database at the start, so it refuses a database without "bench" in its name. The rate
limit is lifted through INTAKE_RATE_LIMIT.
"""

import io
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from benchdb import ensure_postgres_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gp_bench_intake")
# Still checked on every submit, as in production, but never reached.
os.environ["INTAKE_RATE_LIMIT"] = "1000000/h"
os.environ.pop("REDIS_URL", None)  # cache in memory, Celery configured below

SEED = 20261122
INTAKES = 500
WARM_UP = 10
EXTRA_REFERRALS = 10_000
SLICE = 50
EMAILS_SENT_AFTERWARDS = 100
FIRST_NAMES = ["Sanne", "Mohammed", "Daan", "Fatima", "Jeroen", "Anouk", "Kevin", "Özlem", "Bram"]
LAST_NAMES = ["de Vries", "Jansen", "El Amrani", "Bakker", "van Dijk", "Yilmaz", "", ""]
OCCUPATIONS = ["Magazijnmedewerker", "Kok", "Verpleegkundige", "Buschauffeur", "", ""]


class Submission(NamedTuple):
    """One timed final POST: wall time, SQL queries, and the time spent in those queries."""

    milliseconds: float
    queries: int
    sql_milliseconds: float


def setup_django() -> None:
    url = os.environ["DATABASE_URL"]
    if not urlsplit(url).scheme.startswith("postgres"):
        sys.exit("bench/intake.py measures PostgreSQL: DATABASE_URL must start with postgres://")
    if "bench" not in urlsplit(url).path:
        # It empties the candidate and referral tables: never a database that holds real ones.
        sys.exit("bench/intake.py empties its database: use one with 'bench' in its name")
    ensure_postgres_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=io.StringIO())

    from poort.celery import app

    # Hand the e-mails to a broker in this process that no worker reads: sending is deferred.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://localhost/"


def empty_tables() -> None:
    from django.contrib.sessions.models import Session
    from django.db import connection

    from poort.models import Notification
    from trajectories.models import Candidate

    tables = [model._meta.db_table for model in (Candidate, Notification, Session)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def random_answers(rng: random.Random, number: int, municipalities: list, sectors: list) -> dict:
    from poort.vocabulary import Situation
    from trajectories.models import Referral, WhatMatters

    municipality = rng.choice(municipalities)
    preference = rng.choice(Referral.ContactPreference.values)
    wants_phone = preference == Referral.ContactPreference.PHONE or rng.random() < 0.5
    return {
        1: {"situation": rng.choice(Situation.values), "occupation": rng.choice(OCCUPATIONS)},
        2: {
            "sectors": rng.sample(sectors, rng.randint(0, min(3, len(sectors)))),
            "what_matters": rng.sample(WhatMatters.values, rng.randint(0, 2)),
        },
        3: {"municipality": municipality.name, "municipality_code": municipality.code},
        4: {
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": rng.choice(LAST_NAMES),
            "email": f"bench-{number}@example.nl",
            "phone": f"06 {rng.randrange(10_000_000, 99_999_999)}" if wants_phone else "",
            "contact_preference": preference,
        },
        5: {"consent": "on", "website": ""},
    }


def submit_one(answers: dict) -> Submission:
    """Walk steps 1-4 in a new session, then time the final POST and count its queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    first_step = client.get("/orienteren/")["Location"]
    for step in range(1, 5):
        response = client.post(
            re.sub(r"/1/$", f"/{step}/", first_step), {**answers[step], "next": ""}
        )
        if response.status_code != 302:
            raise RuntimeError(f"step {step} was not accepted: {response.status_code}")
    last_step = re.sub(r"/1/$", "/5/", first_step)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(last_step, {**answers[5], "next": ""})
        elapsed = time.perf_counter() - started
    if response.status_code != 302 or "/klaar/" not in response["Location"]:
        raise RuntimeError(f"the submit did not make a referral: {response.status_code}")
    sql_seconds = sum(float(query["time"]) for query in queries.captured_queries)
    return Submission(elapsed * 1000, len(queries), sql_seconds * 1000)


def submit_many(count: int, rng: random.Random, first_number: int) -> list[Submission]:
    from regions.models import Municipality, Sector

    municipalities = list(Municipality.objects.order_by("code"))
    sectors = list(Sector.objects.order_by("slug").values_list("slug", flat=True))
    return [
        submit_one(random_answers(rng, first_number + number, municipalities, sectors))
        for number in range(count)
    ]


def store_old_referrals(count: int, rng: random.Random) -> None:
    """Bulk-insert referrals as if earlier intakes had made them, with their e-mails sent."""
    from django.db import connection, transaction
    from django.utils import timezone

    from poort.models import Notification
    from regions.models import Desk, Municipality
    from trajectories.models import Candidate, Referral, ReferralStatusChange

    municipalities = list(Municipality.objects.select_related("region"))
    desks = {desk.region_id: desk for desk in Desk.objects.filter(is_active=True)}
    now = timezone.now()
    with transaction.atomic():
        candidates = Candidate.objects.bulk_create(
            Candidate(
                first_name=rng.choice(FIRST_NAMES),
                email=f"old-{number}@example.nl",
                municipality=rng.choice(municipalities),
            )
            for number in range(count)
        )
        referrals = Referral.objects.bulk_create(
            Referral(
                candidate=candidate,
                kind=Referral.Kind.INTAKE,
                region=candidate.municipality.region,
                desk=desks.get(candidate.municipality.region_id) or desks[None],
                contact_preference=rng.choice(Referral.ContactPreference.values),
                status=rng.choice(Referral.Status.values),
            )
            for candidate in candidates
        )
        ReferralStatusChange.objects.bulk_create(
            ReferralStatusChange(referral=referral, to_status=Referral.Status.NEW)
            for referral in referrals
        )
        Notification.objects.bulk_create(
            Notification(
                kind=kind,
                recipient="old@example.nl",
                idempotency_key=f"referral:{referral.pk}:{key}",
                status=Notification.Status.SENT,
                attempts=1,
                sent_at=now,
            )
            for referral in referrals
            for kind, key in (("referral_new", "new"), ("referral_confirmation", "confirmation"))
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would, long before 10,000 rows


def send_outbox_sample(count: int) -> list[float]:
    """Send `count` waiting outbox rows with the in-memory backend; milliseconds per e-mail."""
    from django.test.utils import override_settings

    from poort import outbox
    from poort.models import Notification

    waiting = Notification.objects.filter(status=Notification.Status.PENDING).order_by("pk")
    timings = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for notification_id in waiting.values_list("pk", flat=True)[:count]:
            started = time.perf_counter()
            if not outbox.deliver(notification_id):
                raise RuntimeError(f"notification {notification_id} was not sent")
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def line(label: str, results: Sequence[Submission]) -> str:
    times = [result.milliseconds for result in results]
    queries = [result.queries for result in results]
    sql = statistics.median(result.sql_milliseconds for result in results)
    return (
        f"  {label:<40} {len(results):>4} {statistics.median(times):>7.1f}"
        f" {percentile(times, 0.95):>7.1f} {max(times):>7.1f} {sql:>8.1f}"
        f" {min(queries):>5} {max(queries):>5}"
    )


def header() -> str:
    columns = ("n", "p50 ms", "p95 ms", "max ms", "SQL p50", "q min", "q max")
    widths = (4, 7, 7, 7, 8, 5, 5)
    cells = "".join(f" {name:>{width}}" for name, width in zip(columns, widths, strict=True))
    return f"  {'':<40}{cells}"


def main() -> None:
    started = time.perf_counter()
    setup_django()
    from django.conf import settings

    from trajectories.models import Referral

    load_before = os.getloadavg()[0]
    rng = random.Random(SEED)
    empty_tables()
    submit_many(WARM_UP, rng, first_number=-WARM_UP)
    empty_tables()

    empty_run = submit_many(INTAKES, rng, first_number=0)
    store_old_referrals(EXTRA_REFERRALS, rng)
    stored_before = Referral.objects.count()
    full_run = submit_many(INTAKES, rng, first_number=INTAKES)
    emails = send_outbox_sample(EMAILS_SENT_AFTERWARDS)

    database = settings.DATABASES["default"]
    print(f"Intake submit on PostgreSQL ({database['HOST']}/{database['NAME']}), seed {SEED}")
    print(
        "Timed: only the final POST of step 5 (validation, rate limit check, intake_submit, "
        "session write)."
    )
    print(
        "E-mail: sending excluded from the timing; the outbox rows are written in the request "
        "(their queries count) and handed to an in-memory broker, as to Redis in production."
    )
    print(
        f"Warm-up: {WARM_UP} intakes, not counted. DEBUG={settings.DEBUG}. Load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs."
    )
    print("SQL p50: the median time spent in the request's queries, as Django measures it.\n")
    print(header())
    print(line(f"{INTAKES} intakes, 0 referrals stored before", empty_run))
    print(line(f"  first {SLICE} (0-{SLICE} stored)", empty_run[:SLICE]))
    print(line(f"  last {SLICE} ({INTAKES - SLICE}-{INTAKES} stored)", empty_run[-SLICE:]))
    print(line(f"{INTAKES} intakes, {stored_before:,} stored before", full_run))
    print(line(f"  first {SLICE}", full_run[:SLICE]))
    print(
        line(f"  last {SLICE} ({Referral.objects.count():,} stored at the end)", full_run[-SLICE:])
    )
    counts = {result.queries for result in empty_run + full_run}
    grows = max(result.queries for result in full_run) > max(r.queries for r in empty_run)
    print(
        f"\nQueries per submission {'GROW' if grows else 'do not grow'} with the referrals "
        f"stored: {min(counts)}-{max(counts)} in both runs."
    )
    print(
        f"Sending afterwards, as a worker would ({len(emails)} e-mails, in-memory backend): "
        f"p50 {statistics.median(emails):.1f} ms, p95 {percentile(emails, 0.95):.1f} ms per e-mail."
    )
    print(f"Total run time of the bench: {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
