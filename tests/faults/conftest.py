"""Fixtures of the fault tests: the real app and the services it needs, which tests stop,
crash and kill, as an operator would see it.

The app runs as in production (gunicorn, DEBUG=0, a Celery worker and beat) against a
PostgreSQL cluster and a redis-server of its own, and sends its e-mails to an SMTP sink in
the test process. Its database is migrated and loaded with `seed_demo` once per session: the
desks of every region, ~300 courses with providers, schemes and staff accounts, the content
a real portal has, in seconds. Nothing here touches the shared PostgreSQL or Redis.

The directory runs in CI's PostgreSQL pass (DATABASE_URL=postgres://…) only, and needs the
PostgreSQL server programs and redis-server; its tests carry the marker `faults`.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.faults.harness import (
    POSTGRES_BIN,
    PROGRAMS,
    REDIS_SERVER,
    REPO,
    MailServer,
    OwnPostgres,
    OwnRedis,
    Program,
    Site,
    manage,
    wait_until,
)
from tests.smtp import free_port

HERE = Path(__file__).parent


def missing_for_fault_tests() -> str | None:
    """Why the fault tests cannot run here, or None."""
    scheme = urlsplit(os.environ.get("DATABASE_URL", "")).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        return (
            "fault tests run in the PostgreSQL pass: "
            "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>"
        )
    if POSTGRES_BIN is None:
        return "fault tests need the PostgreSQL server programs in /usr/lib/postgresql/*/bin"
    if REDIS_SERVER is None:
        return "fault tests need the redis-server program"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing_for_fault_tests()
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.faults)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the programs under test write their output (shown when a test fails)."""
    return tmp_path_factory.mktemp("fault-logs")


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture(scope="session")
def redis_service() -> Iterator[OwnRedis]:
    """The app's Redis: its cache, its rate limits and its Celery broker."""
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    """A Redis for one test alone."""
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_service() -> Iterator[OwnPostgres]:
    cluster = OwnPostgres()
    try:
        cluster.create()
        cluster.start()
        cluster.create_database("poort")
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def environment(
    postgres_service: OwnPostgres, redis_service: OwnRedis, mail_server: MailServer
) -> dict[str, str]:
    """The environment of every program under test, as docker-compose.yml sets it."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TZ") if name in os.environ}
    return {
        **keep,
        "DEBUG": "0",
        "SECRET_KEY": "fault-tests-secret-key-of-at-least-fifty-characters-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "DATABASE_URL": postgres_service.url("poort"),
        "REDIS_URL": redis_service.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "INTAKE_RATE_LIMIT": "1000/h",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="session")
def site(environment: dict[str, str], logs: Path) -> Iterator[Site]:
    """gunicorn with two workers, on a database that was migrated and seeded once."""
    # Static files are hashed with DEBUG=0; collected while the database is made.
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        manage(environment, "migrate", "--noinput", "-v0")
        # Without REDIS_URL and EMAIL_HOST: the demo writes no e-mails, and queues no tasks.
        quiet = {**environment, "REDIS_URL": "", "EMAIL_HOST": ""}
        manage(quiet, "seed_demo", "--not-a-development-site")
    finally:
        _, errors = collect.communicate(timeout=300)
    assert collect.returncode == 0, f"collectstatic:\n{errors[-3000:]}"

    port = free_port()
    gunicorn = Program(
        "gunicorn",
        [
            str(PROGRAMS / "gunicorn"),
            "poort.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--graceful-timeout=5",
            "--access-logfile=-",
            "--no-control-socket",  # gunicorn 27 would share ~/.gunicorn/gunicorn.ctl
        ],
        environment,
        logs,
    )
    site = Site(f"http://127.0.0.1:{port}", gunicorn, environment["DATABASE_URL"])
    gunicorn.start()
    try:
        wait_until(lambda: site.health() == 200, 60, "gunicorn did not answer /healthz")
    except AssertionError as error:
        gunicorn.stop()
        raise AssertionError(f"{error}\n{gunicorn.output()}") from None
    yield site
    gunicorn.stop()


def celery(*arguments: str) -> list[str]:
    return [str(PROGRAMS / "celery"), "-A", "poort", *arguments, "--loglevel=INFO"]


@pytest.fixture(scope="module")
def outbox_settings() -> dict[str, str]:
    """Outbox settings (docs/outbox.md) for the worker and beat of a module: the project's
    defaults, unless the module overrides this fixture."""
    return {}


@pytest.fixture(scope="module")
def beat(
    request: pytest.FixtureRequest,
    site: Site,
    environment: dict[str, str],
    outbox_settings: dict[str, str],
    logs: Path,
) -> Iterator[Program]:
    """Celery beat, a program of its own as in docker-compose.yml: it sends the outbox sweep
    every OUTBOX_SWEEP_EVERY seconds, and a killed worker does not take it along."""
    name = f"beat-{request.module.__name__.rpartition('.')[2]}"
    program = Program(
        name,
        celery("beat", f"--schedule={logs / name}.schedule"),
        {**environment, **outbox_settings},
        logs,
        ready=r"beat: Starting",
    )
    program.start()
    yield program
    program.stop()


@pytest.fixture(scope="module")
def run_worker(
    request: pytest.FixtureRequest,
    site: Site,
    environment: dict[str, str],
    outbox_settings: dict[str, str],
    logs: Path,
) -> Iterator[Callable[[], Program]]:
    """Starts a Celery worker, as many as a test asks for; all stop at the end of the module.

    One task at a time (solo pool), so a kill cuts a batch short at one e-mail.
    """
    started: list[Program] = []

    def start() -> Program:
        name = f"worker-{request.module.__name__.rpartition('.')[2]}-{len(started) + 1}"
        worker = Program(
            name,
            celery("worker", "--pool=solo", f"--hostname={name}@%h"),
            {**environment, **outbox_settings},
            logs,
            ready=r"\bready\.",
        )
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture(scope="session")
def course(site: Site) -> dict:
    """A published welding course whose provider wants to hear of sign-ups."""
    return site.stored(
        "SELECT c.slug, c.title, p.intake_email FROM trajectories_course c"
        " JOIN trajectories_provider p ON p.id = c.provider_id"
        " WHERE c.is_published AND p.intake_email <> '' AND c.title ILIKE %s"
        " ORDER BY c.slug LIMIT 1",
        "%lassen%",
    )[0]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed fault test shows the end of what the programs under test wrote."""
    report = yield
    if report.failed and HERE in item.path.parents and "logs" in getattr(item, "funcargs", {}):
        for log in sorted(item.funcargs["logs"].glob("*.log")):
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
            report.sections.append((f"{log.name} (last 40 lines)", tail))
    return report
