"""The home page's search box in a real browser: without JavaScript, on a phone, axe-core clean."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.regions.factories import SectorFactory
from tests.trajectories.factories import CourseFactory

pytestmark = pytest.mark.e2e


def test_a_search_from_the_home_page_shows_the_catalogue_results(
    browser, live_server, assert_accessible, tmp_path
):
    CourseFactory(title="Lasser MIG/MAG", sector=SectorFactory())
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", viewport={"width": 375, "height": 667}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        # To look at: SCREENSHOTS=<a folder> pytest tests/e2e/test_home_search.py
        page.screenshot(path=Path(os.environ.get("SCREENSHOTS") or tmp_path) / "home-375.png")
        page.get_by_label("Zoek een opleiding").fill("lassen")
        page.get_by_role("search").get_by_role("button", name="Zoeken").click()

        expect(page).to_have_url(re.compile(r"/opleidingen/\?q=lassen&gemeente=$"))
        expect(page.locator("#results-title")).to_have_text("1 opleiding gevonden")
    finally:
        context.close()
    checked = browser.new_page()
    try:
        checked.goto(live_server.url + "/")
        assert_accessible(checked)
    finally:
        checked.close()
