"""The cache: Redis while it answers, this process's memory while it does not.

Redis is an accelerator, never a single point of failure (docs/resilience.md). Everything that
uses Django's cache (the catalogue's summaries, django-ratelimit's counters for the intake and
interest forms, allauth's sign-in limits and their locks) goes on working while Redis is down:
each web process then counts and remembers on its own, and tries Redis again after
RETRY_AFTER_SECONDS. Part of the base layer of `poort`.
"""

import logging
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Refused, reset, timed out, or still loading: Redis cannot be used for now.
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
RETRY_AFTER_SECONDS = 5
CACHE_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    """Django's RedisCache that turns to a local-memory cache when Redis cannot be reached.

    While Redis is down no call waits for it again until RETRY_AFTER_SECONDS have passed, so a
    page pays at most one failed connection per process in that time.
    """

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        local = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params}
        self.fallback = LocMemCache(f"fallback-for-{server}", local)
        self.down_until = 0.0
        self.down_since: float | None = None

    def redis_failed(self, error: Exception) -> None:
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = now
            logger.warning(
                "Redis cannot be reached (%s); the cache and rate limits use this process's "
                "memory until it answers again",
                error.__class__.__name__,
            )
        self.down_until = now + RETRY_AFTER_SECONDS

    def redis_answered(self) -> None:
        if self.down_since is not None:
            logger.warning(
                "Redis answers again after %.0f s; the cache is shared again",
                time.monotonic() - self.down_since,
            )
            self.down_since = None


def _redis_or_memory(name: str):
    def method(self: FallbackRedisCache, *args, **kwargs):
        if time.monotonic() >= self.down_until:
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except REDIS_DOWN as error:
                self.redis_failed(error)
            else:
                self.redis_answered()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or the local memory's while Redis is down."
    return method


for _name in CACHE_METHODS:
    setattr(FallbackRedisCache, _name, _redis_or_memory(_name))
