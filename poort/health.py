"""Health of the services Gouden Poort depends on, and /healthz that reports it."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, else 503; the broker's state is told, not judged."""
    database = "up" if database_is_up() else "down"
    status = 200 if database == "up" else 503
    return JsonResponse({"database": database, "broker": broker_state()}, status=status)


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
