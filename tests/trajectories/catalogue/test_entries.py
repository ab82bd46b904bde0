"""The narrow catalogue entries (PostgreSQL) always say what the courses and offerings say,
however they are written, and the counts made from them are the counts of the courses.

The entries are written by database triggers (migration 0006); these tests write courses and
offerings the ways the portal does (an import, a save as the admin does it, bulk writes,
deletes) and compare the entries with what the course and offering tables hold.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from poort.vocabulary import CertificateKind, CourseMode, LearningPath
from regions.models import Municipality
from tests.databases import postgresql_only
from tests.regions.factories import SectorFactory, municipality
from tests.trajectories.factories import (
    SEARCHES,
    CourseFactory,
    OfferingFactory,
    in_days,
    normalised,
    varied_catalogue,
)
from trajectories.catalogue.importers import import_courses
from trajectories.catalogue.search import EPOCH, PLACE, CatalogueQuery
from trajectories.models import CatalogueEntry, Course, Offering

from .importers.conftest import EDUDEX, sectors  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, postgresql_only("the catalogue entries")]


def day(date: datetime.date) -> int:
    return min(max((date - EPOCH).days, 0), PLACE - 1)


def what_the_courses_say() -> dict[int, tuple]:
    starts: dict[int, list] = {}
    for course_id, start, region_id in Offering.objects.values_list(
        "course_id", "start_date", "municipality__region_id"
    ):
        starts.setdefault(course_id, []).append(((region_id or 0) * PLACE + day(start), day(start)))
    return {
        course.pk: (
            course.is_published,
            course.sector_id,
            course.level,
            course.learning_path,
            course.mode,
            course.certificate_kind,
            course.price,
            sorted(placed for placed, _day in starts.get(course.pk, [])),
            sorted(only_day for _placed, only_day in starts.get(course.pk, [])),
        )
        for course in Course.objects.all()
    }


def what_the_entries_say() -> dict[int, tuple]:
    return {
        entry.course_id: (
            entry.is_published,
            entry.sector_id,
            entry.level,
            entry.learning_path,
            entry.mode,
            entry.certificate_kind,
            entry.price,
            entry.starts,
            entry.days,
        )
        for entry in CatalogueEntry.objects.all()
    }


def assert_in_step() -> None:
    assert what_the_entries_say() == what_the_courses_say()


@pytest.mark.usefixtures("sectors")
def test_an_import_and_a_reimport_that_changes_starts_keep_the_entries_in_step(tmp_path):
    import_courses("edudex", str(EDUDEX / "programs.json"))
    assert CatalogueEntry.objects.count() == Course.objects.count() == 3
    assert Offering.objects.exists()
    assert_in_step()

    changed = (EDUDEX / "programs.json").read_text().replace("2026-", "2027-")
    (tmp_path / "programs.json").write_text(changed)
    report = import_courses("edudex", str(tmp_path / "programs.json"))
    assert report.updated
    assert_in_step()


def test_saving_a_course_as_the_admin_does_changes_its_entry_at_once():
    course = CourseFactory(level=2, learning_path=LearningPath.BOL, price=Decimal("900"))
    OfferingFactory(course=course, municipality=municipality("Enschede"), start_date=in_days(10))

    course.level, course.learning_path, course.price = 3, LearningPath.BBL, Decimal("450")
    course.sector = SectorFactory()
    course.is_published = False
    course.save()

    assert_in_step()
    assert CatalogueEntry.objects.get(course=course).is_published is False


def test_bulk_writes_and_updates_of_courses_keep_the_entries_in_step():
    template = CourseFactory()
    Course.objects.bulk_create(
        [
            Course(
                title=f"Koeltechnicus {number}",
                slug=f"koeltechnicus-{number}",
                summary="Koelinstallaties.",
                provider_id=template.provider_id,
                sector_id=template.sector_id,
                certificate_kind=CertificateKind.DIPLOMA,
                mode=CourseMode.ONLINE,
                price=1000,
            )
            for number in range(3)
        ]
    )
    Course.objects.filter(title__startswith="Koeltechnicus").update(price=0, level=4)
    assert_in_step()


def test_deleting_a_course_or_an_offering_takes_it_out_of_the_entries():
    kept, gone = CourseFactory(), CourseFactory()
    first = OfferingFactory(course=kept, municipality=municipality("Groningen"))
    OfferingFactory(course=kept, municipality=None, start_date=in_days(30))
    OfferingFactory(course=gone)

    gone.delete()
    first.delete()

    assert set(CatalogueEntry.objects.values_list("course_id", flat=True)) == {kept.pk}
    assert_in_step()


def test_moving_an_offering_or_a_municipality_to_another_region_moves_the_start():
    course = CourseFactory()
    offering = OfferingFactory(course=course, municipality=municipality("Enschede"))
    offering.municipality = municipality("Utrecht")
    offering.start_date = in_days(60)
    offering.save()
    assert_in_step()

    Municipality.objects.filter(name="Utrecht").update(region=municipality("Enschede").region)
    assert_in_step()


def test_offerings_written_before_their_course_in_one_transaction_are_in_its_entry():
    template = CourseFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) + 1000 FROM trajectories_course")
        course_id = cursor.fetchone()[0]
    Offering.objects.create(course_id=course_id, start_date=in_days(5))
    Course.objects.create(
        pk=course_id,
        title="Eerst de start",
        slug="eerst-de-start",
        summary="",
        provider_id=template.provider_id,
        sector_id=template.sector_id,
        certificate_kind=CertificateKind.DIPLOMA,
        mode=CourseMode.CLASSROOM,
        price=0,
    )
    assert_in_step()
    assert CatalogueEntry.objects.get(course_id=course_id).days == [day(in_days(5))]


@pytest.mark.parametrize("chosen", SEARCHES)
def test_the_counts_from_the_entries_are_the_counts_of_the_courses(chosen):
    varied_catalogue()
    if "region" in chosen:
        chosen = {**chosen, "region": municipality(chosen["region"]).region}
    query = CatalogueQuery(**chosen)

    assert normalised(query.tally.facet_counts()) == normalised(query.counted_on_courses())
    for name in query.active_filters():
        if name != "text":
            assert query.tally.count_without(name) == query.courses(without={name}).count()
