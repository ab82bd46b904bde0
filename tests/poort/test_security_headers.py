"""Every public page is served with the security headers a browser needs to protect visitors."""

import re

import pytest
from csp.constants import SELF
from django.http import HttpResponse

from poort.middleware import CachedPolicyCSPMiddleware
from tests.public_pages import PUBLIC_PAGES, create_public_page_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_response(client, request):
    create_public_page_content()
    page = request.param
    response = client.get(page.path, follow=True)
    assert response.status_code == page.status, page.path
    return response


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


all_public_pages = pytest.mark.parametrize(
    "page_response", PUBLIC_PAGES, ids=[page.name for page in PUBLIC_PAGES], indirect=True
)


@all_public_pages
def test_the_content_security_policy_allows_no_inline_code_and_no_eval(page_response):
    policy = page_response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    parsed = directives(page_response)
    assert parsed["script-src"][0] == "'self'"
    assert any(value.startswith("'nonce-") for value in parsed["script-src"])
    assert parsed["style-src"] == ["'self'"]
    assert parsed["frame-ancestors"] == ["'none'"]
    assert parsed["object-src"] == ["'none'"]


@all_public_pages
def test_the_page_forbids_sniffing_framing_and_leaking_the_address(page_response):
    assert page_response["X-Content-Type-Options"] == "nosniff"
    assert page_response["X-Frame-Options"] == "DENY"
    assert page_response["Referrer-Policy"] == "same-origin"
    assert page_response["Cross-Origin-Opener-Policy"] == "same-origin"


@all_public_pages
def test_every_script_carries_the_nonce_of_the_policy(page_response):
    nonce = re.search(r"'nonce-([^']+)'", page_response["Content-Security-Policy"]).group(1)
    html = page_response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    # JSON-LD for search engines is a data block, which no browser runs (docs/frontend.md).
    scripts = [script for script in scripts if 'type="application/ld+json"' not in script]
    assert scripts, "the page loads htmx and poort.js"
    for script in scripts:
        assert f'nonce="{nonce}"' in script, script
        assert "src=" in script, f"inline script: {script}"


@all_public_pages
def test_the_page_has_no_inline_styles_or_event_handlers(page_response):
    html = page_response.content.decode()
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# The policy is built once per process (poort.middleware.CachedPolicyCSPMiddleware)


def test_a_response_that_asks_for_no_nonce_gets_the_policy_without_one(client):
    response = client.get("/healthz")
    parsed = directives(response)
    assert parsed["script-src"] == ["'self'"]
    assert parsed["object-src"] == ["'none'"]


def test_the_policy_follows_a_change_of_the_settings(client, settings):
    client.get("/")
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": [SELF]}
    }
    assert directives(client.get("/privacy/"))["img-src"] == ["'self'"]


def test_a_view_with_a_policy_of_its_own_keeps_it(rf):
    def view_with_a_map(request):
        response = HttpResponse("map")
        response._csp_update = {"img-src": ["https://tiles.example"]}
        return response

    response = CachedPolicyCSPMiddleware(view_with_a_map)(rf.get("/kaart/"))
    assert "https://tiles.example" in directives(response)["img-src"]
    assert directives(response)["frame-ancestors"] == ["'none'"]
