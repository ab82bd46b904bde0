"""Tags for the <head>: a block's text once more (the page's title and description also go to
Open Graph and Twitter cards), and structured data as JSON-LD (poort/seo.py)."""

from typing import Any

from django import template
from django.conf import settings
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from poort import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context: template.Context, name: str) -> SafeString:
    """What the page's block `name` rendered (its own or the layout's), stripped: one title and
    one description per page, written where the layout needs them."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block(name) if block_context else None
    if node is None:
        return mark_safe("")
    with context.push():
        block = BlockNode(node.name, node.nodelist)
        block.context = context
        context["block"] = block
        text = node.nodelist.render(context)
    return mark_safe(" ".join(text.split()))  # noqa: S308 -- the template escaped it


@register.simple_tag
def json_ld(data: dict[str, Any] | None) -> SafeString:
    return seo.json_ld(data) if data else mark_safe("")


@register.simple_tag
def site_json_ld() -> SafeString:
    """The home page's structured data: who runs the site, and its course search."""
    home = seo.site_url(reverse("home"))
    search = seo.site_url(reverse("catalogue"))
    return seo.json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Organization",
                    "@id": f"{home}#organisation",
                    "name": settings.ORGANISATION_NAME,
                    "url": home,
                    "logo": seo.site_url(static("img/apple-touch-icon.png")),
                    "email": settings.CONTACT_EMAIL,
                },
                {
                    "@type": "WebSite",
                    "name": "Gouden Poort",
                    "url": home,
                    "inLanguage": get_language(),
                    "publisher": {"@id": f"{home}#organisation"},
                    "potentialAction": {
                        "@type": "SearchAction",
                        "target": f"{search}?q={{search_term_string}}",
                        "query-input": "required name=search_term_string",
                    },
                },
            ],
        }
    )
