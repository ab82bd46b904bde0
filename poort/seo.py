"""What search engines and sharing sites read in a page's <head> (docs/frontend.md, "Search
engines and sharing"): the canonical address, the same page in the other languages, whether the
page may be indexed, and structured data (JSON-LD) written safely into a page.

Part of the base layer of `poort`: it imports no app.
"""

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Open Graph names a language with its country.
OPEN_GRAPH_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
SHARING_IMAGE = "img/og-image.png"
SHARING_IMAGE_SIZE = (1200, 630)

# As Django's json_script: nothing in the JSON can end the <script> element or open a comment.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_url(path: str) -> str:
    """The full address of a path on this site, with the configured SITE_URL, never the Host
    header a request brought."""
    return settings.SITE_URL + path


@dataclass
class PageLinks:
    """The links of one page, worked out only when a template asks for them."""

    request: HttpRequest

    @cached_property
    def translations(self) -> dict[str, str]:
        """The page's address in every language, when it has one per language (a public page);
        empty for the dashboard, the API, a person's own page or an unknown address."""
        path = self.request.path
        urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        return urls if len(set(urls.values())) == len(urls) else {}

    @property
    def is_public(self) -> bool:
        return bool(self.translations)

    @property
    def canonical_url(self) -> str:
        """Without the query string: a filtered, sorted or later page of a list, or a page with a
        choice filled in, points to the page itself."""
        return site_url(self.request.path)

    @property
    def alternates(self) -> list[tuple[str, str]]:
        """hreflang and address: each language, and x-default for the Dutch address, which sends
        a visitor who prefers English on to the English one."""
        links = [(code, site_url(url)) for code, url in self.translations.items()]
        if links:
            links.append(("x-default", site_url(self.translations[settings.LANGUAGE_CODE])))
        return links

    @property
    def is_variant(self) -> bool:
        """A public page asked for with a query string (filters, a sort, a page, answers): worth
        following, not worth a place of its own in a search engine."""
        return self.is_public and bool(self.request.GET)

    @property
    def locale(self) -> str:
        return OPEN_GRAPH_LOCALES.get(get_language(), OPEN_GRAPH_LOCALES[settings.LANGUAGE_CODE])

    @property
    def other_locales(self) -> list[str]:
        return [locale for locale in OPEN_GRAPH_LOCALES.values() if locale != self.locale]

    @property
    def image_url(self) -> str:
        return site_url(static(SHARING_IMAGE))

    image_width, image_height = SHARING_IMAGE_SIZE


def page_links(request: HttpRequest) -> dict[str, PageLinks]:
    """Context processor: `page_links` for the <head> of base.html."""
    return {"page_links": PageLinks(request)}


def json_ld(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> with the data as JSON, escaped so that no text in
    it (a course title with "</script>", say) can end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    escaped = mark_safe(text)  # noqa: S308 -- no <, > or & is left in it
    return format_html('<script type="application/ld+json">{}</script>', escaped)
