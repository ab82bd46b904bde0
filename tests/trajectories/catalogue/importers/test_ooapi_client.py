"""Reading an OOAPI v5 endpoint as a client: its pages, its offerings per course, retries
on 5xx and 429, and conditional requests, against a small server in the test."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from trajectories.catalogue.importers import import_and_record, import_courses, ooapi_client
from trajectories.catalogue.importers.common import ImportSourceError
from trajectories.models import Course, ImportRun

pytestmark = pytest.mark.django_db

ORGANIZATION = "d1e2f3a4-0000-4000-8000-000000000001"


def course(number: int) -> dict:
    return {
        "courseId": f"course-{number}",
        "primaryCode": {"codeType": "courseCode", "code": f"C{number}"},
        "name": [{"language": "nl-NL", "value": f"Lassen deel {number}"}],
        "abbreviation": f"C{number}",
        "level": "secondary vocational education 2",
        "description": [{"language": "nl-NL", "value": "Lassen in de praktijk."}],
        "teachingLanguage": "nld",
        "modeOfDelivery": ["on campus"],
        "organization": ORGANIZATION,
    }


def offering(number: int) -> dict:
    """As /courses/{id}/offerings gives it: without the course, which is in the path."""
    return {
        "offeringId": f"offering-{number}",
        "primaryCode": {"codeType": "offeringCode", "code": f"O{number}"},
        "offeringType": "course",
        "name": [{"language": "nl-NL", "value": "September"}],
        "description": [{"language": "nl-NL", "value": "Start in september."}],
        "teachingLanguage": "nld",
        "resultExpected": False,
        "startDate": "2026-09-01",
        "endDate": "2026-12-18",
        "addresses": [{"addressType": "teaching", "city": "Zwolle"}],
        "priceInformation": [{"costType": "total costs", "amount": f"{100 * number}.00"}],
    }


def page(items: list, number: int, last: int) -> dict:
    return {
        "pageSize": 2,
        "pageNumber": number,
        "hasPreviousPage": number > 1,
        "hasNextPage": number < last,
        "totalPages": last,
        "items": items,
    }


class Endpoint(BaseHTTPRequestHandler):
    """Three pages of courses (two each, one on the last); page 2 fails once with 503,
    page 3 answers 429 once; every answer has an ETag, and If-None-Match gets a 304."""

    protocol_version = "HTTP/1.1"  # keeps the connection open
    disable_nagle_algorithm = True
    requests: list
    failures: dict
    connections: set

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        self.requests.append((parts.path, query, dict(self.headers)))
        self.connections.add(self.client_address)
        path = parts.path.removeprefix("/v5")
        number = int(query.get("pageNumber", "1"))
        if path == "/courses" and self.failures.pop((path, number), None):
            if number == 2:
                return self.answer(503, {"title": "Even niet"})
            return self.answer(429, {"title": "Te vaak"}, {"Retry-After": "2"})
        if path == "/organizations":
            organization = {
                "organizationId": ORGANIZATION,
                "primaryCode": {"codeType": "brin", "code": "97ZZ"},
                "organizationType": "root",
                "name": [{"language": "nl-NL", "value": "Vakschool Zwolle"}],
                "shortName": "VZ",
            }
            return self.answer(200, page([organization], 1, 1))
        if path == "/courses":
            numbers = {1: [1, 2], 2: [3, 4], 3: [5]}[number]
            return self.answer(200, page([course(n) for n in numbers], number, 3))
        if path.startswith("/courses/course-") and path.endswith("/offerings"):
            n = int(path.split("/")[2].removeprefix("course-"))
            return self.answer(200, page([offering(n)], 1, 1))
        return self.answer(404, {"title": "Niet aangeboden"})

    def answer(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        etag = f'"{hash(data)}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 200:
            self.send_header("ETag", etag)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[tuple[str, type[Endpoint]]]:
    handler = type(
        "TestEndpoint",
        (Endpoint,),
        {
            "requests": [],
            "failures": {("/courses", 2): True, ("/courses", 3): True},
            "connections": set(),
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v5/", handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(ooapi_client, "sleep", waited.append)
    return waited


def test_it_reads_every_page_and_the_offerings_of_every_course(sectors, endpoint, pauses):
    url, handler = endpoint

    report = import_courses("ooapi-endpoint", url)

    assert (report.created, report.invalid) == (5, [])
    assert sorted(Course.objects.values_list("source_id", "price")) == [
        (f"course-{n}", 100 * n) for n in range(1, 6)
    ]
    assert {course.provider.name for course in Course.objects.all()} == {"Vakschool Zwolle"}
    pages = [query for path, query, _ in handler.requests if path == "/v5/courses"]
    assert [q["pageNumber"] for q in pages] == ["1", "2", "2", "3", "3"]
    assert all(q["pageSize"] == str(ooapi_client.PAGE_SIZE) for q in pages)


def test_it_keeps_its_connections_open_one_for_the_lists_and_a_few_for_the_offerings(
    sectors, endpoint, pauses
):
    url, handler = endpoint

    import_courses("ooapi-endpoint", url)

    assert len(handler.requests) == 13  # 1 organization, 2 not offered, 5 pages, 5 offerings
    assert len(handler.connections) <= 1 + ooapi_client.PARALLEL_REQUESTS


def test_it_tries_again_after_a_5xx_with_backoff_and_after_a_429_as_retry_after_says(
    sectors, endpoint, pauses
):
    url, _handler = endpoint

    import_courses("ooapi-endpoint", url)

    assert pauses == [ooapi_client.FIRST_PAUSE_SECONDS, 2.0]


def test_it_names_itself_and_asks_only_for_what_changed_the_second_time(sectors, endpoint, pauses):
    url, handler = endpoint
    import_courses("ooapi-endpoint", url)
    handler.requests.clear()

    report = import_courses("ooapi-endpoint", url)

    assert (report.created, report.unchanged) == (0, 5)
    user_agents = {headers["User-Agent"] for _, _, headers in handler.requests}
    assert user_agents == {ooapi_client.USER_AGENT}
    answered = [path for path, _, headers in handler.requests if "If-None-Match" in headers]
    assert "/v5/courses" in answered and "/v5/courses/course-1/offerings" in answered


def test_an_endpoint_that_keeps_failing_is_recorded_as_not_readable_and_nothing_saved(
    sectors, endpoint, pauses
):
    url, handler = endpoint
    handler.failures = {}
    handler.do_GET = lambda self: self.answer(500, {"title": "Stuk"})  # type: ignore[method-assign]

    run, report = import_and_record("ooapi-endpoint", url)

    assert report is None
    assert run.status == ImportRun.Status.FAILED
    assert "answered with HTTP 500" in run.error
    assert len(pauses) == ooapi_client.ATTEMPTS - 1
    assert not Course.objects.exists()


def test_an_endpoint_without_programs_or_courses_is_not_a_source(endpoint, pauses):
    url, _handler = endpoint

    with pytest.raises(ImportSourceError, match="offers neither"):
        import_courses("ooapi-endpoint", url + "nothing-here/")


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), ("", None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_is_read_as_seconds_or_a_date(header, seconds):
    assert ooapi_client.retry_after(header) == seconds
