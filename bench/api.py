"""How fast the public API is over the catalogue bench's 200,000 courses (issue 14, item 6).

On the catalogue bench's own database (gp_bench_catalogue, built by bench/catalogue.py's code
when missing or not matching: 200,000 courses, 600,000 offerings), through the real URL conf:

- every query of bench/catalogue_queries.txt as GET /api/v1/opleidingen?..., the first time
  (the per-search counts cleared) and asked again, against a naive JSON list of the same page
  size and filters measured in the same run (icontains on three columns, by title, each
  course's provider and field fetched one by one, no facet counts): p50, p95, max and the
  ratio at p95. Target: p95 at most 100 ms, like the HTML search;
- GET /api/v1/opleidingen/{slug} for 300 courses, in requests per second, without and with
  If-None-Match (the ETag of the first answer, so each answer is a 304).

It prints the machine's load average; it does not assert. Run it alone on a quiet machine:

    make bench-api
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalogue  # the catalogue bench: its data, queries and figures

DETAILS = 300


def naive_courses(request):
    """The course list a first version of an API would have: the catalogue bench's naive
    page (icontains on three columns), as JSON."""
    from django.http import JsonResponse

    page = catalogue.naive_page(request)
    results = [
        {
            "slug": course.slug,
            "title": course.title,
            "summary": course.summary,
            "provider": course.provider.name,
            "sector": {"slug": course.sector.slug, "name": course.sector.name},
            "price": str(course.price),
        }
        for course in page
    ]
    return JsonResponse({"total": page.paginator.count, "results": results})


def __getattr__(name: str):
    # Django reads this module's urlpatterns (settings.ROOT_URLCONF) after setup.
    if name == "urlpatterns":
        from django.urls import path

        from poort import urls

        return [path("naive/", naive_courses), *urls.urlpatterns]
    raise AttributeError(name)


def per_second(client, slugs: list[str], etags: dict[str, str] | None) -> float:
    started = time.perf_counter()
    for slug in slugs:
        headers = {"HTTP_IF_NONE_MATCH": etags[slug]} if etags else {}
        response = client.get(f"/api/v1/opleidingen/{slug}", **headers)
        assert response.status_code == (304 if etags else 200), response.status_code
    return len(slugs) / (time.perf_counter() - started)


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gp_bench_catalogue")
    catalogue.ensure_postgres_database(os.environ["DATABASE_URL"])
    catalogue.setup_django()
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    settings.API_RATE_LIMIT = settings.API_KEY_RATE_LIMIT = "1000000/m"
    catalogue.build(rebuild=False, courses=catalogue.COURSES)
    catalogue.build_index()

    from django.core.cache import cache
    from django.test import Client

    from trajectories.models import Course

    client = Client()
    queries = catalogue.load_queries()
    catalogue.time_requests(client, "/api/v1/opleidingen", queries[:20])  # warm the buffers
    cache.clear()
    catalogue.print_load("before")
    first = catalogue.time_requests(client, "/api/v1/opleidingen", queries)
    again = catalogue.time_requests(client, "/api/v1/opleidingen", queries)
    naive = catalogue.time_requests(client, "/naive/", queries)

    slugs = list(Course.objects.published().order_by("?").values_list("slug", flat=True)[:DETAILS])
    etags = {slug: client.get(f"/api/v1/opleidingen/{slug}")["ETag"] for slug in slugs}
    plain = per_second(client, slugs, None)
    conditional = per_second(client, slugs, etags)
    catalogue.print_load("after")

    print(f"\n{len(queries)} queries (bench/catalogue_queries.txt) as GET /api/v1/opleidingen")
    print(f"{'':34}{'p50':>9}{'p95':>9}{'max':>9}   (ms)")
    rows = [("API, first time", first), ("API, asked again", again), ("naive JSON list", naive)]
    for label, times in rows:
        print(f"{label:34}" + "".join(f"{value:9.1f}" for value in catalogue.summary(times)))
    for label, times in rows[:2]:
        ratio = catalogue.summary(naive)[1] / catalogue.summary(times)[1]
        print(f"naive / {label} at p95: {ratio:.1f}x")
    print(f"\nGET /api/v1/opleidingen/{{slug}}, {len(slugs)} courses:")
    print(f"  200 without If-None-Match: {plain:7.0f} requests/s")
    print(
        f"  304 with If-None-Match:    {conditional:7.0f} requests/s ({conditional / plain:.2f}x)"
    )


if __name__ == "__main__":
    main()
