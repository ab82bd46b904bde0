"""What search engines and browsers ask for at fixed addresses: robots.txt, the sitemap and
favicon.ico (docs/frontend.md, "Search engines and sharing"). One address, no /en/ version:
the sitemap lists both languages."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .sitemaps import SITEMAPS
from .views import search_engines

urlpatterns = [
    path("robots.txt", search_engines.robots_txt, name="robots_txt"),
    path("favicon.ico", search_engines.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
