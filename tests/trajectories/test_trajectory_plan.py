"""Planning a trajectory in the dashboard: a course, a start date, the funding stack kept as
agreed, the agreements; then its start (which schedules the check-ins) and its end. On the
model, as plain forms (GET/POST → redirect) and through htmx."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from funding.models import Scheme
from tests.funding.factories import SchemeFactory
from tests.regions.factories import region
from tests.trajectories.factories import (
    CourseFactory,
    OfferingFactory,
    ReferralFactory,
    in_days,
)
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff
from trajectories.models import AuditEntry, CheckIn, Referral, ReferralError, Trajectory

pytestmark = pytest.mark.django_db

Status = Referral.Status
HTMX = {"HX-Request": "true", "HX-Target": "work"}


@pytest.fixture
def adviser():
    return staff(first_name="Fenna", last_name="de Vries")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


@pytest.fixture
def scheme():
    """A national scheme that pays at most € 1.000: of a € 2.450 course, € 1.450 is left."""
    return SchemeFactory(name="Scholingsbudget Techniek", maximum_amount=Decimal("1000.00"))


def advising(**kwargs) -> Referral:
    return ReferralFactory(status=Status.ADVISING, **kwargs)


def plan_url(referral: Referral) -> str:
    return reverse("dashboard:trajectory_plan", args=[referral.pk])


def text(response) -> str:
    return response.content.decode()


# The plan, on the model


def test_planning_keeps_the_funding_lines_as_agreed(adviser, scheme):
    referral = advising()
    offering = OfferingFactory()

    trajectory = referral.plan_trajectory(by=adviser, offering=offering, agreements="Start in mei.")

    assert trajectory.cost == Decimal("2450.00")
    assert [(line.scheme, line.amount) for line in trajectory.funding_lines.all()] == [
        (scheme, Decimal("1000.00"))
    ]
    assert trajectory.own_contribution == Decimal("1450.00")
    assert trajectory.agreements == "Start in mei."


def test_the_agreed_plan_stays_when_the_scheme_changes_later(adviser, scheme):
    referral = advising()
    trajectory = referral.plan_trajectory(by=adviser, offering=OfferingFactory(), agreements="")

    Scheme.objects.filter(pk=scheme.pk).update(maximum_amount=Decimal("200.00"), name="Anders")

    trajectory.refresh_from_db()
    [line] = trajectory.funding_lines.all()
    assert (line.scheme_name, line.amount) == ("Scholingsbudget Techniek", Decimal("1000.00"))
    assert trajectory.own_contribution == Decimal("1450.00")


def test_the_funding_is_worked_out_on_the_offerings_own_price(adviser, scheme):
    referral = advising()
    offering = OfferingFactory(price=Decimal("800.00"))

    trajectory = referral.plan_trajectory(by=adviser, offering=offering, agreements="")

    assert trajectory.cost == Decimal("800.00")
    assert trajectory.own_contribution == Decimal("0.00")


def test_a_regional_fund_counts_only_for_a_person_of_its_region(adviser):
    SchemeFactory(level=Scheme.Level.REGIONAL, regions=[region("AM10")], name="Fonds elders")
    referral = advising()

    trajectory = referral.plan_trajectory(by=adviser, offering=OfferingFactory(), agreements="")

    assert not trajectory.funding_lines.exists()
    assert trajectory.own_contribution == Decimal("2450.00")


def test_planning_moves_the_referral_on_and_records_who(adviser, scheme):
    referral = advising()

    trajectory = referral.plan_trajectory(by=adviser, offering=OfferingFactory(), agreements="")

    referral.refresh_from_db()
    assert referral.status == Status.TRAJECTORY_PLANNED
    assert referral.history.last().changed_by == adviser
    assert [(c.to_status, c.changed_by) for c in trajectory.history.all()] == [
        (Trajectory.Status.PLANNED, adviser)
    ]


def test_the_plan_can_be_changed_while_it_is_planned(adviser, scheme):
    referral = advising()
    first = referral.plan_trajectory(by=adviser, offering=OfferingFactory(), agreements="A")
    other = OfferingFactory(price=Decimal("500.00"))

    second = referral.plan_trajectory(by=adviser, offering=other, agreements="B")

    assert second.pk == first.pk
    assert referral.trajectories.count() == 1
    second.refresh_from_db()
    assert (second.offering, second.agreements, second.cost) == (other, "B", Decimal("500.00"))
    assert second.funding_lines.get().amount == Decimal("500.00")
    assert second.history.last().note == "Het plan is gewijzigd."


@pytest.mark.parametrize("status", [Status.NEW, Status.CONTACTED, Status.IN_TRAJECTORY])
def test_a_plan_is_made_only_while_advising(adviser, status):
    referral = ReferralFactory(status=status)

    with pytest.raises(ReferralError, match="In gesprek"):
        referral.plan_trajectory(by=adviser, offering=OfferingFactory(), agreements="")
    assert not referral.trajectories.exists()


# Start and end, on the model


def planned(adviser, **offering) -> Trajectory:
    referral = advising()
    return referral.plan_trajectory(by=adviser, offering=OfferingFactory(**offering), agreements="")


def test_the_start_schedules_check_ins_after_1_3_6_and_12_months(adviser):
    trajectory = planned(adviser, start_date=in_days(10))

    trajectory.start(by=adviser)

    start = in_days(10)
    assert trajectory.started_on == start
    assert [check_in.months for check_in in trajectory.check_ins.all()] == [1, 3, 6, 12]
    assert trajectory.check_ins.get(months=12).due_on == start.replace(year=start.year + 1)
    assert trajectory.referral.status == Status.IN_TRAJECTORY


def test_a_start_on_31_january_has_its_check_ins_on_the_last_day_of_shorter_months(adviser):
    trajectory = planned(adviser, start_date=in_days(10))

    trajectory.start(by=adviser, on=datetime.date(2027, 1, 31))

    assert [check_in.due_on for check_in in trajectory.check_ins.all()] == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 7, 31),
        datetime.date(2028, 1, 31),
    ]


def test_a_start_in_a_leap_year_lands_on_29_february(adviser):
    trajectory = planned(adviser, start_date=in_days(10))

    trajectory.start(by=adviser, on=datetime.date(2028, 1, 31))

    assert trajectory.check_ins.get(months=1).due_on == datetime.date(2028, 2, 29)


def test_a_trajectory_starts_once(adviser):
    trajectory = planned(adviser)
    trajectory.start(by=adviser)

    with pytest.raises(ReferralError):
        trajectory.start(by=adviser)
    assert CheckIn.objects.filter(trajectory=trajectory).count() == 4


@pytest.mark.parametrize("outcome", [Trajectory.Status.COMPLETED, Trajectory.Status.STOPPED])
def test_the_end_completes_the_referral(adviser, outcome):
    trajectory = planned(adviser)
    trajectory.start(by=adviser)

    trajectory.end(outcome, by=adviser, note="Diploma gehaald.")

    referral = Referral.objects.get(pk=trajectory.referral_id)
    assert trajectory.status == outcome
    assert trajectory.ended_on is not None
    assert referral.status == Status.COMPLETED
    assert referral.closed_at is not None


def test_a_planned_trajectory_cannot_end_before_it_started(adviser):
    trajectory = planned(adviser)

    with pytest.raises(ReferralError):
        trajectory.end(Trajectory.Status.COMPLETED, by=adviser)


def test_a_withdrawn_request_stops_its_trajectory(adviser):
    trajectory = planned(adviser)

    Referral.objects.get(pk=trajectory.referral_id).withdraw()

    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.STOPPED


# The plan page, as plain forms


def test_an_interest_request_starts_with_its_own_course_and_start_date(client, scheme):
    referral = advising(interest=True, course__title="Monteur warmtepompen")

    page = text(client.get(plan_url(referral)))

    assert "Gekozen: <strong>Monteur warmtepompen</strong>" in page
    assert f'value="{referral.offering_id}" required id="id_offering_0" checked' in page
    assert "Scholingsbudget Techniek" in page
    assert "€ 1.450" in page  # what is left for the person


def test_the_adviser_finds_a_course_by_its_words(client):
    referral = advising()
    course = OfferingFactory(course__title="Lasser MIG/MAG").course
    CourseFactory(title="Monteur laadpalen")  # no start date: not offered

    page = text(client.get(plan_url(referral), {"q": "lasser"}))

    assert f"?opleiding={course.pk}" in page
    assert "Kies Lasser MIG/MAG" in page
    assert "laadpalen" not in page


def test_a_plain_post_saves_the_plan_and_goes_back_to_the_request(client, adviser, scheme):
    referral = advising()
    offering = OfferingFactory()
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    response = client.post(
        url, {"situation": "employed", "offering": offering.pk, "agreements": "Werkgever betaalt."}
    )

    assert response.status_code == 302
    assert response.url == reverse("dashboard:referral", args=[referral.pk])
    trajectory = referral.trajectories.get()
    assert (trajectory.offering, trajectory.agreements) == (offering, "Werkgever betaalt.")
    page = text(client.get(response.url))
    assert "Het plan is opgeslagen." in page
    assert "Werkgever betaalt." in page
    assert "Financiering zoals afgesproken" in page
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.TRAJECTORY_PLANNED).get()
    assert (entry.user, entry.referral) == (adviser, referral)


def test_showing_the_funding_saves_nothing_and_keeps_what_was_typed(client, scheme):
    referral = advising()
    first = OfferingFactory()
    second = OfferingFactory(course=first.course, start_date=in_days(60), price=Decimal("900"))
    url = f"{plan_url(referral)}?opleiding={first.course_id}"

    response = client.post(
        url,
        {
            "situation": "employed",
            "offering": second.pk,
            "agreements": "Nog overleggen",
            "preview": "1",
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert not referral.trajectories.exists()
    assert "Nog overleggen" in page
    assert "€ 900" in page


def test_the_adviser_gives_the_situation_a_course_sign_up_did_not_ask_and_it_is_kept(client):
    for_job_seekers = SchemeFactory(
        name="Regiofonds Werkzoekenden", target_groups=["job_seeking"], maximum_amount=500
    )
    referral = advising(candidate__situation="")
    offering = OfferingFactory(price=Decimal("2000.00"))
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    asked = client.post(url, {"offering": offering.pk, "agreements": "Start in maart"})
    shown = client.post(
        url,
        {"offering": offering.pk, "situation": "job_seeking", "preview": "1"},
    )
    saved = client.post(url, {"offering": offering.pk, "situation": "job_seeking"})

    assert "Kies de situatie van de persoon." in text(asked)
    assert "Start in maart" in text(asked)
    assert "Regiofonds Werkzoekenden" in text(shown)
    assert "Ik zoek werk" in text(shown)
    assert saved.status_code == 302
    referral.candidate.refresh_from_db()
    assert referral.candidate.situation == "job_seeking"
    line = referral.trajectories.get().funding_lines.get()
    assert (line.scheme, line.amount) == (for_job_seekers, Decimal("500.00"))


def test_a_plan_without_a_start_date_shows_the_error_and_keeps_the_agreements(client):
    referral = advising()
    offering = OfferingFactory()
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    response = client.post(url, {"agreements": "Na de zomer"})

    page = text(response)
    assert "Controleer je antwoorden" in page
    assert "Kies een startmoment." in page
    assert "Na de zomer" in page
    assert not referral.trajectories.exists()


def test_agreements_longer_than_2000_characters_are_refused(client):
    referral = advising()
    offering = OfferingFactory()
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    response = client.post(
        url, {"situation": "employed", "offering": offering.pk, "agreements": "x" * 2001}
    )

    assert "niet meer dan 2000 tekens" in text(response)
    assert not referral.trajectories.exists()


def test_a_start_date_of_another_course_is_refused(client):
    referral = advising()
    offering = OfferingFactory()
    elsewhere = OfferingFactory()
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    response = client.post(url, {"situation": "employed", "offering": elsewhere.pk})

    assert response.status_code == 200
    assert not referral.trajectories.exists()


def test_a_new_request_cannot_be_planned_yet_and_the_page_says_why(client):
    referral = ReferralFactory()

    page = text(client.get(plan_url(referral)))

    assert "Je kunt een traject plannen als de status ‘In gesprek’ is." in page


# Through htmx


def test_with_htmx_a_search_answers_with_the_step_alone(client):
    referral = advising()
    OfferingFactory(course__title="Lasser MIG/MAG")

    response = client.get(plan_url(referral), {"q": "lasser"}, headers={"HX-Request": "true"})

    page = text(response)
    assert "<html" not in page
    assert "Kies Lasser MIG/MAG" in page
    assert 'id="dashboard-announce"' in page


def test_with_htmx_saving_sends_the_browser_to_the_request(client, scheme):
    referral = advising()
    offering = OfferingFactory()
    url = f"{plan_url(referral)}?opleiding={offering.course_id}"

    response = client.post(
        url, {"situation": "employed", "offering": offering.pk}, headers={"HX-Request": "true"}
    )

    assert response.headers["HX-Redirect"] == reverse("dashboard:referral", args=[referral.pk])
    assert referral.trajectories.exists()


# Start and end on the referral's page


def test_the_start_as_a_plain_form_schedules_the_check_ins(client, adviser):
    trajectory = planned(adviser, start_date=in_days(10))
    referral = trajectory.referral

    response = client.post(reverse("dashboard:trajectory_start", args=[referral.pk]))

    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.STARTED
    assert trajectory.started_on == in_days(10)
    page = text(client.get(response.url))
    assert "De start is opgeslagen." in page
    assert "Na 12 maanden" in page


def test_the_start_through_htmx_answers_with_the_work_panel_and_an_announcement(client, adviser):
    referral = planned(adviser).referral
    url = reverse("dashboard:trajectory_start", args=[referral.pk])

    response = client.post(url, {"started_on": in_days(-3).isoformat()}, headers=HTMX)

    page = text(response)
    assert "<html" not in page
    assert 'data-hx-swap-oob="true">De start is opgeslagen.' in page
    assert Trajectory.objects.get().started_on == in_days(-3)


def test_a_start_day_long_ago_is_refused_next_to_the_field(client, adviser):
    referral = planned(adviser).referral
    url = reverse("dashboard:trajectory_start", args=[referral.pk])

    response = client.post(url, {"started_on": in_days(-60).isoformat()})

    assert response.status_code == 200
    assert "De startdag mag hooguit een maand geleden zijn." in text(response)
    assert Trajectory.objects.get().status == Trajectory.Status.PLANNED


def test_the_end_as_a_plain_form_completes_the_request(client, adviser):
    trajectory = planned(adviser)
    trajectory.start(by=adviser)
    url = reverse("dashboard:trajectory_end", args=[trajectory.referral_id])

    response = client.post(url, {"outcome": "stopped", "note": "Ander werk gevonden."})

    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.STOPPED
    assert Referral.objects.get(pk=trajectory.referral_id).status == Status.COMPLETED


def test_the_status_form_leaves_the_trajectory_steps_to_the_plan(client):
    referral = advising()

    page = text(client.get(reverse("dashboard:referral", args=[referral.pk])))

    assert 'value="trajectory_planned"' not in page
    assert "Plan een traject: opleiding, startmoment en financiering" in page


def test_opening_the_plan_page_is_in_the_audit_log(client, adviser):
    referral = advising()

    client.get(plan_url(referral))

    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEWED_REFERRAL)
    assert (entry.user, entry.referral) == (adviser, referral)
