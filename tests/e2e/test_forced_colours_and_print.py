"""High contrast and paper: in Windows' forced colours the menu still marks the page you are on
and the step numbers keep their circle; a printed page leaves out what only works on a screen
(menus, buttons, form controls) but keeps the content, and its links say where they go."""

import pytest
from playwright.sync_api import expect

from tests.public_pages import create_public_page_content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def site(live_server) -> str:
    create_public_page_content()
    return live_server.url


def system_colour(page, name: str) -> str:
    """The colour the system gives a CSS system colour keyword (Highlight, Canvas, …)."""
    return page.evaluate(
        """name => {
            const probe = document.createElement("span");
            probe.style.color = name;
            document.body.append(probe);
            const colour = getComputedStyle(probe).color;
            probe.remove();
            return colour;
        }""",
        name,
    )


def style(locator, prop: str, pseudo: str | None = None) -> str:
    return locator.evaluate(
        "(element, [prop, pseudo]) => getComputedStyle(element, pseudo).getPropertyValue(prop)",
        [prop, pseudo],
    )


def test_in_forced_colours_the_menu_still_marks_the_page_you_are_on(page, site):
    page.emulate_media(forced_colors="active")
    page.goto(site + "/regio/groningen/")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")

    current = page.locator('.site-nav__link[aria-current="page"]')
    other = page.locator('.site-nav__link:not([aria-current="page"])').first
    expect(current).to_have_text("Regio's")
    assert style(current, "border-bottom-color") == system_colour(page, "Highlight")
    assert float(style(current, "border-bottom-width").removesuffix("px")) >= 3
    assert style(other, "border-bottom-color") == system_colour(page, "Canvas")


def test_in_forced_colours_the_step_numbers_keep_their_filled_circle(page, site):
    page.emulate_media(forced_colors="active")
    page.goto(site + "/")

    step = page.locator(".steps__item").first
    highlight, canvas = system_colour(page, "Highlight"), system_colour(page, "Canvas")
    assert highlight != canvas
    assert style(step, "background-color", "::before") == highlight
    assert style(step, "color", "::before") == system_colour(page, "HighlightText")
    assert float(style(step, "border-top-width", "::before").removesuffix("px")) >= 1


def test_a_printed_page_leaves_out_menus_buttons_and_form_controls(page, site):
    page.emulate_media(media="print")
    page.goto(site + "/orienteren/")
    page.wait_for_load_state("load")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".site-header .logo")).to_be_visible()
    for hidden in [".site-header nav", ".site-footer", ".language-switch", ".form-field"]:
        expect(page.locator(hidden).first).to_be_hidden()
    assert page.locator("button:visible, .button:visible, input:visible").count() == 0


def test_a_printed_answer_of_the_funding_check_keeps_the_answer_without_the_form(page, site):
    page.emulate_media(media="print")
    page.goto(
        site
        + "/regelingen/check/?situatie=employed&gemeente=Groningen&opleiding=Monteur+warmtepompen"
    )

    assert page.locator("select:visible, input:visible, button:visible").count() == 0
    expect(page.get_by_text("Scholingsbudget Het Noorden Leert Door").first).to_be_visible()


def test_printed_links_in_a_statement_say_where_they_go(page, site):
    page.emulate_media(media="print")
    page.goto(site + "/toegankelijkheid/")

    inside = page.get_by_role("link", name="Lees meer over hoe we toegankelijkheid testen")
    assert style(inside, "content", "::after") == '" (/toegankelijkheid/hoe-we-testen/)"'
    outside = page.get_by_role("link", name="Website van de Nationale ombudsman")
    assert style(outside, "content", "::after") == '" (https://www.nationaleombudsman.nl/)"'


def test_on_screen_links_show_no_address_after_them(page, site):
    page.goto(site + "/toegankelijkheid/")
    inside = page.get_by_role("link", name="Lees meer over hoe we toegankelijkheid testen")
    assert style(inside, "content", "::after") == "none"
