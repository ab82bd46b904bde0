"""The queue at /dashboard/: the referrals of the adviser's own regions, the most overdue
first and then the newest, with filters, counters per status and the onward referrals."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regions.models import Desk, Membership
from tests.poort.factories import EditorFactory
from tests.regions.factories import DeskFactory, active_desk, region
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import REGION_B, past_second_factor, staff
from trajectories.models import Referral

pytestmark = pytest.mark.django_db

QUEUE = "/dashboard/"


@pytest.fixture
def adviser():
    return staff(first_name="Fenna")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


def came_in(referral: Referral, days_ago: int) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    referral.refresh_from_db()
    return referral


def names_in_queue(response) -> list[str]:
    return [referral.candidate.first_name for referral in response.context["page_obj"]]


def test_the_queue_shows_the_referrals_of_the_own_region_only(client):
    ReferralFactory(candidate__first_name="Groninger")
    ReferralFactory(candidate__first_name="Utrechter", region=region(REGION_B))

    response = client.get(QUEUE)

    assert names_in_queue(response) == ["Groninger"]
    assert "Utrechter" not in response.content.decode()


def test_an_editor_sees_the_referrals_of_every_region():
    ReferralFactory(candidate__first_name="Groninger")
    ReferralFactory(candidate__first_name="Utrechter", region=region(REGION_B))
    client = past_second_factor(Client(), EditorFactory())

    assert sorted(names_in_queue(client.get(QUEUE))) == ["Groninger", "Utrechter"]


def test_overdue_referrals_come_first_the_longest_waiting_on_top_then_the_newest(client):
    came_in(ReferralFactory(candidate__first_name="Gisteren"), 1)
    came_in(ReferralFactory(candidate__first_name="Drie weken"), 21)
    came_in(ReferralFactory(candidate__first_name="Twee weken"), 14)
    came_in(ReferralFactory(candidate__first_name="Vorige week"), 2)

    assert names_in_queue(client.get(QUEUE)) == [
        "Drie weken",
        "Twee weken",
        "Gisteren",
        "Vorige week",
    ]


def test_the_overdue_filter_agrees_with_the_desks_promise_for_every_day_of_the_week():
    desk = DeskFactory(region=region("AM02"), contact_within_days=3)
    referrals = [
        came_in(ReferralFactory(region=desk.region, desk=desk), days) for days in range(12)
    ]
    for today_offset in range(7):
        today = timezone.localdate() + datetime.timedelta(days=today_offset)
        in_sql = set(Referral.objects.overdue(today).values_list("pk", flat=True))
        in_python = {referral.pk for referral in referrals if referral.is_overdue(today)}
        assert in_sql == in_python


def came_in_on(referral: Referral, day: datetime.date) -> Referral:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Referral.objects.filter(pk=referral.pk).update(created_at=moment)
    referral.refresh_from_db()
    return referral


def test_a_request_is_not_overdue_while_the_desk_is_closed_for_a_public_holiday():
    desk = active_desk(region("AM02"))
    Desk.objects.filter(pk=desk.pk).update(contact_within_days=2)
    # Friday 23 April 2027; Tuesday 27 April is Koningsdag.
    referral = came_in_on(
        ReferralFactory(region=desk.region, desk=desk), datetime.date(2027, 4, 23)
    )

    assert not referral.is_overdue(datetime.date(2027, 4, 28))
    assert not Referral.objects.overdue(datetime.date(2027, 4, 28)).exists()
    assert referral.is_overdue(datetime.date(2027, 4, 29))
    assert list(Referral.objects.overdue(datetime.date(2027, 4, 29))) == [referral]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (datetime.date(2026, 12, 14), datetime.date(2027, 1, 8)),  # Christmas and New Year
        (datetime.date(2027, 3, 22), datetime.date(2027, 5, 21)),  # Easter to Whitsun
        (datetime.date(2028, 12, 18), datetime.date(2028, 12, 29)),  # Christmas on Mon/Tue
    ],
)
def test_the_overdue_filter_agrees_with_the_desks_promise_over_holiday_weeks(first, last):
    desks = [active_desk(region(code)) for code in ("AM02", "AM10", "AM01")]
    for desk, promise in zip(desks, (1, 2, 5), strict=True):
        Desk.objects.filter(pk=desk.pk).update(contact_within_days=promise)
    span = range((last - first).days + 1)
    days = [first + datetime.timedelta(days=n) for n in span]
    referrals = [
        came_in_on(ReferralFactory(region=desk.region, desk=desk), day)
        for desk in desks
        for day in days
    ]
    for today in days:
        in_sql = set(Referral.objects.overdue(today).values_list("pk", flat=True))
        in_python = {referral.pk for referral in referrals if referral.is_overdue(today)}
        assert in_sql == in_python, today


def test_a_contacted_referral_is_never_overdue(client):
    came_in(ReferralFactory(status=Referral.Status.CONTACTED), 30)

    assert names_in_queue(client.get(QUEUE, {"overdue": "on"})) == []


def test_the_filters_pick_status_assignment_and_kind(client, adviser):
    ReferralFactory(candidate__first_name="Mijn", assigned_to=adviser)
    ReferralFactory(candidate__first_name="Niemands")
    ReferralFactory(candidate__first_name="Cursus", interest=True)
    ReferralFactory(candidate__first_name="Gesproken", status=Referral.Status.ADVISING)
    ReferralFactory(candidate__first_name="Klaar", status=Referral.Status.COMPLETED)

    assert names_in_queue(client.get(QUEUE, {"assigned": "me"})) == ["Mijn"]
    assert "Mijn" not in names_in_queue(client.get(QUEUE, {"assigned": "none"}))
    assert names_in_queue(client.get(QUEUE, {"kind": "interest"})) == ["Cursus"]
    assert names_in_queue(client.get(QUEUE, {"status": "advising"})) == ["Gesproken"]
    assert "Klaar" not in names_in_queue(client.get(QUEUE))
    assert "Klaar" in names_in_queue(client.get(QUEUE, {"status": "all"}))


def test_a_filter_value_that_does_not_exist_shows_the_open_queue_with_an_error(client):
    ReferralFactory(candidate__first_name="Open")

    response = client.get(QUEUE, {"status": "<script>", "kind": "x", "page": "abc"})

    assert response.status_code == 200
    assert names_in_queue(response) == ["Open"]


def test_the_counters_show_how_many_requests_have_each_status(client):
    ReferralFactory.create_batch(2)
    ReferralFactory(status=Referral.Status.ADVISING)
    ReferralFactory(status=Referral.Status.ADVISING, region=region(REGION_B))

    counts = {value: number for value, _label, number in client.get(QUEUE).context["counts"]}

    assert counts["new"] == 2
    assert counts["advising"] == 1
    assert counts["completed"] == 0


def test_the_queue_is_in_dutch_with_the_adviser_name_and_region(client):
    ReferralFactory(candidate__first_name="Joris")

    page = client.get(QUEUE).content.decode()

    assert "Welkom, Fenna." in page
    assert "Joris" in page
    assert "Aanmeldingen per status" in page


def queries_for_queue(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE).status_code == 200
    return len(captured)


def test_the_queue_costs_as_many_queries_for_100_referrals_as_for_10(client, adviser):
    ReferralFactory.create_batch(5, assigned_to=adviser)
    ReferralFactory.create_batch(5, interest=True)
    client.get(QUEUE)  # the first request of a session does its own bookkeeping
    ten = queries_for_queue(client)
    ReferralFactory.create_batch(45, assigned_to=adviser)
    ReferralFactory.create_batch(45, interest=True)

    assert queries_for_queue(client) == ten


def test_the_queue_is_split_into_pages_of_25(client):
    ReferralFactory.create_batch(30)

    assert len(names_in_queue(client.get(QUEUE))) == 25
    assert len(names_in_queue(client.get(QUEUE, {"page": "2"}))) == 5


def test_with_htmx_the_filters_answer_with_the_queue_alone(client):
    ReferralFactory(candidate__first_name="Joris")

    response = client.get(QUEUE, {"kind": "intake"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "Joris" in page
    assert "<html" not in page


def test_a_coordinator_sees_the_queue_of_their_region_too():
    ReferralFactory(candidate__first_name="Groninger")
    client = past_second_factor(Client(), staff(Membership.Role.COORDINATOR))

    assert names_in_queue(client.get(QUEUE)) == ["Groninger"]
