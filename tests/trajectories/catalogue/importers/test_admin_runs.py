"""Editors see the feeds, their runs and the courses still to be classified in /beheer/."""

import pytest
from django.urls import reverse

from tests.regions.factories import SectorFactory
from trajectories.catalogue.importers import sync_feed
from trajectories.models import Course, CourseFeed

from .conftest import OOAPI


@pytest.mark.django_db
def test_an_editor_sees_a_feeds_runs_and_their_problems(admin_client, sectors):
    feed = CourseFeed.objects.create(
        name="ROC Oost", format="ooapi", location=str(OOAPI / "catalogue.json")
    )
    run, _ = sync_feed(feed)

    feed_page = admin_client.get(reverse("admin:trajectories_coursefeed_change", args=[feed.pk]))
    run_page = admin_client.get(reverse("admin:trajectories_importrun_change", args=[run.pk]))

    assert feed_page.status_code == 200
    assert "offering WEG-01-2026" in run_page.content.decode()


@pytest.mark.django_db
def test_a_field_chosen_in_beheer_is_marked_as_the_editors(admin_client, sectors):
    feed = CourseFeed.objects.create(
        name="ROC Oost", format="ooapi", location=str(OOAPI / "catalogue.json")
    )
    sync_feed(feed)
    flowers = Course.objects.get(title="Bloemschikken")
    listing = admin_client.get(
        reverse("admin:trajectories_course_changelist"), {"sector_rule__exact": "unclassified"}
    )
    assert "Bloemschikken" in listing.content.decode()

    url = reverse("admin:trajectories_course_change", args=[flowers.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"sector": SectorFactory().pk, "offerings-TOTAL_FORMS": 0}
    data |= {"offerings-INITIAL_FORMS": 0, "offerings-MIN_NUM_FORMS": 0}
    data |= {"offerings-MAX_NUM_FORMS": 1000}
    for inline in ("other_sources",):  # the other feeds of the course: none here
        data |= {f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0}
    admin_client.post(url, data)

    flowers.refresh_from_db()
    assert flowers.sector_rule == "editor"
