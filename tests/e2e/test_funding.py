"""The scheme pages and the funding check in Chromium, with axe-core on every state: the list
(and its filters updated in place), a scheme page, the check before and after an answer,
with JavaScript (htmx replaces the answer in place) and without, and the course page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from funding.models import Scheme
from poort.vocabulary import CertificateKind, LearningPath
from tests.funding.factories import SchemeFactory
from tests.public_pages import restore_region_facts
from tests.regions.factories import SectorFactory, region
from tests.trajectories.factories import CourseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def site(live_server) -> str:
    restore_region_facts()
    elektro = SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    CourseFactory(
        title="Eerste monteur elektrotechnische installaties",
        slug="eerste-monteur",
        sector=elektro,
        price=Decimal("6000.00"),
        certificate_kind=CertificateKind.DIPLOMA,
        learning_path=LearningPath.BBL,
    )
    SchemeFactory(
        name="Talentfonds Groningen",
        slug="talentfonds-groningen",
        level=Scheme.Level.REGIONAL,
        regions=[region("AM01")],
        target_groups=["employed", "job_seeking"],
        maximum_amount=Decimal("3000"),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
        is_demo=True,
    )
    SchemeFactory(
        name="Leerrekening Techniek", percentage_covered=50, maximum_amount=Decimal("2000")
    )
    SchemeFactory(
        name="O&O-fonds Elektro",
        level=Scheme.Level.SECTOR,
        sectors=[elektro],
        employer_required=True,
        percentage_covered=75,
    )
    SchemeFactory(
        name="Rotterdams scholingsfonds", level=Scheme.Level.REGIONAL, regions=[region("AM22")]
    )
    SchemeFactory(name="Leeg Fonds", budget_total=Decimal("1000"), budget_remaining=Decimal("0"))
    return live_server.url


def answer_the_three_questions(page: Page) -> None:
    page.get_by_label("Ik heb werk").check()
    page.get_by_label("In welke gemeente woon je?").fill("Groningen")
    page.get_by_label("Welke opleiding wil je doen?").fill("eerste monteur")
    page.get_by_role("button", name="Toon wat past").click()


def expect_the_stack(page: Page) -> None:
    table = page.get_by_role("table", name=re.compile("Wie betaalt wat voor Eerste monteur"))
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Talentfonds Groningen"))).to_contain_text(
        "€ 3.000"
    )
    expect(table.get_by_role("row", name=re.compile("Wat je zelf betaalt"))).to_contain_text(
        "€ 1.000"
    )


def test_the_list_filters_in_place_and_the_scheme_page_is_accessible(page, site, assert_accessible):
    page.goto(site + "/regelingen/")
    expect(page.get_by_role("heading", name="5 regelingen")).to_be_visible()
    assert_accessible(page)

    page.evaluate("window.notReloaded = true")
    page.get_by_label("Soort regeling").select_option("regional")
    expect(page.get_by_role("heading", name="2 regelingen")).to_be_visible()
    expect(page.locator("#scheme-status")).to_have_text("2 regelingen")
    assert page.evaluate("window.notReloaded === true"), "htmx updated the list in place"
    expect(page).to_have_url(re.compile(r"/regelingen/\?soort=regional$"))
    assert_accessible(page)

    page.get_by_role("link", name="Talentfonds Groningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Talentfonds Groningen")
    expect(page.locator(".badge--warning").first).to_contain_text("Sluit op")
    expect(page.get_by_text("Demogegevens")).to_be_visible()
    assert_accessible(page)


def test_with_javascript_the_answer_replaces_itself_in_place(page, site, assert_accessible):
    page.goto(site + "/regelingen/check/")
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    answer_the_three_questions(page)

    expect_the_stack(page)
    assert page.evaluate("window.notReloaded === true"), "htmx updated the answer in place"
    expect(page.locator("#result-title")).to_be_focused()
    expect(page.locator("#check-status")).to_contain_text("Past: 2. Past misschien: 1.")
    expect(page).to_have_url(re.compile(r"situatie=employed"))
    page.get_by_text("2 regelingen passen niet bij je, en waarom").click()
    expect(page.get_by_text("past niet: het geld van deze regeling is op")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("In welke gemeente woon je?").fill("Bergen")
    page.get_by_role("button", name="Toon wat past").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label(re.compile(r"Bergen \(NH\.\)")).check()
    page.get_by_role("button", name="Toon wat past").click()
    expect(page.get_by_text("(regio Noord-Holland Noord)")).to_be_visible()


def test_without_javascript_the_check_is_a_plain_form(browser, page, site, assert_accessible):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    plain = context.new_page()
    try:
        plain.goto(site + "/regelingen/check/")
        plain.get_by_role("button", name="Toon wat past").click()
        plain.wait_for_load_state("load")
        expect(plain).to_have_title(re.compile("^Fout: "))
        expect(plain.locator(".error-summary")).to_contain_text("Kies de situatie")
        with_an_error = plain.url

        answer_the_three_questions(plain)
        plain.wait_for_load_state("load")

        expect_the_stack(plain)
        expect(
            plain.get_by_role("heading", name="Deze regelingen passen bij je (2)")
        ).to_be_visible()
        with_an_answer = plain.url
    finally:
        context.close()
    # axe-core needs JavaScript: it checks the same whole pages in a browser that runs it.
    for url in (with_an_error, with_an_answer):
        page.goto(url)
        assert_accessible(page)


def test_the_course_page_shows_the_funding_after_the_check(page, site, assert_accessible):
    page.goto(site + "/opleidingen/eerste-monteur/")
    page.get_by_role("link", name="Check je financiering voor deze opleiding").click()
    expect(page.get_by_label("Welke opleiding wil je doen?")).to_have_value(
        "Eerste monteur elektrotechnische installaties"
    )
    page.get_by_label("Ik heb werk").check()
    page.get_by_label("In welke gemeente woon je?").fill("Groningen")
    page.get_by_role("button", name="Toon wat past").click()
    expect_the_stack(page)

    page.get_by_role("link", name="Over deze opleiding").click()
    expect(page.get_by_role("heading", name="Mogelijk te financieren")).to_be_visible()
    expect_the_stack(page)
    assert_accessible(page)
