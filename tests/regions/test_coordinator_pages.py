"""Coordinators edit their own region on the dashboard: the region page, the desk, the
advisers; every change is kept with who and when, and another region answers 404."""

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import ChangeRecord, Membership
from tests.poort.factories import UserFactory
from tests.regions.factories import InitiativeFactory, active_desk, region
from tests.trajectories.test_dashboard_permissions import (
    REGION_A,
    REGION_B,
    past_second_factor,
    staff,
)

pytestmark = pytest.mark.django_db

PAGES = ["region_edit", "desk_edit", "initiatives", "advisers", "region_history"]


@pytest.fixture
def coordinator():
    return staff(Membership.Role.COORDINATOR, REGION_A, email="coördinator@groningen.example")


@pytest.fixture
def client(coordinator) -> Client:
    return past_second_factor(Client(), coordinator)


def url(name: str, code: str = REGION_A) -> str:
    return reverse(f"dashboard:{name}", kwargs={"slug": region(code).slug})


def history_text(client: Client) -> str:
    return client.get(url("region_history")).content.decode()


def test_the_coordinator_sees_only_their_own_regions_in_the_list(client):
    response = client.get(reverse("dashboard:regions"))

    assert list(response.context["regions"]) == [region(REGION_A)]


def test_the_coordinator_changes_the_introduction_and_the_history_shows_who_and_when(
    client,
):
    response = client.post(url("region_edit"), {"introduction": "  Werk in Groningen.  "})

    assert response.status_code == 302
    assert region(REGION_A).introduction == "Werk in Groningen."
    record = ChangeRecord.objects.get(region=region(REGION_A))
    assert record.user.email == "coördinator@groningen.example"
    assert record.new_value == "Werk in Groningen."
    assert record.at is not None
    page = history_text(client)
    assert "coördinator@groningen.example" in page
    assert "Werk in Groningen." in page


def test_saving_without_a_change_adds_nothing_to_the_history(client):
    client.post(url("region_edit"), {"introduction": region(REGION_A).introduction})

    assert not ChangeRecord.objects.exists()


def test_saving_the_desk_unchanged_from_a_browser_adds_nothing_to_the_history(client):
    desk = active_desk(region(REGION_A))
    desk.address = "Grote Markt 1\n9712 HN Groningen"
    desk.website = "https://www.werkcentrum.example"
    desk.save()
    fields = ["name", "email", "phone", "opening_hours", "website", "contact_within_days"]
    data = {name: getattr(desk, name) for name in fields}
    # A browser sends the line breaks of a text area as \r\n.
    data["address"] = desk.address.replace("\n", "\r\n")

    assert client.post(url("desk_edit"), data).status_code == 302

    assert not ChangeRecord.objects.exists()
    assert "Grote Markt" not in history_text(client)


def test_the_coordinator_changes_the_desk_and_its_promise(client):
    desk = active_desk(region(REGION_A))
    data = {
        "name": "Werkcentrum Groningen",
        "email": "nieuw@werkcentrum.example",
        "phone": "050 123 45 67",
        "address": "Grote Markt 1",
        "opening_hours": "Ma-vr 9-17",
        "website": "",
        "contact_within_days": "3",
    }

    assert client.post(url("desk_edit"), data).status_code == 302

    desk.refresh_from_db()
    assert (desk.email, desk.contact_within_days) == ("nieuw@werkcentrum.example", 3)
    changed = set(ChangeRecord.objects.values_list("old_value", "new_value"))
    assert ("5", "3") in changed


def test_a_promise_out_of_range_and_a_bad_e_mail_give_dutch_errors_and_save_nothing(client):
    desk = active_desk(region(REGION_A))
    data = {"name": "", "email": "geen-adres", "contact_within_days": "45"}

    response = client.post(url("desk_edit"), data, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "contact_within_days"}
    page = response.content.decode()
    assert "geen-adres" in page  # what the person typed stays in the form
    assert 'aria-invalid="true"' in page
    desk.refresh_from_db()
    assert desk.contact_within_days == 5
    assert not ChangeRecord.objects.exists()


def test_the_coordinator_adds_an_existing_account_as_adviser_and_removes_it_again(client):
    person = UserFactory(email="fenna@werkcentrum.example")

    client.post(url("advisers"), {"email": "Fenna@werkcentrum.example"})

    membership = Membership.objects.get(user=person, region=region(REGION_A))
    assert membership.role == Membership.Role.ADVISER

    client.post(url("advisers"), {"membership": membership.pk})

    assert not Membership.objects.filter(user=person).exists()
    records = ChangeRecord.objects.filter(object_name="fenna@werkcentrum.example")
    assert records.count() == 2  # added, then removed
    assert "fenna@werkcentrum.example" in history_text(client)


def test_an_unknown_e_mail_address_is_refused_next_to_the_field(client):
    response = client.post(url("advisers"), {"email": "onbekend@example.nl"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Membership.objects.filter(role=Membership.Role.ADVISER).exists()


def test_the_coordinator_cannot_remove_their_own_or_another_regions_membership(client, coordinator):
    own = Membership.objects.get(user=coordinator)
    elsewhere = staff(Membership.Role.ADVISER, REGION_B).memberships.get()

    for membership in (own, elsewhere):
        response = client.post(url("advisers"), {"membership": membership.pk})
        assert response.status_code == 200

    assert Membership.objects.filter(pk__in=[own.pk, elsewhere.pk]).count() == 2


@pytest.mark.parametrize("name", PAGES)
def test_another_regions_pages_answer_404_to_get_and_post(client, name):
    assert client.get(url(name, REGION_B)).status_code == 404
    assert client.post(url(name, REGION_B), {"introduction": "Overgenomen"}).status_code in {
        404,
        405,
    }
    assert region(REGION_B).introduction != "Overgenomen"


def test_an_adviser_of_the_region_gets_404_on_its_editing_pages():
    adviser_client = past_second_factor(Client(), staff(Membership.Role.ADVISER, REGION_A))

    for name in PAGES:
        assert adviser_client.get(url(name)).status_code == 404


def test_the_coordinator_links_an_initiative_and_unlinks_it_again(client):
    initiative = InitiativeFactory(regions=[region(REGION_B)], serves=[region(REGION_A)])

    client.post(url("initiatives"), {"initiative": initiative.pk, "action": "link"})

    assert set(initiative.regions.values_list("code", flat=True)) == {REGION_A, REGION_B}

    client.post(url("initiatives"), {"initiative": initiative.pk, "action": "unlink"})

    assert list(initiative.regions.values_list("code", flat=True)) == [REGION_B]
    assert ChangeRecord.objects.filter(object_name=initiative.name).count() == 2


def test_the_only_region_of_an_initiative_cannot_be_unlinked(client):
    initiative = InitiativeFactory(regions=[region(REGION_A)])

    response = client.post(url("initiatives"), {"initiative": initiative.pk, "action": "unlink"})

    assert response.status_code == 200
    assert response.context["unlink_error"]
    assert list(initiative.regions.all()) == [region(REGION_A)]


def test_an_initiative_of_another_region_cannot_be_unlinked_from_there(client):
    initiative = InitiativeFactory(regions=[region(REGION_B), region("AM02")])

    response = client.post(url("initiatives"), {"initiative": initiative.pk, "action": "unlink"})

    assert response.status_code == 200
    assert initiative.regions.count() == 2
    assert not ChangeRecord.objects.exists()
