"""What the database itself refuses for regions, municipalities, desks and memberships."""

import pytest
from django.db import IntegrityError, transaction

from poort.models import User
from regions.models import Desk, Membership, Municipality, Region
from tests.regions.factories import region

pytestmark = pytest.mark.django_db


def desk(region: Region | None, *, active: bool = True, days: int = 5) -> Desk:
    return Desk.objects.create(
        region=region,
        name=f"Werkcentrum {region or 'Nederland'}",
        kind=Desk.Kind.WERKCENTRUM if region else Desk.Kind.NATIONAL,
        email="loket@example.nl",
        is_active=active,
        contact_within_days=days,
    )


@pytest.fixture
def groningen() -> Region:
    return Region.objects.get(code="AM01")


@pytest.fixture
def twente() -> Region:
    return Region.objects.get(code="AM05")


@pytest.mark.parametrize("code", ["AM1", "A001", "am01", "XX01", "AMxx", ""])
def test_a_region_code_must_be_am_and_two_digits(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code=code, name="Nergens", slug="nergens")


def test_a_region_with_a_new_am_code_is_accepted():
    assert Region.objects.create(code="AM39", name="Nieuw", slug="nieuw").pk


@pytest.mark.parametrize("code", ["GM14", "XX0014", "gm0014", "0014", "GMabcd", ""])
def test_a_municipality_code_must_be_gm_and_four_digits(code, groningen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code=code, name="Nergens", region=groningen)


def test_a_municipality_code_is_unique(groningen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code="GM0014", name="Tweede Groningen", region=groningen)


def test_a_region_has_only_one_active_desk(groningen):
    desk(groningen)

    with pytest.raises(IntegrityError), transaction.atomic():
        desk(groningen)


def test_a_region_may_keep_inactive_desks_next_to_its_active_one(groningen):
    desk(groningen)
    desk(groningen, active=False)
    desk(groningen, active=False)

    assert groningen.desks.count() == 3


def test_each_region_has_its_own_active_desk(groningen, twente):
    desk(groningen)
    desk(twente)

    assert Desk.objects.filter(is_active=True).count() == 2


def test_there_is_only_one_active_national_desk():
    desk(None)

    with pytest.raises(IntegrityError), transaction.atomic():
        desk(None)


def test_an_inactive_national_desk_may_stay_next_to_the_active_one():
    desk(None)
    desk(None, active=False)

    assert Desk.objects.filter(region__isnull=True).count() == 2


@pytest.mark.parametrize("days", [0, 31, 365])
def test_a_desk_promises_first_contact_within_1_to_30_days(days, groningen):
    with pytest.raises(IntegrityError), transaction.atomic():
        desk(groningen, days=days)


@pytest.mark.parametrize("days", [1, 30])
def test_a_desk_promise_of_1_or_30_days_is_accepted(days, groningen):
    assert desk(groningen, days=days).contact_within_days == days


def test_a_user_has_each_role_in_a_region_only_once(groningen):
    adviser = User.objects.create_user("adviseur@example.nl")
    Membership.objects.create(user=adviser, region=groningen, role=Membership.Role.ADVISER)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=adviser, region=groningen, role=Membership.Role.ADVISER)


def test_a_user_may_have_both_roles_and_work_in_several_regions(groningen, twente):
    user = User.objects.create_user("coordinator@example.nl")
    Membership.objects.create(user=user, region=groningen, role=Membership.Role.ADVISER)
    Membership.objects.create(user=user, region=groningen, role=Membership.Role.COORDINATOR)
    Membership.objects.create(user=user, region=twente, role=Membership.Role.ADVISER)

    assert user.memberships.count() == 3


def test_neighbouring_regions_share_a_province():
    twente = region("AM05").neighbours()
    assert [neighbour.name for neighbour in twente] == ["Regio Zwolle", "Veluwe Stedendriehoek"]


def test_a_region_alone_in_its_province_has_the_regions_of_bordering_provinces_as_neighbours():
    zeeland = {neighbour.name for neighbour in region("AM24").neighbours()}
    assert {"Rijnmond", "West-Brabant", "Drechtsteden"} <= zeeland
    assert "Groningen" not in zeeland
