"""One course, two sources (issue 13, item 6): ROC Techniek Oost publishes its mbo course
"Monteur mechatronica" (crebo 25506) through OOAPI (samples/ooapi/catalogue.json) and
through EDU-DEX. Once an editor has linked the provider's EDU-DEX id to the provider, the
course appears once: the feed that brought it first keeps its texts, the other adds its
start moments, and both are remembered (docs/imports.md)."""

import copy
import json
from pathlib import Path

import pytest

from tests.trajectories.factories import CourseFactory
from trajectories.catalogue.importers import import_courses
from trajectories.models import Course, CourseSource, ImportRun, Offering, Provider
from trajectories.models import ProviderSource as ProviderLink

from .conftest import EDUDEX, OOAPI

pytestmark = pytest.mark.django_db

ROC_EDUDEX_ID = "roc-techniek-oost"


def edudex_program(program_id: str, crebo: str, title: str, run_id: str, start: str) -> dict:
    """An EDU-DEX program of ROC Techniek Oost: the first sample program, with its
    supplier, id, crebo code, name and one run changed (all within the EDU-DEX schema)."""
    sample = json.loads((EDUDEX / "programs.json").read_text())["programs"][0]
    program = copy.deepcopy(sample)
    program["orgUnitId"] = program["data"]["programClassification"]["orgUnitId"] = ROC_EDUDEX_ID
    program["programId"] = program["data"]["programClassification"]["programId"] = program_id
    program["data"]["programClassification"]["creboCode"] = crebo
    program["data"]["programExternalAcknowledgements"]["creboRegistration"][0]["creboCode"] = crebo
    program["data"]["programDescriptions"]["programName"] = {"nl": title}
    run = program["data"]["programSchedule"]["programRun"][0]
    run["id"], run["startDate"]["date"] = run_id, start
    run["endDate"]["date"] = f"{int(start[:4]) + 2}{start[4:]}"
    run.pop("applicationDeadline", None)
    program["data"]["programSchedule"]["programRun"] = [run]
    return program


def edudex_feed(tmp_path: Path, *programs: dict) -> str:
    path = tmp_path / "roc.json"
    supplier = {"id": ROC_EDUDEX_ID, "name": {"nl": "ROC Techniek Oost (EDU-DEX)"}}
    path.write_text(json.dumps({"suppliers": [supplier], "programs": list(programs)}))
    return str(path)


MECHATRONICA = ("mech-bbl", "25506", "Mechatronica monteur BBL", "hengelo-2027", "2027-03-01")


@pytest.fixture
def linked_provider(sectors) -> Provider:
    """The OOAPI feed is imported; an editor links the provider's EDU-DEX id in /beheer/."""
    import_courses("ooapi", str(OOAPI / "catalogue.json"))
    provider = Provider.objects.get(name="ROC Techniek Oost")
    ProviderLink.objects.create(provider=provider, source="edudex", source_id=ROC_EDUDEX_ID)
    return provider


def mechatronica() -> Course:
    return Course.objects.get(crebo_code="25506")


def test_the_same_course_from_both_feeds_appears_once_with_both_sources(linked_provider, tmp_path):
    report = import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))

    course = mechatronica()
    assert Course.objects.filter(crebo_code="25506").count() == 1
    assert (course.source, course.provider) == ("ooapi", linked_provider)
    assert list(course.other_sources.values_list("source", "source_id")) == [
        ("edudex", f"{ROC_EDUDEX_ID}/mech-bbl")
    ]
    assert (report.created, report.merged) == (0, 1)
    assert "1 course was found in another feed too and joined to it." in report.summary()


def test_the_first_feed_keeps_its_texts_and_the_second_adds_its_start_moments(
    linked_provider, tmp_path
):
    before = mechatronica()
    import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))

    course = mechatronica()
    assert (course.title, course.summary, course.price) == (
        before.title,
        before.summary,
        before.price,
    )
    starts = sorted(
        (offering.source, offering.start_date.isoformat()) for offering in course.offerings.all()
    )
    assert ("edudex", "2027-03-01") in starts
    assert [start for start in starts if start[0] == ""] == [
        ("", "2026-09-01"),
        ("", "2027-02-01"),
    ]


def test_nightly_imports_of_both_feeds_do_not_undo_each_other(linked_provider, tmp_path):
    feed = edudex_feed(tmp_path, edudex_program(*MECHATRONICA))
    import_courses("edudex", feed)

    again_ooapi = import_courses("ooapi", str(OOAPI / "catalogue.json"))
    again_edudex = import_courses("edudex", feed)

    course = mechatronica()
    assert course.offerings.filter(source="edudex").count() == 1, "OOAPI left it alone"
    assert course.offerings.filter(source="").count() == 2, "EDU-DEX left OOAPI's alone"
    assert again_edudex.unchanged == 1
    assert again_ooapi.updated == 0


def test_a_start_moment_the_second_feed_drops_goes_and_a_new_one_comes(linked_provider, tmp_path):
    import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))
    moved = (*MECHATRONICA[:3], "hengelo-2027-09", "2027-09-06")

    report = import_courses("edudex", edudex_feed(tmp_path, edudex_program(*moved)))

    starts = mechatronica().offerings.filter(source="edudex")
    assert [offering.start_date.isoformat() for offering in starts] == ["2027-09-06"]
    assert report.updated == 1


def test_without_the_editors_link_the_feeds_stay_apart(sectors, tmp_path):
    """The same crebo code at another provider is another school's course."""
    import_courses("ooapi", str(OOAPI / "catalogue.json"))

    report = import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))

    assert Course.objects.filter(crebo_code="25506").count() == 2
    assert report.merged == 0
    assert not CourseSource.objects.exists()


def test_two_courses_of_one_provider_with_one_code_are_not_guessed_between(
    linked_provider, tmp_path
):
    """BOL and BBL of one crebo code are two courses: an EDU-DEX record of that code joins
    neither and is imported as a course of its own."""
    CourseFactory(provider=linked_provider, crebo_code="25506", title="Monteur (BOL)")

    report = import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))

    assert (report.created, report.merged) == (1, 0)
    assert Course.objects.filter(crebo_code="25506").count() == 3


def test_the_provider_keeps_the_name_its_own_feed_gives_it(linked_provider, tmp_path):
    import_courses("edudex", edudex_feed(tmp_path, edudex_program(*MECHATRONICA)))

    linked_provider.refresh_from_db()
    assert linked_provider.name == "ROC Techniek Oost"
    assert not Provider.objects.filter(source="edudex").exists()


def test_an_editor_sees_the_joined_courses_in_the_run_and_both_sources_in_beheer(
    linked_provider, tmp_path, admin_client
):
    from trajectories.catalogue.importers import import_and_record

    location = edudex_feed(tmp_path, edudex_program(*MECHATRONICA))
    import_and_record("edudex", location)

    run = ImportRun.objects.latest("started_at")
    assert run.merged == 1
    page = admin_client.get(f"/beheer/trajectories/course/{mechatronica().pk}/change/")
    assert f"{ROC_EDUDEX_ID}/mech-bbl" in page.content.decode()
    assert Offering.objects.filter(source="edudex").count() == 1
