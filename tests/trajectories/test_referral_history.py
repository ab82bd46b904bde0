"""The history on a referral's dashboard page: one list in time order, status steps and
contacts mixed as they happened, each with who; dates in one style, the language's own."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.regions.factories import active_desk, region
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import REGION_B, past_second_factor, staff
from trajectories.models import ContactMoment, Referral, ReferralStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser():
    return staff(first_name="Sanne", last_name="Bakker")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


def history_of(client: Client, referral: Referral) -> list[str]:
    """The lines of the page's history, as a person reads them."""
    page = client.get(reverse("dashboard:referral", args=[referral.pk])).content.decode()
    start = page.index('id="history-heading"')
    section = page[start : page.index("</section>", start)]
    items = section.split("<li>")[1:]
    return [" ".join(item.split("</li>")[0].split()) for item in items]


def at(day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 10, day, hour))


def test_contacts_and_status_steps_are_one_list_in_the_order_they_happened(client, adviser):
    referral = ReferralFactory()
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.PHONE, "Gebeld, belt terug")
    referral.move_to(Referral.Status.ADVISING, adviser, "Wil lassen leren")
    referral.log_contact(adviser, ContactMoment.Channel.EMAIL)

    lines = history_of(client, referral)

    by = '<span class="muted">(Sanne Bakker)</span>'
    assert [line.split(" – ", 1)[1] for line in lines] == [
        f"Aanmelding opgepakt {by}",
        f"Contact (telefoon): Gebeld, belt terug {by}",
        f"Contact gehad {by}",
        f"In gesprek: Wil lassen leren {by}",
        f"Contact (e-mail) {by}",
    ]


def test_taking_on_says_it_once_not_assigned_to_the_same_name_twice(client, adviser):
    referral = ReferralFactory()
    referral.assign_to(adviser)

    lines = history_of(client, referral)

    assert "Toegewezen aan" not in " ".join(lines)
    assert " ".join(lines).count("Sanne Bakker") == 1


def test_dates_on_the_staff_pages_are_in_one_style_with_the_month_written_out(client, adviser):
    referral = ReferralFactory()
    Referral.objects.filter(pk=referral.pk).update(created_at=at(6, 14))
    ReferralStatusChange.objects.filter(referral=referral).update(changed_at=at(6, 14))
    referral.refresh_from_db()

    page = client.get(reverse("dashboard:referral", args=[referral.pk])).content.decode()
    queue = client.get(reverse("dashboard:home")).content.decode()

    assert "6 oktober 2026 14:00" in page
    assert "6 oktober 2026" in queue
    for other_style in ("Okt", "okt.", "6-10-2026", "6 Oct"):
        assert other_style not in page
        assert other_style not in queue


def test_after_an_onward_referral_the_receiving_desk_sees_both_histories(client, adviser):
    referral = ReferralFactory()
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.refer_on(by=adviser, to_desk=active_desk(region(REGION_B)), reason="Verhuist")
    receiver = staff(code=REGION_B, first_name="Joost", last_name="Kramer")
    new_referral = Referral.objects.get(referred_from=referral)

    lines = history_of(past_second_factor(Client(), receiver), new_referral)

    assert lines[0].split(" – ")[1].startswith("Nieuw: Verhuist")
    assert any("Contact (telefoon)" in line for line in lines[1:])
    assert any("Doorverwezen: Verhuist" in line for line in lines[1:])
