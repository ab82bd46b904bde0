"""Webhooks: the outbox's second channel (docs/api.md, "Webhooks").

The casework announces an event through `poort.outbox.announce`, in the transaction of the
change; the outbox writes one row per endpoint that listens and sends it as it sends e-mails
(the same claim, retries and sweep). The endpoints themselves are kept by `poort.api`, which
the base may not import: it fills the directory below when it starts (its AppConfig.ready),
so the arrows stay casework → base ← api.

Signing follows the Standard Webhooks specification (https://www.standardwebhooks.com/):
headers `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
"id.timestamp.body" keyed with the secret's bytes>`; secrets are `whsec_` + base64.
"""

import base64
import dataclasses
import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Collection
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret

# The event types a coordinator can choose, in the order the dashboard shows them.
REFERRAL_CREATED = "referral.created"
REFERRAL_STATUS_CHANGED = "referral.status_changed"
REFERRAL_REFERRED_ON = "referral.referred_on"
CHECK_IN_NEEDS_ATTENTION = "check_in.needs_attention"
EVENTS = (REFERRAL_CREATED, REFERRAL_STATUS_CHANGED, REFERRAL_REFERRED_ON, CHECK_IN_NEEDS_ATTENTION)


@dataclasses.dataclass(frozen=True)
class Target:
    url: str
    secret: str


class Directory(Protocol):
    def listening(self, event: str, region_ids: Collection[int]) -> list[int]:
        """The ids of the active endpoints of these regions that want this event."""

    def target(self, endpoint_id: int) -> Target | None:
        """Where to send and how to sign; None when the endpoint is gone or switched off."""


class _NoEndpoints:
    def listening(self, event: str, region_ids: Collection[int]) -> list[int]:
        return []

    def target(self, endpoint_id: int) -> Target | None:
        return None


directory: Directory = _NoEndpoints()


def register(new_directory: Directory) -> None:
    global directory
    directory = new_directory


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header's value for one try."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def is_allowed_url(url: str) -> bool:
    """HTTPS to a public host name or address; plain HTTP only to this machine, and only
    where WEBHOOK_ALLOW_LOCAL_HTTP is on (DEBUG and the tests)."""
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname or "", parts.port  # a port that is no number raises
    except ValueError:
        return False
    if parts.username or parts.password or not host:
        return False
    local = host == "localhost" or _is_loopback(host)
    if parts.scheme == "http":
        return local and settings.WEBHOOK_ALLOW_LOCAL_HTTP
    if parts.scheme != "https":
        return False
    if local:
        return settings.WEBHOOK_ALLOW_LOCAL_HTTP
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return True  # a host name


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def post(target: Target, *, webhook_id: str, body: bytes) -> int:
    """One try: POST the body, signed for this moment; the response's status code.

    Redirects are not followed (a 3xx counts as a failed try); the connection and the answer
    each wait at most WEBHOOK_TIMEOUT seconds. A host name is resolved once and must point to
    public addresses only; the connection goes to the address checked (no second look-up that
    could answer otherwise), with the name for TLS. Raises for a refused URL or a network
    error."""
    if not is_allowed_url(target.url):
        raise ValueError("The endpoint's address is not allowed (HTTPS only)")
    parts = urlsplit(target.url)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GoudenPoort-Webhooks/1",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(target.secret, webhook_id, timestamp, body),
    }
    timeout = settings.WEBHOOK_TIMEOUT
    if parts.scheme == "http":  # only to this machine (is_allowed_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    else:
        address = public_address(parts.hostname, parts.port or 443)
        connection = _PinnedHTTPSConnection(parts.hostname, parts.port, address, timeout)
    try:
        path = parts.path or "/"
        connection.request("POST", f"{path}?{parts.query}" if parts.query else path, body, headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is neither needed nor kept
        return response.status
    finally:
        connection.close()


def public_address(host: str, port: int) -> str:
    """The address to connect to for this host: the first one, when every address it has is
    public (or, where WEBHOOK_ALLOW_LOCAL_HTTP allows it, this machine)."""
    if _is_loopback(host) or host == "localhost":
        if not settings.WEBHOOK_ALLOW_LOCAL_HTTP:
            raise ValueError("The endpoint's address is not allowed (this machine)")
        return "127.0.0.1" if host == "localhost" else host
    addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    if not addresses or not all(ipaddress.ip_address(a).is_global for a in addresses):
        raise ValueError("The endpoint's host name points to an address that is not public")
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address checked beforehand, with the host name for SNI and certificates."""

    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.checked_address = address
        self.tls_context = ssl.create_default_context()

    def connect(self) -> None:
        raw = socket.create_connection((self.checked_address, self.port), self.timeout)
        self.sock = self.tls_context.wrap_socket(raw, server_hostname=self.host)
