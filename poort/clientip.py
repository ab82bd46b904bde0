"""The address of the person's device, also behind our own reverse proxies.

Used for rate limits (django-ratelimit's RATELIMIT_IP_META_KEY). With TRUSTED_PROXIES = N,
the N right-most addresses in X-Forwarded-For were added by our own proxies and the one
before them is the client's; anything further left was sent by the client and is not trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        client = forwarded[0] if forwarded else remote
    else:
        client = forwarded[-proxies]
    # A value that is no address ("unknown", a port, made up) would break the rate limits.
    return client if is_ip_address(client) else remote


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
