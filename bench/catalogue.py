"""How fast the catalogue search is at 200,000 courses and 600,000 offerings (or more).

The bench fills its own PostgreSQL database (default gp_bench_catalogue; with --courses
500000 gp_bench_catalogue_500k; created and migrated when missing) with courses built from
the demo course templates of poort/front/demo, in many variations and from hundreds of
providers, by COPY. It then sends every query of bench/catalogue_queries.txt (single words,
phrases, typing errors, filter-only searches, very common words) through the real search
view, GET /opleidingen/?..., and through a naive search view of the same page size and
filters (title, summary or description icontains the words, ordered by title, without
facets). It prints p50, p95 and the slowest request in ms for both, the ratio, what
understanding the words (synonyms, corrections) and the "Bedoelde je" suggestions cost, how
much of a request is template rendering (its SQL left out), the number of SQL queries per
results page for page sizes 10, 20 and 50, the load average of the machine, and the import
rate of a generated EDU-DEX file (bench/imports.py, on its own database). Target: p95 at
most 100 ms for our search, at least 20 times faster than the naive search at p95; at least
2,000 imported courses per second. It prints figures; it does not assert.

    make bench-catalogue
    python bench/catalogue.py --rebuild      # build the data again
    python bench/catalogue.py --naive 50     # time the naive view on the first 50 queries
    python bench/catalogue.py --no-import    # without the import rate
    python bench/catalogue.py --courses 500000   # 500,000 courses, 1,500,000 offerings
    python bench/catalogue.py --courses 500000 --build-only   # the data now, the timing later

A database whose row counts already match is reused. Other work on the machine (tests of
other engineers on the same two cores) shows in the figures: run it on a quiet machine.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchdb import ensure_postgres_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")
# Measure as production runs: no debug bookkeeping; the test client asks over plain http.
os.environ.update(
    DEBUG="0", SECRET_KEY="bench-catalogue-not-secret", SECURE_SSL_REDIRECT="0",
    ALLOWED_HOSTS="testserver",
)  # fmt: skip

COURSES = 200_000
OFFERINGS_PER_COURSE = 3
SEED = 20260401
QUERIES = ROOT / "bench" / "catalogue_queries.txt"

# Words a provider name is made of, and sentences that make descriptions differ.
PROVIDER_KINDS = [
    "ROC", "Techniekschool", "Vakopleidingen", "Opleidingscentrum", "Installatie Academie",
    "Leerbedrijf", "Technisch Instituut", "Praktijkschool", "Werkplaats", "Opleidingen",
]  # fmt: skip
EXTRA_SENTENCES = [
    "Deze opleiding is erkend door de branche.",
    "Je krijgt les van docenten die zelf in het vak werken.",
    "De cursus sluit af met een praktijkexamen.",
    "Je kunt elk kwartaal instromen.",
    "Na de opleiding helpen we je bij het vinden van werk.",
    "Werkgevers in de regio zoeken dringend mensen met deze kennis.",
    "Je werkt met moderne apparatuur in ons praktijklokaal.",
    "Een deel van de lessen volg je op locatie bij een leerbedrijf.",
    "Veiligheid staat in deze cursus voorop.",
    "De training is geschikt voor zij-instromers en herintreders.",
    "Je bouwt een portfolio op met echte opdrachten.",
    "Er is aandacht voor duurzaamheid en de energietransitie.",
    "Je leert werken volgens de geldende normen en voorschriften.",
    "De opleiding wordt vaak betaald door de werkgever of een scholingsfonds.",
    "Je haalt onderweg ook je VCA-certificaat.",
    "Kleine groepen zorgen voor veel persoonlijke aandacht.",
]
TITLE_EXTRAS = [
    "", "", "", "", "", " basis", " gevorderd", " voor werkenden", " module 1", " module 2",
    " (Engelstalig)", " voor herintreders", " in de regio", " (versneld)", " met stage",
]  # fmt: skip


def setup_django() -> None:
    import django
    from django.conf import settings

    django.setup()
    # Hashed static names need collectstatic; the bench serves the files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ROOT_URLCONF = __name__
    # Without REDIS_URL the cache is this process's memory; let it hold every query's counts
    # as Redis would, instead of the 300 entries of Django's default.
    if not settings.REDIS_URL:
        settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}


def build(rebuild: bool, courses: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from trajectories.models import Course, Offering

    call_command("migrate", verbosity=0)
    offerings = courses * OFFERINGS_PER_COURSE
    if not rebuild and Course.objects.count() == courses and Offering.objects.count() == offerings:
        print(f"reusing {courses:,} courses and {offerings:,} offerings")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE trajectories_offering, trajectories_course, trajectories_provider CASCADE"
        )
    rng = random.Random(SEED)
    providers = make_providers(rng)
    write_courses(rng, providers, courses)
    print(f"{courses:,} courses written in {time.perf_counter() - started:.0f} s", flush=True)
    write_offerings(rng, providers, offerings)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def make_providers(rng: random.Random) -> list[tuple[int, list[int]]]:
    """About 600 providers, each with the municipalities of one or two regions."""
    from poort.front.demo.regional import SECTORS, TOWNS
    from regions.models import Municipality, Sector
    from trajectories.models import Provider

    for slug, name in SECTORS:
        Sector.objects.update_or_create(slug=slug, defaults={"name": name})
    towns = dict(Municipality.objects.values_list("name", "pk"))
    by_region = {}
    for region_id, pk in Municipality.objects.values_list("region_id", "pk"):
        by_region.setdefault(region_id, []).append(pk)
    regions = list(by_region)
    town_names = [name for names in TOWNS.values() for name in names if name in towns]
    rows = []
    for number in range(600):
        name = f"{rng.choice(PROVIDER_KINDS)} {rng.choice(town_names)} {number}"
        rows.append(Provider(name=name, slug=f"bench-{number}", website=""))
    created = Provider.objects.bulk_create(rows)
    return [
        (provider.pk, by_region[rng.choice(regions)] + by_region[rng.choice(regions)])
        for provider in created
    ]


def write_courses(rng: random.Random, providers: list, courses: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from poort.front.demo.catalogue import TEMPLATES, VARIANTS
    from regions.models import Sector

    sectors = dict(Sector.objects.values_list("slug", "pk"))
    now = timezone.now()
    columns = (
        "title, slug, summary, description, provider_id, sector_id, level, certificate_kind, "
        "learning_path, mode, duration_weeks, hours_per_week, price, crebo_code, source, "
        "source_id, is_published, created_at, updated_at, sector_rule"
    )
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY trajectories_course ({columns}) FROM STDIN") as copy,
    ):
        for number in range(courses):
            template = rng.choice(TEMPLATES)
            variant = rng.choice(
                [
                    v for v in VARIANTS
                    if template.kind in v.kinds and (template.online or not v.online_only)
                ]
            )  # fmt: skip
            provider_id, _ = rng.choice(providers)
            title = template.title + variant.suffix + rng.choice(TITLE_EXTRAS)
            description = " ".join(
                [template.description, variant.note, *rng.sample(EXTRA_SENTENCES, 3)]
            )
            low, high = template.price
            copy.write_row(
                (
                    title,
                    f"bench-{number}",
                    f"{template.summary} {variant.headline}",
                    description,
                    provider_id,
                    sectors[template.sector],
                    template.level,
                    template.kind,
                    variant.learning_path
                    if variant.learning_path is not None
                    else rng.choice(template.learning_paths),
                    variant.mode or rng.choice(template.modes),
                    rng.randint(*template.weeks),
                    rng.randint(*template.hours),
                    round(rng.randint(low, high) * variant.price / 25) * 25,
                    template.crebo if template.kind == "diploma" else "",
                    "bench",
                    f"bench-{number}",
                    rng.random() > 0.03,
                    now,
                    now,
                    "",
                )
            )


def write_offerings(rng: random.Random, providers: list, offerings: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from trajectories.models import Course

    provider_towns = dict(providers)
    courses = list(Course.objects.values_list("pk", "provider_id", "mode"))
    today = timezone.localdate()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY trajectories_offering (course_id, start_date, end_date, municipality_id, seats, "
            "price, application_deadline, source, source_id) FROM STDIN"
        ) as copy,
    ):
        for _ in range(offerings):
            course_id, provider_id, mode = rng.choice(courses)
            start = today + timedelta(days=rng.randint(-90, 450))
            online = mode == "online" or rng.random() < 0.08
            place = None if online else rng.choice(provider_towns[provider_id])
            deadline = start - timedelta(days=14) if rng.random() < 0.4 else None
            end = start + timedelta(weeks=rng.randint(4, 80))
            seats = rng.randint(8, 20)
            copy.write_row((course_id, start, end, place, seats, None, deadline, "", ""))


def build_index() -> None:
    """Build the catalogue index as the beat task does after a change (when it is not
    current), and load it into this process as a web worker does at its first search."""
    from django.db import connection
    from django.utils import timezone

    from trajectories.catalogue import index as catalogue_index
    from trajectories.models import CatalogueIndexPart, CatalogueState

    catalogue_index.refresh()
    with connection.cursor() as cursor:  # as autovacuum would, before the timing starts
        cursor.execute(f"VACUUM ANALYZE {CatalogueIndexPart._meta.db_table}")
    parts = CatalogueIndexPart.objects.all()
    stored = sum(len(bits) for bits in parts.values_list("bits", flat=True))
    print(
        f"catalogue index built in {CatalogueState.objects.get().index_seconds:.1f} s: "
        f"{parts.count():,} parts, {stored / 1e6:.1f} MB stored"
    )
    catalogue_index._loaded = None  # as in a web process that has not searched yet
    started = time.perf_counter()
    catalogue_index.current(timezone.localdate())
    print(f"catalogue index loaded into this process in {time.perf_counter() - started:.2f} s")


def naive_page(request):
    """One page of what a first version would find: icontains on three columns, by title."""
    from django.core.paginator import Paginator
    from django.db.models import Q

    from trajectories.catalogue.forms import CatalogueForm

    form = CatalogueForm(request.GET)
    query = form.catalogue_query()
    courses = replace(query, text="").courses()
    if query.text:
        courses = courses.filter(
            Q(title__icontains=query.text)
            | Q(summary__icontains=query.text)
            | Q(description__icontains=query.text)
        )
    courses = courses.select_related("provider", "sector").order_by("title", "pk")
    return Paginator(courses, form.page_size).get_page(request.GET.get("page"))


def naive_search(request):
    """The search page a first version would have: naive_page() with the catalogue's cards."""
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        "<p>{{ page.paginator.count }}</p><ol>{% for course in page %}"
        "{% include 'trajectories/catalogue.html#course_card' %}{% endfor %}</ol>"
    )
    return HttpResponse(template.render({"page": naive_page(request)}, request))


def load_queries() -> list[str]:
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def time_requests(client, path: str, queries: list[str], costs=None) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        with costs.request() if costs else nullcontext():
            response = client.get(f"{path}?{query}")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    return times


class Costs:
    """Where a request's time goes: the time spent in a few parts of the search, measured by
    wrapping them, and template rendering without the SQL that runs while it renders (a
    page's courses are fetched when the template walks them)."""

    def __init__(self) -> None:
        from django.template.backends.django import Template

        from trajectories.catalogue.search import CatalogueQuery
        from trajectories.models.catalogue import CourseQuerySet

        self.requests: list[dict[str, float]] = []
        self.current: dict[str, float] = defaultdict(float)
        self.depth: dict[str, int] = defaultdict(int)
        self._wrap(CourseQuerySet, "understand", "understand")
        self._wrap(CatalogueQuery, "suggestion", "suggestion")
        self._wrap(Template, "render", "render")

    def _wrap(self, owner, name: str, part: str) -> None:
        original = getattr(owner, name)
        costs = self

        def timed(*args, **kwargs):
            started = time.perf_counter()
            costs.depth[part] += 1
            try:
                return original(*args, **kwargs)
            finally:
                costs.depth[part] -= 1
                if not costs.depth[part]:  # the outermost call: nested ones are in it
                    costs.current[part] += time.perf_counter() - started

        setattr(owner, name, timed)

    def _sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.current["sql"] += spent
            if self.depth["render"]:
                self.current["sql while rendering"] += spent

    @contextmanager
    def request(self):
        from django.db import connection

        self.current = defaultdict(float)
        started = time.perf_counter()
        with connection.execute_wrapper(self._sql):
            yield
        self.current["request"] = time.perf_counter() - started
        self.current["rendering"] = self.current["render"] - self.current["sql while rendering"]
        self.requests.append(self.current)
        self.current = defaultdict(float)  # what runs between timed requests counts nowhere

    def report(self) -> None:
        def ms(values: list[float]) -> str:
            if not values:
                return "none"
            p50, p95, most = summary([value * 1000 for value in values])
            return f"p50 {p50:.1f}, p95 {p95:.1f}, max {most:.1f} ms"

        worded = [costs for costs in self.requests if costs["understand"] > 0.0002]
        suggested = [costs for costs in self.requests if costs["suggestion"] > 0.0005]
        print(f"understanding the words (synonyms, corrections), {len(worded)} searches with "
              f"words: {ms([costs['understand'] for costs in worded])}")  # fmt: skip
        print(f"'Bedoelde je' tried for {len(suggested)} searches that found little: "
              f"{ms([costs['suggestion'] for costs in suggested])}")  # fmt: skip
        shares = [costs["rendering"] / costs["request"] for costs in self.requests]
        total = sum(costs["request"] for costs in self.requests)
        rendering = sum(costs["rendering"] for costs in self.requests)
        rendered = ms([costs["rendering"] for costs in self.requests])
        print(f"template rendering (its SQL left out): {rendered}; {rendering / total:.0%} of "
              f"all request time, per request p50 {statistics.median(shares):.0%}, "
              f"max {max(shares):.0%}")  # fmt: skip


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def report(queries: list[str], cold: list[float], warm: list[float], naive: list[float]) -> None:
    print(f"\n{len(queries)} queries (bench/catalogue_queries.txt)")
    print(f"{'':34}{'p50':>9}{'p95':>9}{'max':>9}   (ms)")
    rows = [("search view, first time", cold), ("search view, asked again", warm)]
    if naive:
        rows.append((f"naive icontains view ({len(naive)})", naive))
    for label, times in rows:
        print(f"{label:34}" + "".join(f"{value:9.1f}" for value in summary(times)))
    if naive:
        for label, times in rows[:2]:
            ratio = summary(naive)[1] / summary(times[: len(naive)])[1]
            print(f"naive / {label} at p95: {ratio:.1f}x")
    for label, times in rows[:2]:
        slowest = sorted(zip(times, queries, strict=True), reverse=True)[:5]
        print(f"slowest, {label}: " + "; ".join(f"{query} {ms:.0f} ms" for ms, query in slowest))


def report_query_counts(client) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for query in ["q=monteur", "vakgebied=elektrotechniek&regio=twente&sorteer=start"]:
        counts = []
        for size in (10, 20, 50):
            cache.clear()
            with CaptureQueriesContext(connection) as context:
                client.get(f"/opleidingen/?{query}&per={size}")
            counts.append(f"{size}: {len(context.captured_queries)}")
        print(f"SQL queries per results page ({query}) by page size: " + ", ".join(counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument(
        "--naive", type=int, default=None, help="time the naive view on the first N queries only"
    )
    parser.add_argument("--no-import", action="store_true", help="skip the import rate")
    parser.add_argument(
        "--build-only", action="store_true", help="build the data and the index, time nothing"
    )
    parser.add_argument(
        "--courses", type=int, default=COURSES,
        help=f"courses to build, with {OFFERINGS_PER_COURSE} offerings each (default {COURSES:,})",
    )  # fmt: skip
    options = parser.parse_args()
    name = "gp_bench_catalogue" + (
        "" if options.courses == COURSES else f"_{options.courses // 1000}k"
    )
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    ensure_postgres_database(os.environ["DATABASE_URL"])
    setup_django()
    build(options.rebuild, options.courses)

    from django.core.cache import cache
    from django.test import Client

    build_index()
    if options.build_only:
        return
    client = Client()
    queries = load_queries()
    time_requests(client, "/opleidingen/", queries[:20])  # warm the database's buffers
    # First time: nothing the search remembers per search (counts, known words) carries
    # over; the catalogue index, built ahead for the day and the catalogue as it is, does.
    # Asked again: what a visitor meets who changes a filter back, pages, or reloads.
    cache.clear()
    print_load("before")
    costs = Costs()
    cold = time_requests(client, "/opleidingen/", queries, costs)
    warm = time_requests(client, "/opleidingen/", queries)
    naive = time_requests(client, "/naive/", queries[: options.naive])
    print_load("after")
    report(queries, cold, warm, naive)
    print("\nfirst time, where the time goes:")
    costs.report()
    report_query_counts(client)
    if not options.no_import:
        # The import rate on its own database, so that the catalogue here stays as built.
        print("\nimport rate (bench/imports.py):", flush=True)
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(ROOT / "bench" / "imports.py")],
            env={key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
            check=True,
        )


def print_load(moment: str) -> None:
    """The machine's load average (uptime) while the requests are timed."""
    one, five, fifteen = os.getloadavg()
    print(
        f"load average {moment} timing: {one:.2f}, {five:.2f}, {fifteen:.2f} "
        f"on {os.cpu_count()} CPUs",
        flush=True,
    )


def _urlpatterns() -> list:
    from django.urls import path

    from poort import urls

    # The site's own patterns, not included: the root URL conf may use i18n_patterns.
    return [path("naive/", naive_search), *urls.urlpatterns]


def __getattr__(name: str):
    # Django reads this module's urlpatterns (settings.ROOT_URLCONF) after setup.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


if __name__ == "__main__":
    main()
