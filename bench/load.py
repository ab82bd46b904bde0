"""Load test: mixed traffic through gunicorn, and the home page against a minimal Django view.

    make bench-load                                  # 5 min at 20 users, then 1 min at 100
    make bench-load ARGS=--quick                     # 20 s + 10 s, and a short yardstick
    LOAD_STEADY_SECONDS=60 LOAD_SPIKE_SECONDS=30 make bench-load

What it does, all on this machine and over loopback only:

1. Makes its own PostgreSQL database afresh (LOAD_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/gp_load; the name must contain "load", as the database is
   dropped first), migrates it, loads the demo content (seed_demo: ~300 courses, the demo
   staff and their queue), gives the two demo advisers an authenticator app (TOTP) and runs
   collectstatic. It empties Redis database 6 (--redis-url), its cache, broker and rate limits.
2. Starts, as production does (README), gunicorn with poort.wsgi:application and 3 workers
   (DEBUG=0, SECURE_SSL_REDIRECT=0, BEHIND_TLS_PROXY=0, a SECRET_KEY, REDIS_URL on database 6,
   INTAKE_RATE_LIMIT raised so the intakes are not refused) and a Celery worker, which sends
   the intakes' e-mails to its log. It stops them at the end, whatever happens.
3. Runs locust headless (bench/load_users.py): visitors who arrive on the home page, search and
   filter the catalogue, open courses and check their funding; people who send the five steps
   of the intake; and the two advisers, signed in with password and app code, working their
   queue (the list, a filter, referral pages). Everyone waits 1-3 s between clicks. Phases:
   20 users for 5 minutes, then at once 100 users for 1 minute (a spike at 5x); --steady and
   --spike (or LOAD_STEADY_SECONDS, LOAD_SPIKE_SECONDS) change the durations.
   Per page and phase it prints requests/s, p50/p95/p99 and errors (with how many were 5xx).
4. Then the yardstick: the home page against a minimal Django view, each asked by 8 concurrent
   connections without pause (wrk; locust without waiting when wrk is missing), in 5
   alternating rounds of 10 s, with the same figures and gunicorn's CPU time per request; and
   the home page's requests/s as a share of the minimal view's: each page's best round (other
   work on the machine only slows a round down), the median of the rounds' ratios, and the
   ratio of CPU time per request, which other work moves least.

The minimal view: adding a route to the product only for a benchmark is not on, so a second
gunicorn, started exactly like the first (same command, worker count, gunicorn.conf.py and
environment), serves bench/minimal_wsgi.py: the site's own settings with no middleware and one
view that returns a short text. That is Django's floor on this machine under this gunicorn; what
the home page costs above it is our middleware, view and template. An existing trivial endpoint
(/healthz) would not do: it goes through all middleware and asks the database and the broker.

The load average is printed with every figure: other work on the machine moves them.
Logs go to bench/out/ (load-*.log).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from benchdb import drop_postgres_database, ensure_postgres_database

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
WORKERS = 3  # README: gunicorn ... --workers 3
CONNECTIONS = 8
CELERY_WORKER = [
    str(BIN / "celery"),
    *("-A", "poort", "worker", "--loglevel=WARNING", "--concurrency=1"),
    *("--without-gossip", "--without-mingle"),
]
QUEUE_FILTERS = [{"status": "new"}, {"assigned": "none"}, {"overdue": "on"}, {"kind": "intake"}]
# The catalogue's filters (its form's names in the URL), with the values its page offers.
CATALOGUE_FILTERS = "vakgebied regio niveau leerweg vorm certificaat start maxprijs sorteer per"
# A few words people misspell; the search should still find something.
MISSPELLED = ["electrotechniek", "lasen", "instalatie", "warmte pomp"]

# wrk's report as one JSON line, with the 5xx answers counted over all its threads.
WRK_REPORT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) server_errors = 0 end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do server = server + thread:get("server_errors") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d, "5xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, server))
end
"""


def main() -> None:
    args = arguments()
    OUT.mkdir(exist_ok=True)
    # A SIGTERM ends the script through `finally`, which stops what it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    environment = site_environment(args)
    started: list[subprocess.Popen] = []
    try:
        print(f"load average {load_average()}: preparing {urlsplit(args.database_url).path[1:]}")
        data = prepare(args, environment)
        site_port, minimal_port = free_port(), free_port()
        minimal_view = gunicorn("minimal_wsgi:application", minimal_port, "--pythonpath", "bench")
        site = start("site", gunicorn("poort.wsgi:application", site_port), environment, started)
        minimal = start("minimal", minimal_view, environment, started)
        start("worker", CELERY_WORKER, environment, started)
        wait_until_up(f"http://127.0.0.1:{site_port}/healthz", site)
        wait_until_up(f"http://127.0.0.1:{minimal_port}/", minimal)
        data |= choices_on_the_pages(f"http://127.0.0.1:{site_port}")
        (OUT / "load-data.json").write_text(json.dumps(data))
        print_phases(run_phases(args, site_port))
        compare_home_with_minimal(args, site_port, minimal_port, site, minimal)
    finally:
        for process in reversed(started):
            stop(process)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=float, default=os.environ.get("LOAD_STEADY_SECONDS"))
    parser.add_argument("--spike", type=float, default=os.environ.get("LOAD_SPIKE_SECONDS"))
    parser.add_argument("--steady-users", type=int, default=20)
    parser.add_argument("--spike-users", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="20 s + 10 s, a 2 x 5 s yardstick")
    parser.add_argument("--rounds", type=int, help="yardstick rounds (default 5, quick 2)")
    parser.add_argument("--round-seconds", type=int, help="per page and round (10, quick 5)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gp_load"),
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    args.steady = args.steady or (20 if args.quick else 300)
    args.spike = args.spike or (10 if args.quick else 60)
    args.rounds = args.rounds or (2 if args.quick else 5)
    args.round_seconds = args.round_seconds or (5 if args.quick else 10)
    name = urlsplit(args.database_url).path.lstrip("/")
    if not args.database_url.startswith("postgres") or "load" not in name:
        sys.exit("bench/load.py drops its database first: use postgres://…/<a name with 'load'>")
    if not re.fullmatch(r"/[1-9][0-9]*", urlsplit(args.redis_url).path):
        sys.exit("bench/load.py empties its Redis database: name one other than 0, e.g. …/6")
    return args


def site_environment(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "poort.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + os.urandom(24).hex(),
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "INTAKE_RATE_LIMIT": "1000000/h",
        "LOG_LEVEL": "WARNING",
        "EMAIL_HOST": "",
    }


def prepare(args: argparse.Namespace, environment: dict[str, str]) -> dict:
    """A fresh database with the demo content and two advisers with an authenticator app;
    returns what the simulated people need to know."""
    drop_postgres_database(args.database_url)
    ensure_postgres_database(args.database_url)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    with open(OUT / "load-seed.log", "w") as log:
        call_command("seed_demo", "--not-a-development-site", stdout=log)
    call_command("collectstatic", verbosity=0, interactive=False)
    data = {"advisers": advisers_with_an_app(), **catalogue_and_places()}
    from django.db import connections

    connections.close_all()
    return data


def advisers_with_an_app() -> list[dict]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.apps import apps

    from poort.front.demo.accounts import PASSWORD

    membership = apps.get_model("regions", "Membership")
    advisers = []
    for adviser in membership.objects.filter(role="adviser").select_related("user"):
        secret = generate_totp_secret()
        TOTP.activate(adviser.user, secret)
        advisers.append({"email": adviser.user.email, "password": PASSWORD, "totp_secret": secret})
    return advisers


def catalogue_and_places() -> dict:
    from django.apps import apps

    from poort.vocabulary import Situation

    courses = apps.get_model("trajectories", "Course").objects.published()
    titles = list(courses.values("slug", "title"))
    words = [word.lower() for course in titles for word in re.findall(r"\w{5,}", course["title"])]
    common = sorted(set(words), key=words.count, reverse=True)[:40]
    municipality = apps.get_model("regions", "Municipality")
    referral = apps.get_model("trajectories", "Referral")
    return {
        "courses": titles,
        "words": common + MISSPELLED,
        "municipalities": list(municipality.objects.values("name", "code")),
        "sectors": list(apps.get_model("regions", "Sector").objects.values_list("slug", flat=True)),
        "situations": list(Situation.values),
        "contact_preferences": list(referral.ContactPreference.values),
        "queue_filters": QUEUE_FILTERS,
    }


def choices_on_the_pages(site: str) -> dict:
    """The catalogue's filter values, as its form offers them."""
    page = urllib.request.urlopen(f"{site}/opleidingen/", timeout=30)  # noqa: S310 - our http URL
    html = page.read().decode()
    filters = {}
    for name in CATALOGUE_FILTERS.split():
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
        values = re.findall(r'<option value="([^"]+)"', select.group(1)) if select else []
        if values:
            filters[name] = values
    return {"catalogue_filters": filters}


def gunicorn(application: str, port: int, *extra: str) -> list[str]:
    # Run from the project root, so gunicorn reads gunicorn.conf.py as in production.
    bind = f"127.0.0.1:{port}"
    return [str(BIN / "gunicorn"), application, "--bind", bind, "--workers", str(WORKERS), *extra]


def start(
    name: str, command: list[str], environment: dict[str, str], started: list[subprocess.Popen]
) -> subprocess.Popen:
    """Start a process in a session of its own (stop() ends it with its children), logging to
    bench/out/load-<name>.log."""
    with open(OUT / f"load-{name}.log", "w") as log:  # the child keeps its own copy
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started.append(process)
    return process


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started, and its children (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[1]} stopped at start; see bench/out/load-*.log")
        try:
            if urllib.request.urlopen(url, timeout=5).status == 200:  # noqa: S310 - our http URL
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> str:
    return " ".join(open("/proc/loadavg").read().split()[:3])


def locust(environment: dict[str, str], *arguments: str, seconds: float) -> dict:
    results = OUT / "load-results.json"
    results.unlink(missing_ok=True)
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "load_users.py"),
        "--headless",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
        *arguments,
    ]
    with open(OUT / "load-locust.log", "a") as log:
        subprocess.run(  # noqa: S603 - our own command
            command,
            cwd=ROOT,
            env={
                **environment,
                "LOAD_DATA": str(OUT / "load-data.json"),
                "LOAD_RESULTS": str(results),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=seconds + 120,
            check=False,
        )
    if not results.exists():
        sys.exit("locust wrote no results; see bench/out/load-locust.log")
    return json.loads(results.read_text())


def run_phases(args: argparse.Namespace, site_port: int) -> dict:
    print(
        f"load average {load_average()}: {args.steady_users} users for {args.steady:.0f} s, "
        f"then {args.spike_users} users for {args.spike:.0f} s"
    )
    environment = {
        **os.environ,
        "LOAD_MODE": "phases",
        "LOAD_STEADY_USERS": str(args.steady_users),
        "LOAD_STEADY_SECONDS": str(args.steady),
        "LOAD_SPIKE_USERS": str(args.spike_users),
        "LOAD_SPIKE_SECONDS": str(args.spike),
    }
    (OUT / "load-locust.log").unlink(missing_ok=True)
    return locust(
        environment,
        "--host",
        f"http://127.0.0.1:{site_port}",
        "Visitor",
        "IntakeVisitor",
        "Adviser",
        seconds=args.steady + args.spike,
    )


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank."""
    return sorted_values[max(math.ceil(share * len(sorted_values)) - 1, 0)]


def print_phases(results: dict) -> None:
    for phase in results["phases"]:
        seconds = phase["end"] - phase["start"]
        rows = defaultdict(list)
        for started, name, milliseconds, status, failed in results["requests"]:
            if phase["start"] <= started < phase["end"]:
                rows[name].append((milliseconds, status, failed))
        rows = dict(sorted(rows.items()))
        rows["all pages"] = [row for samples in rows.values() for row in samples]
        print(
            f"\n{phase['name']}: {phase['users']} users for {seconds:.0f} s "
            f"(load average at its end {phase['load_average']})"
        )
        print(
            f"  {'page':<30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'5xx':>4}"
        )
        for name, samples in rows.items():
            if not samples:
                continue
            times = sorted(milliseconds for milliseconds, _, _ in samples)
            errors = sum(failed for _, _, failed in samples)
            server = sum(status >= 500 for _, status, _ in samples)
            print(
                f"  {name:<30} {len(samples) / seconds:7.2f} {percentile(times, 0.5):7.0f} "
                f"{percentile(times, 0.95):7.0f} {percentile(times, 0.99):7.0f} "
                f"{errors:6d} {server:4d}"
            )


def compare_home_with_minimal(
    args: argparse.Namespace, site_port: int, minimal_port: int, site, minimal
) -> None:
    tool = "wrk" if shutil.which("wrk") else "locust without waiting (wrk is not installed)"
    print(
        f"\nThe home page against a minimal Django view: {CONNECTIONS} connections, {tool}, "
        f"{args.round_seconds} s per page and round, {WORKERS} gunicorn workers each"
    )
    print(
        f"  {'round':<6}{'page':<14}{'req/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'5xx':>4} {'CPU ms/req':>10}  load average"
    )
    measured = defaultdict(list)
    for number in range(1, args.rounds + 1):
        for page, port, server in [
            ("home", site_port, site),
            ("minimal view", minimal_port, minimal),
        ]:
            cpu_before = cpu_seconds(server)
            figures = hammer(f"http://127.0.0.1:{port}/", args.round_seconds)
            cpu = (cpu_seconds(server) - cpu_before) * 1000 / max(figures["requests"], 1)
            rate = figures["requests"] / figures["seconds"]
            measured[page].append((rate, cpu))
            print(
                f"  {number:<6}{page:<14}{rate:9.1f} {figures['p50']:7.1f} {figures['p95']:7.1f} "
                f"{figures['p99']:7.1f} {figures['errors']:6d} {figures['5xx']:4d} {cpu:10.3f}"
                f"  {load_average()}"
            )
    # Other work on the machine only ever slows a round down: each page's best round is the
    # closest to what the machine can do. The rounds' own ratios and the CPU time per request
    # (which other work moves much less) show how far to trust it.
    best_home = max(rate for rate, _ in measured["home"])
    best_floor = max(rate for rate, _ in measured["minimal view"])
    rounds = list(zip(measured["home"], measured["minimal view"], strict=True))
    ratios = [home / floor for (home, _), (floor, _) in rounds]
    cpu_ratios = [floor_cpu / home_cpu for (_, home_cpu), (_, floor_cpu) in rounds]
    print(
        f"  home page, best round of each: {best_home:,.0f} req/s against {best_floor:,.0f} "
        f"for the minimal view: {best_home / best_floor:.0%}"
    )
    print(
        f"  median of the rounds' ratios: {statistics.median(ratios):.0%}; "
        f"by gunicorn's CPU time per request: {statistics.median(cpu_ratios):.0%}"
    )


def cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user and system) of gunicorn's workers so far."""
    import psutil

    total = 0.0
    for worker in psutil.Process(server.pid).children():
        try:
            times = worker.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def hammer(url: str, seconds: int) -> dict:
    """One URL, asked by CONNECTIONS connections without pause for `seconds`."""
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_REPORT)
            script.flush()
            command = [
                "wrk",
                f"-t{min(CONNECTIONS, 2)}",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "-s",
                script.name,
                url,
            ]
            output = subprocess.run(  # noqa: S603 - our own command
                command, capture_output=True, text=True, timeout=seconds + 60
            )
        report = next(line for line in output.stdout.splitlines() if line.startswith("{"))
        return json.loads(report)
    environment = {**os.environ, "LOAD_MODE": "hammer", "LOAD_HAMMER_PATH": urlsplit(url).path}
    host = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    results = locust(
        environment,
        "--host",
        host,
        "-u",
        str(CONNECTIONS),
        "-r",
        str(CONNECTIONS),
        "-t",
        f"{seconds}s",
        "Hammer",
        seconds=seconds,
    )["requests"]
    times = sorted(milliseconds for _, _, milliseconds, _, _ in results)
    return {
        "requests": len(results),
        "seconds": seconds,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": sum(failed for *_, failed in results),
        "5xx": sum(status >= 500 for *_, status, _ in results),
    }


if __name__ == "__main__":
    main()
