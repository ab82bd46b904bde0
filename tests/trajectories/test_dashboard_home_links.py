"""The dashboard home of a coordinator links every page they keep: each of their regions'
pages (region page, desk, initiatives, advisers, history, API keys, webhooks, widgets) and
the budgets of their regional schemes. An adviser's home links none of them."""

import re

import pytest
from django.test import Client

from regions.models import Membership
from tests.regions.factories import MembershipFactory, region
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff

pytestmark = pytest.mark.django_db

REGION_PAGES = ["", "loket/", "initiatieven/", "adviseurs/", "geschiedenis/"]
REGION_PAGES += ["sleutels/", "webhooks/", "widgets/"]


def links(html: str) -> set[str]:
    return set(re.findall(r'href="(/dashboard/[^"]*)"', html))


def test_a_coordinator_reaches_every_page_of_their_regions_from_the_dashboard_home():
    coordinator = staff(Membership.Role.COORDINATOR, "AM01")
    MembershipFactory(user=coordinator, region=region("AM13"), role=Membership.Role.COORDINATOR)
    client = past_second_factor(Client(), coordinator)

    home = links(client.get("/dashboard/").content.decode())

    for code in ["AM01", "AM13"]:
        for page in REGION_PAGES:
            url = f"/dashboard/regio/{region(code).slug}/{page}"
            assert url in home
            assert client.get(url).status_code == 200, url
    assert "/dashboard/regelingen/" in home
    assert client.get("/dashboard/regelingen/").status_code == 200


def test_an_adviser_is_not_shown_pages_they_may_not_use():
    client = past_second_factor(Client(), staff(Membership.Role.ADVISER, "AM01"))

    home = links(client.get("/dashboard/").content.decode())

    assert not [url for url in home if url.startswith(("/dashboard/regio/", "/dashboard/regel"))]
