from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .api import api


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation as a plain page (no script, readable by everyone), made from
    the same OpenAPI document as /api/v1/openapi.json."""
    document = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    operations = [
        {"method": method.upper(), "path": address, **operation}
        for address, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    context = {"document": document, "operations": operations}
    return render(request, "api/docs.html", context)
