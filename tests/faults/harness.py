"""The real services of the fault tests, which the tests start, stop and kill themselves.

- OwnPostgres: a PostgreSQL cluster of its own in a temporary directory (initdb, pg_ctl).
- OwnRedis: a redis-server of its own on a free port, restartable on the same port.
- Program: one of the project's programs (gunicorn, a Celery worker or beat) in a subprocess.
- Site: the app under test (its address, its gunicorn, its database); manage() runs
  manage.py commands against it.
- Visitor: a person's browser, reduced to cookies, redirects and the site's CSRF token.
- MailServer: the SMTP sink of tests/smtp.py on a port of its own, for the whole session.

Nothing here touches the shared PostgreSQL on 5432 or the shared Redis on 6379.
"""

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import EmailMessage, Message
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

import psycopg
import redis
from aiosmtpd.controller import Controller

from tests.smtp import SmtpSink, free_port

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = Path(sys.executable).parent  # the project's venv: python, gunicorn, celery
REDIS_SERVER = shutil.which("redis-server")
POSTGRES_BIN = next(
    (
        path.parent
        for path in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    ),
    None,
)


def wait_until(
    condition: Callable[[], object], timeout: float, what: str | Callable[[], str]
) -> object:
    """Poll `condition` until it returns something true; after `timeout` seconds fail with
    `what` (a callable is asked then, for the state at that moment)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            described = what() if callable(what) else what
            raise AssertionError(f"{described}: not within {timeout:.0f} s")
        time.sleep(0.1)


class OwnRedis:
    """A redis-server that the tests start and stop, without saving anything to disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *arguments, "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @contextmanager
    def down(self) -> Iterator[None]:
        """Redis is stopped inside the block and runs again after it, also when a test fails."""
        self.stop()
        try:
            yield
        finally:
            self.start()


class OwnPostgres:
    """A PostgreSQL cluster in a temporary directory, on a free port of 127.0.0.1.

    As root the server programs run as the postgres user, on a directory that user owns.
    stop() is a crash (`pg_ctl stop -m immediate`): no clean shut-down, recovery on start().
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="gp-faults-postgres-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    def create(self) -> None:
        self._server("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _server(self, program: str, *arguments: object) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*as_postgres, str(POSTGRES_BIN / program), *map(str, arguments)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}\n{log}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._server("pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "start")

    def stop(self) -> None:
        self._server("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    @contextmanager
    def down(self) -> Iterator[None]:
        """The server is crashed inside the block and runs again after it, also on failure."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def remove(self) -> None:
        if self.is_running():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def rows(database_url: str, sql: str, *parameters: object) -> list[dict]:
    """What is stored, read straight from the database the app under test uses."""
    with (
        psycopg.connect(database_url, autocommit=True, connect_timeout=5) as connection,
        connection.cursor(row_factory=psycopg.rows.dict_row) as cursor,
    ):
        return cursor.execute(sql, parameters).fetchall()


class Program:
    """One of the project's programs in a subprocess of its own, with its output in a file.

    It runs in a session of its own, so kill() and stop() reach its children too (gunicorn's
    workers) and nothing else.
    """

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], logs: Path, ready: str = ""
    ) -> None:
        self.name, self.command, self.env, self.ready = name, command, env, ready
        self.log = logs / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start it, and wait until it writes its `ready` line (when it has one)."""
        with self.log.open("a") as log:
            log.write(f"--- {time.strftime('%H:%M:%S')} start: {' '.join(self.command)}\n")
            log.flush()
            self.started_at = log.tell()
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if self.ready:
            self.wait_for_output(self.ready, timeout=60)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def processes(self) -> set[int]:
        """The program's process and its children (gunicorn's workers)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return {pid, *map(int, children)}

    def kill(self) -> None:
        """SIGKILL: no clean-up, no goodbye to the broker, as when a machine dies."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.is_running():
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, number: int) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)

    def output(self, lines: int = 60) -> str:
        """The last lines the program wrote, for a failure's report."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_for_output(self, pattern: str, timeout: float) -> None:
        """Until the program writes a line matching `pattern` after its last start."""

        def written() -> bool:
            assert self.is_running(), f"{self.name} exited:\n{self.output()}"
            with self.log.open(errors="replace") as log:
                log.seek(self.started_at)
                return re.search(pattern, log.read()) is not None

        wait_until(written, timeout, f"{self.name} wrote no {pattern!r}\n{self.output()}")


@dataclass
class Page:
    """A page as the visitor got it: after redirects, with the status of the last answer."""

    status: int
    url: str
    headers: Message
    text: str

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


class _LocalCookies(DefaultCookiePolicy):
    """With DEBUG=0 the session and CSRF cookies are Secure; browsers send those to
    http://127.0.0.1 too (a secure context), and so does this visitor."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Visitor:
    """A person's browser on the site: it keeps cookies, follows redirects and sends the
    CSRF token the site gave it with every form."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = CookieJar(policy=_LocalCookies())
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> Page:
        return self._open(self._request(path))

    def post(self, path: str, fields: dict | list[tuple[str, str]]) -> Page:
        """Send a form: `fields` as a browser sends them (a list value: one field per item)."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if not any(name == "csrfmiddlewaretoken" for name, _ in pairs):
            pairs.append(("csrfmiddlewaretoken", self.cookie("csrftoken")))
        body = urlencode(pairs, doseq=True).encode()
        return self._open(self._request(path, data=body, method="POST"))

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def _request(self, path: str, **options) -> Request:
        """A request to the site under test: a path, or an address the site gave."""
        url = path if path.startswith(self.base_url) else f"{self.base_url}{path}"
        return Request(url, **options)  # noqa: S310 - always http://127.0.0.1:<port>

    def _open(self, request: Request) -> Page:
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read()
                return Page(response.status, response.url, response.headers, body.decode())
        except HTTPError as error:
            body = error.read()
            return Page(error.code, error.url, error.headers, body.decode(errors="replace"))


def hidden_fields(page: Page) -> list[tuple[str, str]]:
    """The hidden fields of a page's form, as a browser would send them again."""
    pattern = r'<input type="hidden" name="([^"]+)" value="([^"]*)"'
    return [(name, html.unescape(value)) for name, value in re.findall(pattern, page.text)]


@dataclass
class Site:
    """The app under test: where it answers, its gunicorn, and its database."""

    url: str
    gunicorn: Program
    database_url: str

    def visitor(self) -> Visitor:
        return Visitor(self.url)

    def health(self) -> int | None:
        """The status of /healthz, or None while nothing listens."""
        assert self.gunicorn.is_running(), f"gunicorn exited:\n{self.gunicorn.output()}"
        try:
            return self.visitor().get("/healthz").status
        except URLError:
            return None

    def stored(self, sql: str, *parameters: object) -> list[dict]:
        return rows(self.database_url, sql, *parameters)


def manage(environment: dict[str, str], *arguments: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)}:\n{result.stderr[-3000:]}"


class MailServer:
    """The SMTP sink of tests/smtp.py on a free port of 127.0.0.1, for the programs under test."""

    def __init__(self) -> None:
        self.sink = SmtpSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self.sink.messages)

    def received(self, public_id: object) -> list[EmailMessage]:
        """Every message that arrived for one outbox row: its Message-ID holds the row's
        public_id, the same on every try."""
        return [m for m in self.messages if f"<{public_id}@" in (m["Message-ID"] or "")]
