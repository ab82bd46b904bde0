"""Initiatives are linked only to the regions they serve.

A national editor decides which regions an initiative serves; a coordinator can link only
the initiatives that serve their region, so Maak je Stap (Utrecht) never shows up on
Groningen's public page. Errors are in Dutch, next to the field.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from poort.models import User
from regions.models import Membership
from tests.regions.factories import InitiativeFactory, region
from tests.second_factor import second_factor_entered
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def groningen_client() -> Client:
    coordinator = staff(Membership.Role.COORDINATOR, "AM01", email="coordinator@groningen.example")
    return past_second_factor(Client(), coordinator)


@pytest.fixture
def maak_je_stap():
    return InitiativeFactory(name="Maak je Stap", regions=[region("AM13"), region("AM14")])


def initiatives_url(code: str = "AM01") -> str:
    return reverse("dashboard:initiatives", kwargs={"slug": region(code).slug})


def test_a_coordinator_cannot_link_an_initiative_of_another_region(groningen_client, maak_je_stap):
    response = groningen_client.post(
        initiatives_url(), {"initiative": maak_je_stap.pk, "action": "link"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Je kunt alleen initiatieven koppelen die voor jouw regio werken" in html
    assert set(maak_je_stap.regions.values_list("code", flat=True)) == {"AM13", "AM14"}
    public_page = Client().get(f"/regio/{region('AM01').slug}/").content.decode()
    assert "Maak je Stap" not in public_page


def test_the_list_to_link_from_holds_only_initiatives_that_serve_the_region(
    groningen_client, maak_je_stap
):
    noorden = InitiativeFactory(
        name="Het Noorden Leert Door", regions=[region("AM02")], serves=[region("AM01")]
    )

    html = groningen_client.get(initiatives_url()).content.decode()

    options = re.findall(r"<option value=\"\d+\">([^<]+)</option>", html)
    assert options == [noorden.name]
    groningen_client.post(initiatives_url(), {"initiative": noorden.pk, "action": "link"})
    public_page = Client().get(f"/regio/{region('AM01').slug}/").content.decode()
    assert "Het Noorden Leert Door" in public_page


def test_an_editor_links_an_initiative_only_to_regions_it_serves(client, maak_je_stap):
    editor = User.objects.create_superuser("beheer@goudenpoort.example", "een lang wachtwoord")
    client.force_login(editor)
    second_factor_entered(client, editor)
    url = reverse("admin:regions_initiative_change", args=[maak_je_stap.pk])
    form = {
        "name": maak_je_stap.name,
        "slug": maak_je_stap.slug,
        "summary": maak_je_stap.summary,
        "serves": [region("AM13").pk, region("AM14").pk],
        "regions": [region("AM13").pk, region("AM01").pk],
        "is_active": "on",
    }

    response = client.post(url, form)

    assert response.status_code == 200
    assert "Koppel het initiatief alleen aan regio&#x27;s waar het voor werkt" in (
        response.content.decode()
    )
    assert "Groningen" in response.context["adminform"].form.errors["regions"][0]
    assert set(maak_je_stap.regions.values_list("code", flat=True)) == {"AM13", "AM14"}
