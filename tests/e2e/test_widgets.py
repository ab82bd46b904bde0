"""A regional site on another origin, with a strict CSP of its own, embeds the widgets with
one script: in Chromium it shows the region's courses and desk in its own colours, sets no
cookie and passes axe-core; without JavaScript it shows the links to Gouden Poort (plain links
of the host's page: axe-core itself needs JavaScript to run)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_coordinator import sign_in_as_coordinator
from tests.regions.factories import SectorFactory, active_desk, region
from tests.trajectories.factories import OfferingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Leren en werken in Groningen</title>
  <link rel="stylesheet" href="/host.css">
  <script src="{poort}/api/v1/widgets/widget.js" defer></script>
</head>
<body>
  <main>
    <h1>Leren en werken in Groningen</h1>
    <gouden-poort-opleidingen regio="groningen" aantal="3">
      <a href="{poort}/opleidingen/?regio=groningen">Opleidingen in Groningen</a>
    </gouden-poort-opleidingen>
    <gouden-poort-loket regio="groningen">
      <a href="{poort}/regio/groningen/">Advies over leren en werken in Groningen</a>
    </gouden-poort-loket>
  </main>
</body>
</html>
"""
HOST_CSS = "body { font-family: sans-serif; } gouden-poort-loket { --gp-accent: #004d26; }"


class RegionalSite:
    """A second origin (127.0.0.1, where the live server is localhost) with its own CSP:
    nothing inline, scripts and fetches only from Gouden Poort, Trusted Types required."""

    def __init__(self, poort: str) -> None:
        page, policy = (
            HOST_PAGE.format(poort=poort).encode(),
            (
                f"default-src 'none'; script-src {poort}; connect-src {poort}; style-src 'self'; "
                "require-trusted-types-for 'script'; trusted-types gouden-poort"
            ),
        )

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, kind = (
                    (HOST_CSS.encode(), "text/css")
                    if self.path == "/host.css"
                    else (
                        page,
                        "text/html; charset=utf-8",
                    )
                )
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Security-Policy", policy)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def regional_site(live_server, settings):
    settings.SITE_URL = live_server.url
    OfferingFactory(course__title="Lasser MIG/MAG")
    active_desk(region("AM01"))
    site = RegionalSite(live_server.url)
    yield site
    site.stop()


def test_a_regional_site_shows_its_courses_and_desk_with_one_script(
    page: Page, regional_site, assert_accessible
):
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    page.goto(regional_site.url)
    expect(page.get_by_role("heading", name="Opleidingen in Groningen", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Lasser MIG/MAG")).to_be_visible()
    advice = page.get_by_role("link", name="Vraag advies")
    expect(advice).to_be_visible()
    # The host's colour, set with a custom property in its own style sheet.
    background = advice.evaluate("link => getComputedStyle(link).backgroundColor")
    assert background == "rgb(0, 77, 38)"
    assert not refused, refused
    assert page.context.cookies() == []
    assert_accessible(page)

    page.get_by_role("link", name="Lasser MIG/MAG").click()
    expect(page.get_by_role("heading", name="Lasser MIG/MAG", level=1)).to_be_visible()


def test_without_javascript_the_site_shows_the_links_to_gouden_poort(
    browser: Browser, regional_site
):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(regional_site.url)
    expect(page.get_by_role("link", name="Opleidingen in Groningen")).to_be_visible()
    expect(
        page.get_by_role("link", name="Advies over leren en werken in Groningen")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Lasser MIG/MAG")).to_have_count(0)
    context.close()


def test_a_coordinator_makes_the_code_for_a_field_on_an_accessible_page(
    page: Page, live_server, assert_accessible
):
    SectorFactory(name="Koudetechniek")
    groningen = region("AM01")
    sign_in_as_coordinator(page, live_server, f"/dashboard/regio/{groningen.slug}/widgets/")
    assert_accessible(page)
    page.get_by_label("Alleen opleidingen in dit vakgebied").select_option(label="Koudetechniek")
    page.get_by_role("button", name="Maak de code").click()
    expect(page.locator("#widget-code")).to_contain_text('vakgebied="koudetechniek"')
    assert_accessible(page)
