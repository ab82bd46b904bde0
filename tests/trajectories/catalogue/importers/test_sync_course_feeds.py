"""The nightly task that imports every feed in settings.COURSE_FEEDS."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings

from trajectories.models import Course, CourseFeed, ImportRun
from trajectories.tasks import sync_course_feeds

ROOT = Path(__file__).resolve().parents[4]
SHOW_FEEDS = "import django, json; django.setup(); from django.conf import settings; " + (
    "print(json.dumps(settings.COURSE_FEEDS))"
)


@pytest.mark.django_db
def test_with_no_feeds_configured_it_does_nothing(settings, sectors):
    settings.COURSE_FEEDS = []

    assert sync_course_feeds() == {}
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_it_imports_every_feed_and_one_broken_feed_does_not_stop_the_others(
    settings, sectors, samples_server
):
    edudex = f"{samples_server}/edudex/programs.json"
    missing = f"{samples_server}/edudex/weg.json"
    ooapi = f"{samples_server}/ooapi/catalogue.json"
    xml = f"{samples_server}/ooapi/catalogue.xml"
    settings.COURSE_FEEDS = [
        {"format": "edudex", "url": edudex},
        {"format": "edudex", "url": missing},
        {"format": "xml", "url": xml},
        {"format": "ooapi", "url": ooapi},
    ]

    summaries = sync_course_feeds.delay().get()

    assert summaries[edudex].startswith("Courses: 3 created,")
    assert summaries[missing].endswith("answered with HTTP 404.")
    assert summaries[xml].startswith(
        "A course feed needs a format (edudex, ooapi, ooapi-endpoint) and a url"
    )
    assert summaries[ooapi].startswith("Courses: 4 created,")
    assert Course.objects.count() == 7


@pytest.mark.django_db
def test_a_second_run_changes_nothing(settings, sectors, samples_server):
    settings.COURSE_FEEDS = [{"format": "edudex", "url": f"{samples_server}/edudex/programs.json"}]
    sync_course_feeds()

    (summary,) = sync_course_feeds().values()

    assert summary.startswith("Courses: 0 created, 0 updated, 3 unchanged,")


@pytest.mark.django_db
def test_a_feed_can_name_the_field_for_courses_without_a_known_one(
    settings, sectors, samples_server
):
    url = f"{samples_server}/edudex/invalid.json"
    settings.COURSE_FEEDS = [{"format": "edudex", "url": url, "default_sector": "werktuigbouw"}]

    sync_course_feeds()

    assert Course.objects.get(title__startswith="Bloemschikken").sector.slug == "werktuigbouw"


@pytest.mark.django_db
def test_each_feed_writes_a_run_with_its_counts_and_problems(sectors, samples_server):
    good = CourseFeed.objects.create(
        name="Acme", format="edudex", location=f"{samples_server}/edudex/invalid.json"
    )
    broken = CourseFeed.objects.create(
        name="Weg", format="edudex", location=f"{samples_server}/edudex/weg.json"
    )
    CourseFeed.objects.create(
        name="Uit",
        format="ooapi",
        location=f"{samples_server}/ooapi/catalogue.json",
        is_active=False,
    )

    sync_course_feeds()

    (run,) = good.runs.all()
    assert (run.status, run.created, run.unclassified, run.invalid) == ("finished", 2, 1, 5)
    assert ["acme-techniek/zonder-prijs", "The course has no price."] in run.problems
    assert run.finished_at >= run.started_at
    (failed,) = broken.runs.all()
    assert failed.status == "failed"
    assert failed.error.endswith("answered with HTTP 404.")
    assert ImportRun.objects.count() == 2  # the inactive feed did not run


@pytest.mark.django_db
def test_an_entry_of_the_setting_becomes_a_feed_once(settings, sectors, samples_server):
    url = f"{samples_server}/edudex/programs.json"
    settings.COURSE_FEEDS = [{"format": "edudex", "url": url}]

    sync_course_feeds()
    sync_course_feeds()

    (feed,) = CourseFeed.objects.all()
    assert (feed.format, feed.location, feed.runs.count()) == ("edudex", url, 2)


def test_the_feeds_are_synced_every_night():
    entry = django_settings.CELERY_BEAT_SCHEDULE["sync-course-feeds"]

    assert entry["task"] == "trajectories.tasks.sync_course_feeds"
    assert entry["schedule"] == crontab(minute=15, hour=2)


def settings_process(course_feeds: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "-c", SHOW_FEEDS],
        cwd=ROOT,
        env=environment
        | {"DJANGO_SETTINGS_MODULE": "poort.settings", "COURSE_FEEDS": course_feeds},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_feeds_come_from_the_environment_as_json():
    feeds = [{"format": "ooapi", "url": "https://oost.example/ooapi/offerings"}]

    result = settings_process(json.dumps(feeds))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == feeds


@pytest.mark.parametrize("value", ["[{format: edudex}", '{"format": "edudex"}'])
def test_feeds_that_are_not_a_json_list_stop_start_up_with_one_line(value):
    result = settings_process(value)

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Gouden Poort cannot start: COURSE_FEEDS must be a JSON list of feeds"
    ]
