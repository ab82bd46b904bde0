"""Health of the services Gouden Poort depends on, for /healthz."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_state() -> str:
    """'up' or 'down' for Redis; 'in-process' when no broker is configured."""
    if not settings.REDIS_URL:
        return "in-process"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return "up" if client.ping() else "down"
    except redis.RedisError:
        return "down"
    finally:
        client.close()
