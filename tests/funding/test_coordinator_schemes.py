"""Coordinators change the budget and status of the regional schemes of their own region."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from funding.models import Scheme
from regions.models import ChangeRecord, Membership
from tests.funding.factories import SchemeFactory
from tests.regions.factories import region
from tests.trajectories.test_dashboard_permissions import (
    REGION_A,
    REGION_B,
    past_second_factor,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return past_second_factor(Client(), staff(Membership.Role.COORDINATOR, REGION_A))


def regional_scheme(*codes: str, **fields) -> Scheme:
    return SchemeFactory(
        level=Scheme.Level.REGIONAL,
        regions=[region(code) for code in codes],
        budget_total=Decimal("100000.00"),
        budget_remaining=Decimal("40000.00"),
        **fields,
    )


def url(scheme: Scheme) -> str:
    return reverse("dashboard:scheme_budget", kwargs={"scheme": scheme.slug})


def test_the_coordinator_lowers_the_remaining_budget_and_the_history_keeps_it(client):
    scheme = regional_scheme(REGION_A)

    response = client.post(
        url(scheme), {"budget_total": "100000", "budget_remaining": "0", "status": "exhausted"}
    )

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.budget_remaining, scheme.status) == (Decimal("0"), Scheme.Status.EXHAUSTED)
    records = ChangeRecord.objects.filter(region=region(REGION_A))
    assert {record.old_value for record in records} == {"40000.00", str(Scheme.Status.OPEN.label)}
    assert all(record.user is not None for record in records)


def test_more_remaining_than_the_total_is_refused_next_to_the_field(client):
    scheme = regional_scheme(REGION_A)

    response = client.post(
        url(scheme), {"budget_total": "1000", "budget_remaining": "5000", "status": "open"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["budget_remaining"]
    assert 'value="5000"' in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.budget_total == Decimal("100000.00")
    assert not ChangeRecord.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"budget_total": "-1", "budget_remaining": "", "status": "open"},
        {"budget_total": "veel", "budget_remaining": "", "status": "open"},
        {"budget_total": "", "budget_remaining": "", "status": "weg"},
    ],
)
def test_a_negative_or_unreadable_amount_or_unknown_status_saves_nothing(client, data):
    scheme = regional_scheme(REGION_A)

    response = client.post(url(scheme), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    scheme.refresh_from_db()
    assert (scheme.budget_total, scheme.status) == (Decimal("100000.00"), Scheme.Status.OPEN)


def test_schemes_of_another_region_or_shared_with_one_or_national_answer_404(client):
    others = [
        regional_scheme(REGION_B),
        regional_scheme(REGION_A, REGION_B),
        SchemeFactory(level=Scheme.Level.NATIONAL),
    ]

    for scheme in others:
        assert client.get(url(scheme)).status_code == 404
        assert client.post(url(scheme), {"status": "closed"}).status_code == 404
        scheme.refresh_from_db()
        assert scheme.status == Scheme.Status.OPEN


def test_the_list_shows_only_the_schemes_of_the_own_region(client):
    own = regional_scheme(REGION_A)
    regional_scheme(REGION_B)

    response = client.get(reverse("dashboard:schemes"))

    assert list(response.context["schemes"]) == [own]
