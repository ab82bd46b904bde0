"""Import rate: an EDU-DEX file of 20,000 programs, imported once and then again; then an
OOAPI v5 endpoint of 5,000 courses read page by page as a client.

    make bench-imports        # or: .venv/bin/python bench/imports.py [--programs N] [--courses N]

Runs on its own PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/gp_bench_imports), which it creates and migrates when
needed. It removes the courses of an earlier run, writes the file to a temporary folder,
and prints created / updated / unchanged and the rate in courses per second for a first
import and a re-import of the same file. The target is 2,000 courses per second.

The OOAPI endpoint is served by a second process on 127.0.0.1 (/organizations, /courses in
pages of 100, /courses/{id}/offerings with two offerings each, ETags): one request per page
and one per course, so its rate is that of the client and the server together. The second
read asks If-None-Match and gets 304s, answered from the cache (set REDIS_URL: Django's
local-memory cache keeps only 300 entries).
"""

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from benchdb import ensure_postgres_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gp_bench_imports"
TARGET_PER_SECOND = 2000
SECTORS = ["Elektrotechniek", "Installatietechniek", "Werktuigbouw", "Mechatronica"]
SUBJECTS = [
    "Monteur warmtepompen",
    "Installateur zonnepanelen",
    "Lasser MIG/MAG",
    "Eerste monteur elektrotechnische installaties",
    "Monteur laadpalen",
    "Allround CNC-verspaner",
    "Servicemonteur koudetechniek",
    "PLC-programmeur",
    "Monteur mechatronica",
    "VCA Basis",
]
LEVELS = ["mbo niveau 2", "mbo niveau 3", "mbo niveau 4", "none"]
DEGREES = ["diploma", "mbo-certificaat", "certificate", "certificate of participation"]
FORMS = [["dual"], ["part-time"], ["part-time", "virtual classroom"], ["e-learning"]]


def program(number: int, places: list[str], rng: random.Random) -> dict:
    supplier = f"bench-aanbieder-{number % 200:03d}"
    forms = rng.choice(FORMS)
    online = forms == ["e-learning"]
    runs = []
    for run_number in range(2):
        start = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        run = {
            "id": f"start-{run_number + 1}",
            "status": "application opened",
            "startDate": {"date": start, "isFinal": True},
            "endDate": {"date": start.replace("2026", "2027", 1), "isFinal": False},
            "maxNumberOfParticipants": rng.randint(8, 24),
            "cost": [
                {
                    "id": "lesgeld",
                    "amount": f"{rng.randint(300, 6000)}.00",
                    "amountIsFinal": True,
                    "costType": "tuition fee",
                    "currency": "EUR",
                    "isRequiredCost": True,
                }
            ],
        }
        if online:
            run["fullyOnline"] = True
        else:
            run["location"] = {"city": rng.choice(places)}
        runs.append(run)
    title = f"{SUBJECTS[number % len(SUBJECTS)]} {number // len(SUBJECTS) + 1}"
    return {
        "orgUnitId": supplier,
        "programId": f"programma-{number}",
        "clientId": "public",
        "data": {
            "editor": "bench@goudenpoort.example",
            "format": "EDU-DEX 1.0",
            "generator": "bench/imports.py",
            "lastEdited": "2026-05-01T00:00:00Z",
            "programAdmission": {
                "applicationOpen": True,
                "applicationType": "individual",
                "paymentDue": "up-front",
                "startDateDetermination": "fixed starting date",
            },
            "programClassification": {
                "orgUnitId": supplier,
                "programId": f"programma-{number}",
                "degree": rng.choice(DEGREES),
                "programLevel": rng.choice(LEVELS),
                "programForm": forms,
                "programType": "regular",
                "programDuration": {"weeks": rng.randint(4, 104)},
                "programLocation": [{"description": "diverse plaatsen"}],
            },
            "programContacts": {"contactData": [{"contactName": "Team", "role": "informatie"}]},
            "programCurriculum": {"studyLoad": {"week": rng.randint(4, 32)}},
            "programDescriptions": {
                "programName": {"nl": title},
                "programSummaryText": {"nl": f"{title}: leer het vak naast je werk."},
                "programDescriptionText": {"nl": f"{title}. " + "Je leert het vak. " * 20},
                "searchword": {"nl": [rng.choice(SECTORS)]},
            },
            "programSchedule": {"programRun": runs},
        },
    }


def write_feed(path: Path, programs: int, places: list[str]) -> None:
    rng = random.Random(2026)
    suppliers = [
        {"id": f"bench-aanbieder-{n:03d}", "name": {"nl": f"Opleider {n}"}} for n in range(200)
    ]
    feed = {"suppliers": suppliers, "programs": [program(n, places, rng) for n in range(programs)]}
    path.write_text(json.dumps(feed))


def change_every_tenth(path: Path) -> None:
    """A new title and a moved first start for every tenth program, as a nightly feed might."""
    feed = json.loads(path.read_text())
    for item in feed["programs"][::10]:
        program = item["data"]
        program["programDescriptions"]["programName"]["nl"] += " (vernieuwd)"
        program["programSchedule"]["programRun"][0]["startDate"]["date"] = "2026-12-01"
        program["programSchedule"]["programRun"][0]["endDate"]["date"] = "2027-12-01"
    path.write_text(json.dumps(feed))


OOAPI_ORGANIZATION = "bench-ooapi-organisatie"
OOAPI_PAGE_SIZE = 100


def ooapi_course(number: int) -> dict:
    return {
        "courseId": f"bench-ooapi-{number}",
        "primaryCode": {"codeType": "courseCode", "code": f"BENCH-{number}"},
        "name": [{"language": "nl-NL", "value": f"{SUBJECTS[number % len(SUBJECTS)]} {number}"}],
        "abbreviation": f"B{number}",
        "description": [{"language": "nl-NL", "value": "Je leert het vak. " * 10}],
        "teachingLanguage": "nld",
        "level": "secondary vocational education 3",
        "modeOfDelivery": ["on campus"],
        "duration": "P12W",
        "organization": OOAPI_ORGANIZATION,
    }


def ooapi_offering(course: int, run: int, place: str) -> dict:
    return {
        "offeringId": f"bench-ooapi-{course}-{run}",
        "primaryCode": {"codeType": "offeringCode", "code": f"BENCH-{course}-{run}"},
        "offeringType": "course",
        "name": [{"language": "nl-NL", "value": f"Start {run}"}],
        "description": [{"language": "nl-NL", "value": "Een start."}],
        "teachingLanguage": "nld",
        "resultExpected": True,
        "startDate": f"2026-{3 + 6 * run:02d}-01",
        "endDate": f"2026-{5 + 6 * run:02d}-28",
        "maxNumberStudents": 16,
        "addresses": [{"addressType": "teaching", "city": place}],
        "priceInformation": [{"costType": "total costs", "amount": f"{500 + course % 900}.00"}],
    }


def serve_ooapi(port: "multiprocessing.sharedctypes.Synchronized", courses: int, places: list[str]):
    """An OOAPI v5 endpoint of `courses` courses with two offerings each, with ETags."""

    def page(items: list, number: int, pages: int) -> dict:
        return {
            "pageSize": OOAPI_PAGE_SIZE,
            "pageNumber": number,
            "hasPreviousPage": number > 1,
            "hasNextPage": number < pages,
            "items": items,
        }

    class Endpoint(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            number = int(parse_qs(parts.query).get("pageNumber", ["1"])[0])
            pages = -(-courses // OOAPI_PAGE_SIZE)
            if parts.path == "/organizations":
                organization = {
                    "organizationId": OOAPI_ORGANIZATION,
                    "primaryCode": {"codeType": "brin", "code": "00BE"},
                    "organizationType": "root",
                    "name": [{"language": "nl-NL", "value": "Bench ROC"}],
                    "shortName": "BROC",
                }
                body = page([organization], 1, 1)
            elif parts.path == "/courses":
                first = (number - 1) * OOAPI_PAGE_SIZE
                items = [
                    ooapi_course(n) for n in range(first, min(first + OOAPI_PAGE_SIZE, courses))
                ]
                body = page(items, number, pages)
            elif parts.path.startswith("/courses/bench-ooapi-"):
                course = int(parts.path.split("/")[2].removeprefix("bench-ooapi-"))
                offerings = [
                    ooapi_offering(course, run, places[(course + run) % len(places)])
                    for run in range(2)
                ]
                body = page(offerings, 1, 1)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = json.dumps(body).encode()
            etag = f'"{len(data)}-{hash(data)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    port.value = server.server_port
    server.serve_forever()


def timed_ooapi_import(label: str, url: str) -> float:
    from trajectories.catalogue.importers import import_courses

    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_courses("ooapi-endpoint", url)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rate = report.processed / seconds
    print(
        f"{label:<13} {report.created:>6} created {report.updated:>6} updated "
        f"{report.unchanged:>6} unchanged {len(report.invalid):>3} invalid "
        f"in {seconds:5.1f} s = {rate:5.0f} courses/s (CPU {cpu:4.1f} s here)"
    )
    return rate


def postgres_cpu_seconds() -> float:
    """CPU time of this connection's PostgreSQL backend so far; 0 where it cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_import(label: str, path: Path) -> float:
    from trajectories.catalogue.importers import import_courses

    database_cpu = postgres_cpu_seconds()
    started, cpu_started = time.perf_counter(), time.process_time()
    report = import_courses("edudex", str(path))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    database_cpu = postgres_cpu_seconds() - database_cpu
    rate = report.processed / seconds
    print(
        f"{label:<13} {report.created:>6} created {report.updated:>6} updated "
        f"{report.unchanged:>6} unchanged {len(report.invalid):>3} invalid "
        f"in {seconds:5.1f} s = {rate:5.0f} courses/s "
        f"(CPU {cpu:4.1f} s here + {database_cpu:4.1f} s PostgreSQL = "
        f"{report.processed / (cpu + database_cpu):5.0f} courses per CPU second)"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=20_000)
    parser.add_argument("--courses", type=int, default=5_000, help="OOAPI courses; 0: none")
    options = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")
    os.environ.setdefault("DEBUG", "0")  # production settings: no query log
    os.environ.setdefault("SECRET_KEY", "bench-imports-only-not-a-real-secret")
    ensure_postgres_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils.text import slugify

    from regions.models import Municipality, Sector
    from trajectories.models import Course, Offering, Provider

    call_command("migrate", verbosity=0)
    for name in SECTORS:
        Sector.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    earlier = Course.objects.filter(
        source__in=["edudex", "ooapi"], provider__source_id__startswith="bench-"
    )
    Offering.objects.filter(course__in=earlier).delete()
    earlier.delete()
    Provider.objects.filter(source__in=["edudex", "ooapi"], source_id__startswith="bench-").delete()
    places = list(Municipality.objects.values_list("name", flat=True))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programs.json"
        write_feed(path, options.programs, places)
        size = path.stat().st_size / 1_000_000
        print(
            f"EDU-DEX import of {options.programs} programs with 2 starts each "
            f"({size:.0f} MB) into {connection.vendor} database {connection.settings_dict['NAME']}"
        )
        first = timed_import("first import", path)
        again = timed_import("re-import", path)
        change_every_tenth(path)
        timed_import("1 in 10 new", path)
    ooapi: list[float] = []
    if options.courses:
        connection.close()  # the server process is forked: it must not share the connection
        port = multiprocessing.Value("i", 0)
        server = multiprocessing.Process(
            target=serve_ooapi, args=(port, options.courses, places), daemon=True
        )
        server.start()
        while not port.value:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port.value}/"
        print(
            f"OOAPI v5 endpoint of {options.courses} courses with 2 offerings each, read as a "
            f"client ({-(-options.courses // OOAPI_PAGE_SIZE)} pages and {options.courses} "
            "offering requests)"
        )
        ooapi = [timed_ooapi_import("first read", url), timed_ooapi_import("again (304s)", url)]
        server.terminate()
        server.join()
    load = os.getloadavg()[0]
    for name, rates in (("EDU-DEX", [first, again]), ("OOAPI endpoint", ooapi)):
        if not rates:
            continue
        verdict = "met" if min(rates) >= TARGET_PER_SECOND else "NOT met"
        print(f"{name}: target {TARGET_PER_SECOND} courses/s {verdict}")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs; the CPU figures do not depend on it")


if __name__ == "__main__":
    main()
