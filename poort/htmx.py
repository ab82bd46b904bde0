"""One URL per resource: a view answers with its whole page, or to htmx with a named partial of
that page (`{% partialdef %}` in the page's template; docs/frontend.md, "htmx fragments")."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page_or_partial(
    request: HttpRequest,
    template: str,
    partial: str,
    context: dict | None = None,
    *,
    status: int = 200,
    push_url: str | None = None,
) -> HttpResponse:
    """`template` whole, or on an htmx request only its partial `template#partial`.

    A history-restore request gets the whole page, as it replaces the whole page. `push_url`
    is the address htmx shows after the swap (HX-Push-Url). Caches hear that the answer
    depends on HX-Request, so the browser never shows a cached fragment as the page.
    """
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    name = f"{template}#{partial}" if fragment else template
    response = render(request, name, context, status=status)
    if fragment and push_url is not None:
        response["HX-Push-Url"] = push_url
    patch_vary_headers(response, ["HX-Request"])
    return response
