"""Importing OOAPI v5 programs, courses and their offerings.

samples/ooapi/catalogue.json holds one root organization, one education specification
(the mbo diploma Monteur mechatronica), a program built on it, three courses and seven
offerings: one for a course of another source, one of a component, one for a course in a
field we do not have.
"""

import datetime
import json
from decimal import Decimal

import pytest

from poort.vocabulary import CertificateKind, CourseMode, LearningPath
from trajectories.catalogue.importers import import_courses
from trajectories.models import Course, Offering, Provider

from .conftest import OOAPI

pytestmark = pytest.mark.django_db

CATALOGUE = OOAPI / "catalogue.json"
PROGRAM = "8c3e9a64-2fad-4e3a-9c73-8b3a4f5e6d03"
SOLAR = "9d4fab75-3abe-4f4b-8d84-9c4b5a6f7e04"
PLC = "ae5abc86-4bcf-4a5c-9e95-ad5c6b7a8f05"
FLOWERS = "bf6bcd97-5cda-4b6d-8fa6-be6d7c8b9a06"


def ooapi(location, **options):
    return import_courses("ooapi", str(location), **options)


def test_programs_and_courses_become_courses_of_their_organization(sectors):
    report = ooapi(CATALOGUE)

    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert sorted(Course.objects.values_list("source", "source_id")) == [
        ("ooapi", PROGRAM),
        ("ooapi", SOLAR),
        ("ooapi", PLC),
        ("ooapi", FLOWERS),
    ]
    (provider,) = Provider.objects.all()
    assert (provider.name, provider.website) == (
        "ROC Techniek Oost",
        "https://www.roc-techniek-oost.example",
    )


def test_what_cannot_be_imported_is_reported_and_components_are_skipped(sectors):
    report = ooapi(CATALOGUE)

    assert report.unclassified == 1  # course BLOEM-01: "Bloemschikken" is none of our fields
    assert dict(report.invalid) == {
        "offering WEG-01-2026": (
            "Its program or course d0000000-0000-4000-8000-00000000dead is not in the source."
        ),
    }
    assert not Offering.objects.filter(source_id__endswith="000000000007")


def test_a_program_takes_level_diploma_and_crebo_from_its_education_specification(sectors):
    ooapi(CATALOGUE)

    mechatronica = Course.objects.get(source_id=PROGRAM)
    assert mechatronica.title == "Monteur mechatronica (BBL)"
    assert mechatronica.summary == "Je werkt bij een bedrijf en leert één dag per week op school."
    assert "Na drie jaar" in mechatronica.description
    assert mechatronica.sector == sectors["Mechatronica"]
    assert mechatronica.level == 3
    assert mechatronica.certificate_kind == CertificateKind.DIPLOMA
    assert mechatronica.learning_path == LearningPath.BBL
    assert mechatronica.mode == CourseMode.CLASSROOM
    assert mechatronica.crebo_code == "25506"
    assert mechatronica.duration_weeks == 156
    assert mechatronica.price == Decimal("4200.00")


def test_program_offerings_get_place_dates_deadline_seats_and_price(sectors):
    ooapi(CATALOGUE)

    offerings = Offering.objects.filter(course__source_id=PROGRAM).order_by("start_date")
    first, second = offerings
    assert first.municipality.name == "Enschede"
    assert (first.start_date, first.end_date, first.application_deadline) == (
        datetime.date(2026, 9, 1),
        datetime.date(2029, 7, 1),
        datetime.date(2026, 8, 1),
    )
    assert (first.seats, first.price) == (20, Decimal("4200.00"))
    # "hengelo" is the municipality Hengelo (O.); capitals and the suffix do not matter.
    assert (second.municipality.name, second.price) == ("Hengelo (O.)", Decimal("4350.00"))


def test_an_online_course_has_offerings_without_a_place(sectors):
    ooapi(CATALOGUE)

    solar = Course.objects.get(source_id=SOLAR)
    assert solar.mode == CourseMode.ONLINE
    assert solar.sector == sectors["Installatietechniek"]
    assert (solar.level, solar.certificate_kind) == (2, CertificateKind.ATTENDANCE)
    assert (solar.duration_weeks, solar.price) == (6, Decimal("695.00"))
    (offering,) = solar.offerings.all()
    assert offering.municipality is None


def test_a_course_without_organization_belongs_to_the_root_organization(sectors):
    ooapi(CATALOGUE)

    plc = Course.objects.get(source_id=PLC)
    assert plc.provider.name == "ROC Techniek Oost"
    assert plc.mode == CourseMode.HYBRID
    assert plc.sector == sectors["Elektrotechniek"]  # "Automatisering" is not one of ours
    assert plc.level is None
    (offering,) = plc.offerings.all()  # its offering names it as an expanded object
    assert offering.municipality.name == "Almelo"


def test_importing_again_changes_nothing_and_a_new_price_updates_one_course(sectors, tmp_path):
    ooapi(CATALOGUE)
    assert ooapi(CATALOGUE).unchanged == 4

    data = json.loads(CATALOGUE.read_text())
    data["offerings"]["items"][2]["priceInformation"][0]["amount"] = "745.00"
    changed = tmp_path / "catalogue.json"
    changed.write_text(json.dumps(data))
    report = ooapi(changed)

    assert (report.updated, report.unchanged) == (1, 3)
    assert Course.objects.get(source_id=SOLAR).price == Decimal("745.00")


def test_objects_may_come_one_per_line_in_any_order(sectors, tmp_path):
    data = json.loads(CATALOGUE.read_text())
    objects = [
        *data["offerings"]["items"],
        *data["courses"],
        *data["programs"]["items"],
        *data["educationSpecifications"],
        *data["organizations"],
    ]
    path = tmp_path / "catalogue.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in objects))

    report = ooapi(path)

    assert (report.created, len(report.invalid)) == (4, 1)
    assert Course.objects.get(source_id=PROGRAM).crebo_code == "25506"


def test_a_hbo_code_is_not_taken_for_a_crebo_code(sectors, tmp_path):
    data = json.loads(CATALOGUE.read_text())
    course = data["courses"][0]
    course["level"] = "bachelor"
    course["otherCodes"] = [{"codeType": "crohoCreboCode", "code": "34479"}]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data))

    ooapi(path)

    solar = Course.objects.get(source_id=SOLAR)
    assert (solar.level, solar.crebo_code) == (6, "")
