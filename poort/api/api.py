"""The NinjaAPI of /api/v1/: its errors as problem+json, and its routers (docs/api.md)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .edge import API_VERSION, problem


class GoudenPoortAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


api = GoudenPoortAPI(
    title="Gouden Poort API",
    version=API_VERSION,
    description=(
        "Het openbare en partner-API van Gouden Poort: opleidingen, regelingen, de "
        "financieringscheck, regio's, loketten en initiatieven; met een partnersleutel ook "
        "de aanmeldingen van de eigen regio. Zie /api/v1/docs."
    ),
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
    openapi_extra={
        "info": {
            "contact": {"name": "Gouden Poort", "url": "https://goudenpoort.nl/"},
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
    },
)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    invalid_params = [
        {
            "name": ".".join(str(part) for part in item.get("loc", ())[1:]) or "body",
            "reason": item.get("msg", ""),
        }
        for item in error.errors
    ]
    return problem(400, _("The request is not valid"), invalid_params=invalid_params)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = problem(
        401, _("A valid partner key is needed"), _("Send it in the X-Api-Key header.")
    )
    response["WWW-Authenticate"] = 'ApiKey header="X-Api-Key"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(error.status_code, str(error))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem(404, _("Not found"))


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every other address under /api/v1/, a trailing slash included (ADR: none)."""
    return problem(404, _("Not found"), _("See /api/v1/openapi.json for the addresses."))
