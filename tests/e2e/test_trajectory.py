"""A trajectory in Chromium: the adviser plans it by keyboard alone through htmx (search a
course, choose it and a start date, see the funding, save) and marks the start, with axe-core
after every swap; the same plan without JavaScript; the person's status page and their answer
to a check-in, also checked with axe-core."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_dashboard import announcement, sign_in, tab_to
from tests.funding.factories import SchemeFactory
from tests.trajectories.factories import OfferingFactory, ReferralFactory, in_days
from trajectories.models import CheckIn, Referral, Trajectory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def advising_interest() -> Referral:
    """Joris asked about a course; the adviser is advising him. Another course has two starts."""
    SchemeFactory(name="Scholingsbudget Techniek", maximum_amount=Decimal("1000.00"))
    referral = ReferralFactory(
        interest=True,
        status=Referral.Status.ADVISING,
        candidate__first_name="Joris",
        candidate__last_name="Jansen",
        course__title="Monteur warmtepompen",
    )
    welding = OfferingFactory(course__title="Lasser MIG/MAG", start_date=in_days(20)).course
    OfferingFactory(course=welding, start_date=in_days(50), price=Decimal("900.00"))
    return referral


def test_an_adviser_plans_a_trajectory_by_keyboard_through_htmx(
    page: Page, live_server, assert_accessible
):
    referral = advising_interest()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/dashboard/aanmeldingen/{referral.pk}/")

    tab_to(page, page.get_by_role("link", name="Plan een traject: opleiding, startmoment"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject plannen voor Joris")
    expect(page.locator("#plan-step")).to_contain_text("Gekozen: Monteur warmtepompen")
    assert_accessible(page)

    tab_to(page, page.get_by_label("Zoek een opleiding"))
    page.keyboard.type("lasser")
    page.keyboard.press("Enter")
    expect(announcement(page)).to_have_text("1 opleiding gevonden")
    expect(page.get_by_role("heading", name="Stap 1: de opleiding")).to_be_focused()
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Kies Lasser MIG/MAG"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_have_text("Je hebt Lasser MIG/MAG gekozen.")
    expect(page.get_by_role("heading", name="Stap 2: startmoment")).to_be_focused()
    assert_accessible(page)

    tab_to(page, page.locator("input[name=offering]").first)
    page.keyboard.press("ArrowDown")  # the second start, at € 900
    tab_to(page, page.get_by_role("button", name="Toon de financiering voor dit startmoment"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Financiering voor de start op")).to_be_focused()
    expect(page.locator("#plan-step")).to_contain_text("€ 900")
    assert_accessible(page)

    tab_to(page, page.get_by_role("textbox", name="Afspraken"))
    page.keyboard.type("Joris begint in het voorjaar.")
    tab_to(page, page.get_by_role("button", name="Plan opslaan"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding van Joris")
    expect(page.get_by_text("Het plan is opgeslagen.")).to_be_visible()
    expect(page.locator("#work")).to_contain_text("Joris begint in het voorjaar.")
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Start opslaan"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_contain_text("De start is opgeslagen.")
    expect(page.get_by_role("heading", name="Status en acties")).to_be_focused()
    expect(page.locator("#work")).to_contain_text("Na 12 maanden")
    assert_accessible(page)

    trajectory = Trajectory.objects.get()
    assert trajectory.offering.price == Decimal("900.00")
    assert trajectory.status == Trajectory.Status.STARTED
    assert trajectory.check_ins.count() == 4


def test_without_javascript_the_plan_is_made_with_plain_forms(browser, live_server):
    referral = advising_interest()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/dashboard/aanmeldingen/{referral.pk}/traject/")
        page.get_by_label("Zoek een opleiding").fill("lasser")
        page.get_by_role("button", name="Zoek een andere opleiding").click()
        page.get_by_role("link", name="Kies Lasser MIG/MAG").click()
        page.get_by_role("textbox", name="Afspraken").fill("Start na de zomer.")
        page.get_by_role("button", name="Plan opslaan").click()
        expect(page.get_by_text("Het plan is opgeslagen.")).to_be_visible()
    finally:
        context.close()

    referral.refresh_from_db()
    assert referral.status == Referral.Status.TRAJECTORY_PLANNED
    assert referral.trajectories.get().agreements == "Start na de zomer."


def test_the_person_sees_the_plan_and_answers_a_check_in(
    page: Page, live_server, assert_accessible
):
    referral = advising_interest()
    trajectory = referral.plan_trajectory(
        by=None, offering=referral.offering, agreements="Je werkgever betaalt de rest."
    )
    trajectory.start(by=None, on=in_days(-31))
    CheckIn.objects.filter(months=1).update(sent_at=datetime.datetime.now(datetime.UTC))
    check_in = trajectory.check_ins.get(months=1)

    page.goto(f"{live_server.url}/aanvraag/{referral.token}/")
    expect(page.get_by_role("heading", name="Je plan")).to_be_visible()
    expect(page.get_by_role("table", name="Wie betaalt je opleiding")).to_contain_text("€ 1.450")
    assert_accessible(page)

    page.goto(f"{live_server.url}/hoe-gaat-het/{check_in.token}/?antwoord=goed")
    expect(page.get_by_label("Het gaat goed")).to_be_checked()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Verstuur mijn antwoord"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank je wel. We hebben je antwoord ontvangen.")).to_be_visible()
    assert_accessible(page)

    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.GOING_WELL


def test_an_adviser_finds_a_call_me_answer_in_the_queue_and_marks_it_handled(
    page: Page, live_server, assert_accessible
):
    referral = advising_interest()
    trajectory = referral.plan_trajectory(by=None, offering=referral.offering, agreements="")
    trajectory.start(by=None, on=in_days(-31))
    CheckIn.objects.filter(months=1).update(sent_at=datetime.datetime.now(datetime.UTC))
    trajectory.check_ins.get(months=1).record_answer(CheckIn.Answer.PROBLEM, "Ik loop vast.")
    sign_in(page, live_server)

    tab_to(page, page.get_by_label("Alleen met een antwoord dat aandacht vraagt"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Toon"))
    page.keyboard.press("Enter")
    row = page.locator(f"#row-{referral.pk}")
    expect(row).to_contain_text("Vasthouden: graag bellen")
    assert_accessible(page)

    tab_to(page, row.get_by_role("link", name="Joris Jansen"))
    page.keyboard.press("Enter")
    expect(page.locator("#work")).to_contain_text("Ik loop vast.")
    tab_to(page, page.get_by_role("button", name="Ik heb geholpen: zet op afgehandeld"))
    page.keyboard.press("Enter")
    expect(announcement(page)).to_have_text("Het antwoord staat op afgehandeld.")
    expect(page.locator("#work")).to_contain_text("Afgehandeld op")
    assert_accessible(page)

    assert not Referral.objects.needing_attention().exists()
