"""OOAPI v5 as a client: every page of an endpoint, handed to the OOAPI importer.

Given an endpoint's base URL (`https://ooapi.school.example/v5`), reads `/organizations`,
`/education-specifications`, `/programs` and `/courses` page by page as the standard
paginates them (`pageSize`, `pageNumber`, until `hasNextPage` is no longer true), then the
offerings of each program and course (`/programs/{id}/offerings`,
`/courses/{id}/offerings`, a few requests at a time). A collection the endpoint does not
offer (404 or 501) is skipped; one of `/programs` and `/courses` must be there.

Each request has a timeout and a user agent, on a connection kept open per host; a 5xx
answer, a 429 or a broken connection is tried again after a pause that doubles (or as long
as `Retry-After` says, within a limit); an answer with an `ETag` or `Last-Modified` is kept
in the cache, and the next request for it asks `If-None-Match` / `If-Modified-Since`, so an
unchanged page comes back
as 304 without a body. See docs/imports.md.
"""

import collections
import concurrent.futures
import datetime
import email.utils
import hashlib
import http.client
import threading
import time
from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.core.cache import cache
from django.utils.translation import gettext as _

from .common import URL_TIMEOUT_SECONDS, Document, ImportSourceError, dig, documents_from_bytes

USER_AGENT = "GoudenPoort/1.0 (course import, OOAPI v5 client)"
PAGE_SIZE = 100
MAX_PAGES = 10_000
ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 120.0
CACHE_SECONDS = 7 * 24 * 3600
RETRIED = {429, 500, 502, 503, 504}
# Offerings are read per program or course; this many requests are under way at once, for
# at most AHEAD owners ahead of the one being imported.
PARALLEL_REQUESTS = 4
AHEAD = 64
NOT_OFFERED = {404, 501}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
sleep = time.sleep  # the tests wait without waiting


def read_endpoint(base_url: str) -> Iterator[Document]:
    """The pages of an OOAPI v5 endpoint as documents, offerings last."""
    base = base_url.rstrip("/")
    if urlsplit(base).scheme not in ("http", "https"):
        raise ImportSourceError(
            _("Cannot fetch %(url)s: %(reason)s") % {"url": base, "reason": "http(s)?"}
        )
    connections = Connections()
    try:
        yield from collection(connections, base, "/organizations")
        yield from collection(connections, base, "/education-specifications")
        offered = False
        owners: list[tuple[str, str]] = []  # (kind, id) of every program and course
        for path, kind in (("/programs", "program"), ("/courses", "course")):
            for document in collection(connections, base, path):
                offered = True
                owners += [(kind, item_id) for item_id in ids_on(document.data, f"{kind}Id")]
                yield document
        if not offered:
            raise ImportSourceError(
                _("%(url)s offers neither /programs nor /courses.") % {"url": base}
            )
        yield from offerings_of(base, owners)
    finally:
        connections.close()


def offerings_of(base: str, owners: list[tuple[str, str]]) -> Iterator[Document]:
    """The offerings of each program and course, in their order: the standard asks one
    request per owner, so PARALLEL_REQUESTS of them are under way at a time (each thread
    on connections of its own), at most AHEAD owners before the one being read."""
    local, opened = threading.local(), []

    def pages(kind: str, owner: str) -> list[Document]:
        if not hasattr(local, "connections"):
            local.connections = Connections()
            opened.append(local.connections)
        path = f"/{kind}s/{quote(owner, safe='')}/offerings"
        documents = list(collection(local.connections, base, path))
        for document in documents:
            for offering in page_items(document.data):
                if isinstance(offering, dict) and offering.get("offeringType") == kind:
                    offering.setdefault(kind, owner)  # the owner is in the path
        return documents

    waiting = iter(owners)
    pending: collections.deque[concurrent.futures.Future] = collections.deque()
    try:
        with concurrent.futures.ThreadPoolExecutor(PARALLEL_REQUESTS) as pool:
            try:
                pending.extend(pool.submit(pages, *owner) for owner in islice(waiting, AHEAD))
                while pending:
                    documents = pending.popleft().result()
                    pending.extend(pool.submit(pages, *owner) for owner in islice(waiting, 1))
                    yield from documents
            finally:
                for future in pending:  # a failure or a reader that stopped early
                    future.cancel()
    finally:
        for connections in opened:
            connections.close()


def collection(connections: "Connections", base: str, path: str) -> Iterator[Document]:
    """Every page of one collection; nothing when the endpoint does not offer it."""
    for number in range(1, MAX_PAGES + 1):
        query = urlencode({"pageSize": PAGE_SIZE, "pageNumber": number})
        url = f"{base}{path}?{query}"
        body = fetch(connections, url)
        if body is None:
            return
        documents = list(documents_from_bytes(f"{path}?{query}", body))
        yield from documents
        if not any(dig(document.data, "hasNextPage") is True for document in documents):
            return
    raise ImportSourceError(
        _("%(url)s has more than %(pages)d pages.") % {"url": base + path, "pages": MAX_PAGES}
    )


class Connections:
    """One open connection per host, kept open between requests (HTTP/1.1 keep-alive): the
    standard asks one request per course for its offerings, and a new connection for each
    was most of the time of a read."""

    def __init__(self) -> None:
        self.open: dict[tuple[str, str], http.client.HTTPConnection] = {}

    def get(self, url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        """The answer to GET `url`, its body read, redirects followed."""
        for _redirect in range(MAX_REDIRECTS + 1):
            response = self.get_once(url, headers)
            location = response.headers.get("Location")
            if response.status not in REDIRECTS or not location:
                return response
            url = urljoin(url, location)
        return response

    def get_once(self, url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        for reused in (key in self.open, False):
            if key not in self.open:
                kind = (
                    http.client.HTTPSConnection
                    if parts.scheme == "https"
                    else http.client.HTTPConnection
                )
                self.open[key] = kind(parts.netloc, timeout=URL_TIMEOUT_SECONDS)
            connection = self.open[key]
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.body = response.read()
            except (http.client.HTTPException, OSError):
                self.drop(key)
                if reused:  # the server closed it while it was idle: once more, new
                    continue
                raise
            if response.will_close:
                self.drop(key)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def drop(self, key: tuple[str, str]) -> None:
        connection = self.open.pop(key, None)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        for key in list(self.open):
            self.drop(key)


def page_items(data: Any) -> list:
    items = dig(data, "items") if isinstance(data, dict) else data
    return items if isinstance(items, list) else []


def ids_on(data: Any, key: str) -> list[str]:
    return [
        item[key]
        for item in page_items(data)
        if isinstance(item, dict) and isinstance(item.get(key), str) and item[key].strip()
    ]


def fetch(connections: Connections, url: str) -> bytes | None:
    """The body at `url` (a 304 answered from the cache), None for 404 and 501; retries
    5xx, 429 and broken connections; ImportSourceError when it cannot be had."""
    cache_key = "ooapi-client:" + hashlib.sha256(url.encode()).hexdigest()
    kept = cache.get(cache_key)
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if kept and kept.get("etag"):
        headers["If-None-Match"] = kept["etag"]
    if kept and kept.get("last_modified"):
        headers["If-Modified-Since"] = kept["last_modified"]
    for attempt in range(1, ATTEMPTS + 1):
        pause = FIRST_PAUSE_SECONDS * 2 ** (attempt - 1)
        try:
            response = connections.get(url, headers)
        except (http.client.HTTPException, OSError) as error:
            if attempt == ATTEMPTS:
                raise ImportSourceError(
                    _("Cannot fetch %(url)s: %(reason)s") % {"url": url, "reason": error}
                ) from None
        else:
            if 200 <= response.status < 300:
                keep(cache_key, response.headers, response.body)
                return response.body
            if response.status == 304 and kept:
                return kept["body"]
            if response.status in NOT_OFFERED:
                return None
            if response.status not in RETRIED or attempt == ATTEMPTS:
                raise ImportSourceError(
                    _("%(url)s answered with HTTP %(status)d.")
                    % {"url": url, "status": response.status}
                )
            pause = retry_after(response.headers.get("Retry-After")) or pause
        if pause > LONGEST_PAUSE_SECONDS:
            raise ImportSourceError(
                _("%(url)s asks to wait %(seconds)d seconds; try again later.")
                % {"url": url, "seconds": pause}
            )
        sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


def keep(cache_key: str, headers: Any, body: bytes) -> None:
    etag, last_modified = headers.get("ETag"), headers.get("Last-Modified")
    if etag or last_modified:
        kept = {"etag": etag, "last_modified": last_modified, "body": body}
        cache.set(cache_key, kept, CACHE_SECONDS)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number, or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return max(0.0, (moment - datetime.datetime.now(datetime.UTC)).total_seconds())
