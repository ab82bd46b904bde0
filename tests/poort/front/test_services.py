"""The front door's services (poort/front/services.py): intake_submit routes a person from their
municipality to the labour market region's active desk, else the national desk. The interest
sign-up, which goes through the same service, is in test_interest.py."""

import csv
from pathlib import Path

import pytest
from django.urls import reverse

from poort.front.services import intake_submit
from poort.models import Notification
from regions.models import Desk, Membership, Municipality, Region
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, MembershipFactory, region
from trajectories.models import Referral

pytestmark = pytest.mark.django_db

FACTS = Path(__file__).resolve().parents[3] / "regions" / "data" / "gemeenten-2026.csv"


def one_municipality_per_region() -> list[tuple[str, str]]:
    """(region code, municipality code): the first municipality of every region, by name."""
    with FACTS.open(encoding="utf-8") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: row["gemeente"])
    samples: dict[str, str] = {}
    for row in rows:
        samples.setdefault(row["arbeidsmarktregio"], row["code"])
    return sorted(samples.items())


SAMPLES = one_municipality_per_region()


@pytest.fixture
def desks() -> dict[str, Desk]:
    """An active desk for every region, keyed on region code, plus the national desk."""
    desks = {each.code: DeskFactory(region=each) for each in Region.objects.all()}
    desks["national"] = DeskFactory(national=True)
    return desks


def refer(municipality: Municipality) -> Referral:
    return intake_submit(
        first_name="Sanne",
        email="sanne@example.nl",
        municipality=municipality,
        contact_preference=Referral.ContactPreference.EMAIL,
    )


def test_the_samples_cover_all_35_regions():
    assert len(SAMPLES) == 35
    assert Region.objects.count() == 35


@pytest.mark.parametrize(("region_code", "municipality_code"), SAMPLES)
def test_a_person_is_referred_to_the_desk_of_the_region_they_live_in(
    desks, region_code, municipality_code
):
    referral = refer(Municipality.objects.get(code=municipality_code))

    assert referral.region.code == region_code
    assert referral.desk == desks[region_code]
    assert Notification.objects.get(kind="referral_new").recipient == desks[region_code].email


def test_a_region_without_an_active_desk_falls_back_to_the_national_desk(desks):
    desks["AM21"].is_active = False
    desks["AM21"].save()

    referral = refer(Municipality.objects.get(code="GM0518"))  # 's-Gravenhage, Haaglanden

    assert referral.desk == desks["national"]
    assert referral.region.code == "AM21"


def test_the_coordinators_of_a_region_without_a_desk_are_told(desks):
    haaglanden = region("AM21")
    Desk.objects.filter(region=haaglanden).delete()
    coordinator = Membership.Role.COORDINATOR
    MembershipFactory(region=haaglanden, role=coordinator, user__email="coord@haaglanden.example")
    MembershipFactory(region=haaglanden, role=Membership.Role.ADVISER)
    MembershipFactory(region=haaglanden, role=coordinator, user=UserFactory(is_active=False))
    MembershipFactory(region=region("AM05"), role=coordinator)

    referral = refer(Municipality.objects.get(code="GM0518"))

    told = Notification.objects.filter(kind="desk_missing")
    assert [row.recipient for row in told] == ["coord@haaglanden.example"]
    assert told.get().context["referral_id"] == referral.pk
    assert told.get().context["region"] == haaglanden.name


def test_a_region_with_its_own_desk_does_not_bother_its_coordinators(desks):
    MembershipFactory(region=region("AM21"), role=Membership.Role.COORDINATOR)

    refer(Municipality.objects.get(code="GM0518"))

    assert not Notification.objects.filter(kind="desk_missing").exists()


def test_without_a_regional_or_national_desk_there_is_nowhere_to_refer_to():
    with pytest.raises(Desk.DoesNotExist):
        Desk.objects.for_region(Region.objects.get(code="AM21"))


def test_without_any_desk_the_intake_says_so_and_saves_nothing(client, settings):
    url = client.get(reverse("orientation"))["Location"]
    answers = {
        1: {"situation": "other"},
        2: {},
        3: {"municipality": "Amsterdam"},
        4: {"first_name": "Sanne", "email": "sanne@example.nl", "contact_preference": "email"},
        5: {"consent": "on"},
    }
    for step, data in answers.items():
        response = client.post(url.replace("/1/", f"/{step}/"), {**data, "next": ""})

    assert response.status_code == 503
    assert "Sanne" not in response.text
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()
