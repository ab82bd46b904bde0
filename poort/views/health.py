from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from poort.health import broker_state, database_is_up


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = "up" if database_is_up() else "down"
    status = 200 if database == "up" else 503
    return JsonResponse({"database": database, "broker": broker_state()}, status=status)
