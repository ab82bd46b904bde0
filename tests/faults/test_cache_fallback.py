"""The cache while its Redis is stopped: the rate limits go on counting, in this process's
memory, and nothing waits for Redis; once Redis answers again the cache is shared again
(poort/cache.py). Against a redis-server of this test's own, never the shared one."""

import time

import pytest
import redis
from django.core.cache import cache
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

import poort.cache
from tests.faults.harness import REDIS_SERVER, OwnRedis

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs the redis-server program")


@pytest.fixture
def redis_cache(settings, monkeypatch):
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "poort.cache.FallbackRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "poort",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(poort.cache, "RETRY_AFTER_SECONDS", 0.5)
    yield server
    server.stop()


def submission_limited(request) -> bool:
    return is_ratelimited(request, group="intake", key="ip", rate="5/h", increment=True)


def test_with_redis_up_the_counts_are_kept_in_redis_for_every_process(redis_cache):
    request = RequestFactory().post("/orienteren/", REMOTE_ADDR="192.0.2.1")

    assert not submission_limited(request)

    assert redis.Redis.from_url(redis_cache.url).dbsize() == 1


def test_with_redis_stopped_the_sixth_submission_is_still_refused_without_waiting(redis_cache):
    request = RequestFactory().post("/orienteren/", REMOTE_ADDR="192.0.2.1")
    with redis_cache.down():
        started = time.monotonic()
        answers = [submission_limited(request) for _ in range(6)]
        took = time.monotonic() - started

    assert answers == [False] * 5 + [True]
    assert took < 0.5


def test_with_redis_stopped_the_cache_still_remembers_within_this_process(redis_cache):
    with redis_cache.down():
        cache.set("summary", {"count": 12})

        assert cache.get("summary") == {"count": 12}
        assert cache.get_or_set("other", 3) == 3


def test_once_redis_answers_again_the_cache_is_shared_again(redis_cache):
    with redis_cache.down():
        cache.set("during", 1)
    time.sleep(0.6)  # the 0.5 s this test gives the cache before it tries Redis again

    cache.set("after", 2)

    assert redis.Redis.from_url(redis_cache.url).dbsize() == 1
    assert cache.get("during") is None, "what was kept in memory is not mixed into Redis"
