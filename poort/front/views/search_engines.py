"""robots.txt and favicon.ico: what crawlers and browsers ask for at the site's root (the
sitemap is django.contrib.sitemaps' own views, seo_urls.py)."""

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Pages for one person or for staff, and the partner part of the API: no crawler needs them.
# A person's own pages also say noindex, and are only found through the link in their e-mail.
NOT_FOR_CRAWLERS = [
    "/dashboard/",
    "/beheer/",
    "/aanvraag/",
    "/hoe-gaat-het/",
    "/accounts/",
    "/i18n/",
    "/api/v1/aanmeldingen",
]


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_FOR_CRAWLERS), "Allow: /"]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap_index')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponse:
    icon = favicon_bytes()
    if icon is None:
        raise Http404
    return HttpResponse(icon, content_type="image/vnd.microsoft.icon")


@functools.cache
def favicon_bytes() -> bytes | None:
    """static/favicon.ico, read once per process."""
    path = finders.find("favicon.ico")
    if path is None:
        return None
    with open(path, "rb") as file:
        return file.read()
