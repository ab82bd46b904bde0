"""Every public page in a real browser: axe-core finds no serious problems, at desktop width
and at 320 px; nothing scrolls sideways on a small phone; the keyboard reaches the content
first; the language switch works without JavaScript."""

import pytest

from tests.public_pages import PUBLIC_PAGES, create_public_page_content

# live_server empties every table after each test; create_public_page_content puts the
# region facts back before the next one.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
SMALL_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def browser_context_args(browser_context_args):
    # Dutch first: the browser asks for Dutch, as most visitors' browsers do.
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def site(live_server) -> str:
    create_public_page_content()
    return live_server.url


@pytest.mark.parametrize("viewport", [DESKTOP, SMALL_PHONE], ids=["desktop", "320px"])
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=[page.name for page in PUBLIC_PAGES])
def test_the_page_has_no_serious_accessibility_problems(
    page, site, public_page, viewport, assert_accessible
):
    page.set_viewport_size(viewport)
    policy_errors = []
    page.on(
        "console",
        lambda message: (
            policy_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    response = page.goto(site + public_page.path)
    assert response.status == public_page.status
    page.wait_for_load_state("load")

    assert_accessible(page)
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    assert not policy_errors
    if viewport is SMALL_PHONE:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{public_page.path} scrolls {overflow}px sideways at 320 px"


def test_the_first_tab_reaches_the_skip_link_and_it_moves_focus_to_the_content(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent.trim()]"
    )
    assert focused == ["skip-link", "Direct naar de inhoud"]
    assert page.locator(".skip-link").is_visible()
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0, "the skip link is visible once it has focus"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_language_switch_works_in_a_browser_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(site + "/regio/")
        assert page.locator("h1").inner_text() == "Regio's en loketten"

        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("load")
        assert page.url == site + "/en/regio/"  # the English address of the same page
        assert page.locator("h1").inner_text() == "Regions and desks"
        assert page.locator("html").get_attribute("lang") == "en"

        page.get_by_role("button", name="Nederlands").click()
        page.wait_for_load_state("load")
        assert page.url == site + "/regio/"
        assert page.locator("h1").inner_text() == "Regio's en loketten"
        assert page.locator("html").get_attribute("lang") == "nl"
    finally:
        context.close()


def test_the_home_page_sets_no_cookie_and_its_language_switch_still_works(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(site + "/")
        assert context.cookies() == []

        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("load")
        assert page.url == site + "/en/"
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("link", name="I know which way I want to go").count() == 1
    finally:
        context.close()


def test_a_home_page_tile_is_one_link_that_covers_the_whole_tile(page, site):
    page.goto(site + "/")
    assert page.get_by_role("link", name="Ik weet welke kant ik op wil", exact=True).count() == 1
    box = page.locator(".tile").first.bounding_box()
    # Click near the bottom right corner of the tile, away from the title text.
    page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 10)
    page.wait_for_url(site + "/opleidingen/")


def test_a_browser_set_to_english_lands_on_the_english_page_and_can_choose_dutch(browser, site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site + "/regio/")
        assert page.url == site + "/en/regio/"
        assert page.locator("h1").inner_text() == "Regions and desks"

        page.get_by_role("button", name="Nederlands").click()
        page.wait_for_load_state("load")
        assert page.url == site + "/regio/"
        assert page.locator("h1").inner_text() == "Regio's en loketten"
        page.goto(site + "/regio/")  # the choice holds over the browser's language
        assert page.url == site + "/regio/"
    finally:
        context.close()
