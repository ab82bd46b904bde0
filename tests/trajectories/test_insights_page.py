"""The region insights page /dashboard/inzicht/ (docs/insights.md): who sees which region, the
national comparison for editors, the GET form, the charts and their tables."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regions.models import Membership, Region
from tests.regions.factories import MembershipFactory, region
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import (
    REGION_A,
    REGION_B,
    SIGN_IN,
    client_for,
    past_second_factor,
    staff,
)

pytestmark = pytest.mark.django_db

INSIGHTS = reverse("dashboard:insights")


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_adviser_sees_the_numbers_of_their_own_region():
    ReferralFactory.create_batch(3, region=region(REGION_A))
    ReferralFactory(region=region(REGION_B))

    page = page_of(client_for("adviser A").get(INSIGHTS))

    assert f'<h2 id="region-heading">{region(REGION_A).name}</h2>' in page
    assert "<dt>Aanmeldingen binnengekomen</dt>\n    <dd>3</dd>" in page
    assert "Alle regio's naast elkaar" not in page
    assert region(REGION_B).name not in page


def test_the_page_shows_counts_never_names():
    ReferralFactory(candidate__first_name="Joris", candidate__last_name="Jansen")

    page = page_of(client_for("coordinator A").get(INSIGHTS))

    assert "Joris" not in page
    assert "Jansen" not in page


REGION_A_BY_ROLE = {
    "anonymous": SIGN_IN,
    "candidate": 404,
    "adviser A": 200,
    "adviser B": 404,
    "coordinator A": 200,
    "coordinator B": 404,
    "editor": 200,
}


@pytest.mark.parametrize(("role", "status"), REGION_A_BY_ROLE.items())
def test_region_a_asked_by_its_slug_answers_each_role_as_expected(role, status):
    response = client_for(role).get(INSIGHTS, {"regio": region(REGION_A).slug})

    assert response.status_code == status


@pytest.mark.parametrize("role", ["adviser A", "coordinator A"])
def test_another_regions_slug_answers_404(role):
    response = client_for(role).get(INSIGHTS, {"regio": region(REGION_B).slug})

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["bestaat-niet", "", "<script>", "a" * 500])
def test_a_region_that_does_not_exist_answers_404_or_the_default_never_500(value):
    response = client_for("adviser A").get(INSIGHTS, {"regio": value})

    assert response.status_code == (200 if value == "" else 404)


def test_a_person_with_two_regions_chooses_one_of_them():
    user = staff(Membership.Role.ADVISER, REGION_A)
    MembershipFactory(user=user, region=region(REGION_B))
    ReferralFactory(region=region(REGION_B))
    client = past_second_factor(Client(), user)

    page = page_of(client.get(INSIGHTS, {"regio": region(REGION_B).slug}))

    assert '<select name="regio"' in page
    assert f'<h2 id="region-heading">{region(REGION_B).name}</h2>' in page
    assert "<dt>Aanmeldingen binnengekomen</dt>\n    <dd>1</dd>" in page


def test_a_person_with_one_region_gets_no_region_choice():
    page = page_of(client_for("adviser A").get(INSIGHTS))

    assert '<select name="regio"' not in page


def test_an_editor_sees_any_region_and_every_region_side_by_side():
    ReferralFactory(region=region(REGION_B))

    page = page_of(client_for("editor").get(INSIGHTS, {"regio": region(REGION_B).slug}))

    assert f'<h2 id="region-heading">{region(REGION_B).name}</h2>' in page
    assert "Alle regio's naast elkaar" in page
    comparison = page[page.index('id="comparison-table-caption"') :]
    assert comparison.count('<th scope="row">') == Region.objects.count() + 1
    assert '<tr><th scope="row">Heel Nederland</th><td class="numeric">1</td>' in comparison


def test_the_period_leaves_out_older_requests():
    old = ReferralFactory()
    ReferralFactory()
    type(old).objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )
    client = client_for("adviser A")

    assert "<dt>Aanmeldingen binnengekomen</dt>\n    <dd>1</dd>" in page_of(
        client.get(INSIGHTS, {"periode": "3"})
    )
    assert "<dt>Aanmeldingen binnengekomen</dt>\n    <dd>2</dd>" in page_of(
        client.get(INSIGHTS, {"periode": "12"})
    )


@pytest.mark.parametrize(
    ("name", "value"), [("periode", "7"), ("periode", "x" * 300), ("maat", "names")]
)
def test_a_wrong_period_or_measure_shows_an_error_and_the_default(name, value):
    page = page_of(client_for("editor").get(INSIGHTS, {name: value}))

    assert "Controleer je antwoorden" in page
    assert "Kies" in page
    assert "Alle regio's naast elkaar" in page


def test_each_chart_is_an_svg_image_with_a_title_description_and_a_table():
    ReferralFactory()

    page = page_of(client_for("editor").get(INSIGHTS))

    for chart in ("funnel-chart", "situation-chart", "comparison-chart"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">' in page
    assert page.count("<figure") == 3
    assert page.count("<table") == 3
    assert page.count("<caption") == 3


def test_the_chart_numbers_are_not_written_with_a_dutch_decimal_comma():
    ReferralFactory.create_batch(3)

    page = page_of(client_for("adviser A").get(INSIGHTS))

    numbers = re.findall(r' (?:x|y|width|height|viewBox)="([^"]*)"', page)
    assert numbers
    assert not [number for number in numbers if "," in number]


def queries_for_page(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INSIGHTS).status_code == 200
    return len(captured)


def test_the_national_page_costs_as_many_queries_for_100_requests_as_for_10():
    client = client_for("editor")
    ReferralFactory.create_batch(10)
    client.get(INSIGHTS)  # the first request of a session does its own bookkeeping
    ten = queries_for_page(client)
    ReferralFactory.create_batch(45)
    ReferralFactory.create_batch(45, region=region(REGION_B))

    assert queries_for_page(client) == ten


def test_the_dashboard_links_to_the_insights():
    page = page_of(client_for("adviser A").get(reverse("dashboard:home")))

    assert f'href="{INSIGHTS}"' in page
