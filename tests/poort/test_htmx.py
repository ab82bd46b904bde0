"""poort.htmx.render_page_or_partial: one URL answers with the page, or to htmx with its partial."""

import pytest
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from poort.htmx import render_page_or_partial

PAGE = """{% load partials %}<h1>The page</h1>
{% partialdef results inline %}<p>{{ count }} results</p>{% endpartialdef %}
<footer>The end</footer>"""


@pytest.fixture(autouse=True)
def page_template(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "template_partials.loader.Loader",
                        [("django.template.loaders.locmem.Loader", {"page.html": PAGE})],
                    )
                ],
            },
        }
    ]


def get(headers: dict[str, str] | None = None):
    request = RequestFactory().get("/results/", headers=headers or {})
    request.htmx = HtmxDetails(request)
    return request


def test_a_plain_request_gets_the_whole_page():
    response = render_page_or_partial(get(), "page.html", "results", {"count": 3})

    assert response.content.decode() == (
        "<h1>The page</h1>\n<p>3 results</p>\n<footer>The end</footer>"
    )
    assert "HX-Push-Url" not in response


def test_an_htmx_request_gets_only_the_named_partial():
    request = get({"HX-Request": "true"})

    response = render_page_or_partial(request, "page.html", "results", {"count": 3})

    assert response.content.decode() == "<p>3 results</p>"


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_every_answer_tells_caches_it_depends_on_hx_request(headers):
    response = render_page_or_partial(get(headers), "page.html", "results", {"count": 3})

    assert response["Vary"] == "HX-Request"


def test_a_history_restore_request_gets_the_whole_page():
    request = get({"HX-Request": "true", "HX-History-Restore-Request": "true"})

    response = render_page_or_partial(
        request, "page.html", "results", {"count": 3}, push_url="/results/?page=2"
    )

    assert "<h1>The page</h1>" in response.content.decode()
    assert "HX-Push-Url" not in response


def test_the_partial_tells_htmx_which_address_to_show():
    request = get({"HX-Request": "true"})

    response = render_page_or_partial(
        request, "page.html", "results", {"count": 3}, push_url="/results/?page=2"
    )

    assert response["HX-Push-Url"] == "/results/?page=2"


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_the_status_is_the_one_asked_for(headers):
    response = render_page_or_partial(get(headers), "page.html", "results", status=503)

    assert response.status_code == 503
