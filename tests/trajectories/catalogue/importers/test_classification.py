"""The reference fields of regions migration 0004 place every valid record: our own field,
then the ISCED-F code, then themes and search words, then the title; else "nog in te
delen". Records are checked against the published schemas first (docs/imports.md)."""

import copy
import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from regions.models import Sector
from trajectories.catalogue.importers import import_courses
from trajectories.models import Course

from .conftest import EDUDEX, OOAPI


@pytest.fixture
def reference_fields(db) -> None:
    migration = importlib.import_module("regions.migrations.0004_sector_reference_fields")
    migration.load_fields(apps, None)


def ooapi_with(tmp_path: Path, change) -> Path:
    data = json.loads((OOAPI / "catalogue.json").read_text())
    change(data)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data))
    return path


def only_isced(code: str):
    """The solar course with an ISCED-F code and no consumer block of ours."""

    def change(data):
        solar = data["courses"][0]
        del solar["consumers"]
        solar["fieldsOfStudy"] = code

    return change


@pytest.mark.parametrize(
    ("code", "field", "rule"),
    [
        ("0713", "elektrotechniek", "isced"),
        ("0714", "mechatronica", "isced"),
        ("0715", "werktuigbouw-en-metaal", "isced"),
        ("0732", "bouw-en-infra", "isced"),
        ("1022", "veiligheid-en-arbo", "isced"),
        ("0612", "ict-en-netwerkbeheer", "isced"),
        ("0911", "elektrotechniek", "title"),  # not ours: the title "Zonnepanelen leggen"
    ],
)
def test_a_migrated_site_places_an_ooapi_course_by_its_isced_code(
    reference_fields, tmp_path, code, field, rule
):
    report = import_courses("ooapi", str(ooapi_with(tmp_path, only_isced(code))))

    solar = Course.objects.get(source_id="9d4fab75-3abe-4f4b-8d84-9c4b5a6f7e04")
    assert (solar.sector.slug, solar.sector_rule) == (field, rule)
    assert [label for label, _ in report.invalid] == ["offering WEG-01-2026"]


def test_our_own_field_wins_over_the_isced_code(reference_fields, tmp_path):
    def change(data):
        data["courses"][0]["fieldsOfStudy"] = "0612"

    import_courses("ooapi", str(ooapi_with(tmp_path, change)))

    solar = Course.objects.get(source_id="9d4fab75-3abe-4f4b-8d84-9c4b5a6f7e04")
    assert (solar.sector.slug, solar.sector_rule) == ("installatietechniek", "consumer")


def test_a_course_that_fits_no_field_is_imported_to_be_classified_and_found(
    reference_fields,
):
    report = import_courses("ooapi", str(OOAPI / "catalogue.json"))

    flowers = Course.objects.get(title="Bloemschikken")
    assert (flowers.sector.slug, flowers.sector_rule) == ("overig", "unclassified")
    assert report.unclassified == 1
    assert list(Course.objects.search("bloemschikken")) == [flowers]


def test_a_field_an_editor_chose_stays_on_the_next_import(reference_fields):
    import_courses("ooapi", str(OOAPI / "catalogue.json"))
    flowers = Course.objects.get(title="Bloemschikken")
    flowers.sector, flowers.sector_rule = Sector.objects.get(slug="installatietechniek"), "editor"
    flowers.save()

    report = import_courses("ooapi", str(OOAPI / "catalogue.json"))

    flowers.refresh_from_db()
    assert (flowers.sector.slug, flowers.sector_rule) == ("installatietechniek", "editor")
    assert (report.unchanged, report.unclassified) == (4, 0)


def edudex_programs(tmp_path: Path, *changes) -> Path:
    program = json.loads((EDUDEX / "single-program.json").read_text())
    programs = []
    for number, change in enumerate(changes):
        variant = copy.deepcopy(program)
        variant["programClassification"]["programId"] = f"variant-{number}"
        change(variant)
        programs.append(variant)
    path = tmp_path / "programs.json"
    path.write_text(json.dumps(programs))
    return path


def named(title: str, searchwords: list[str]):
    def change(program):
        program["programDescriptions"]["programName"] = {"nl": title}
        program["programDescriptions"]["searchword"] = {"nl": searchwords}

    return change


def test_edudex_programs_are_placed_by_search_words_then_title(reference_fields, tmp_path):
    path = edudex_programs(
        tmp_path,
        named("B-VCA", ["veiligheid", "certificaat"]),
        named("Zonnepanelen installeren", ["duurzaam"]),
        named("Basiscursus", ["Lassen"]),
    )

    report = import_courses("edudex", str(path))

    assert report.invalid == []
    placed = dict(Course.objects.values_list("title", "sector__slug"))
    assert placed == {
        "B-VCA": "veiligheid-en-arbo",
        "Zonnepanelen installeren": "elektrotechniek",
        "Basiscursus": "lassen",
    }


def test_a_value_outside_the_standard_is_reported_with_the_standards_rule(
    reference_fields, tmp_path
):
    def mbo_3(program):
        program["programClassification"]["programLevel"] = "mbo 3"

    report = import_courses("edudex", str(edudex_programs(tmp_path, mbo_3, lambda p: None)))

    ((label, reason),) = report.invalid
    assert label == "elektrovakschool/variant-0"
    assert reason.startswith("programClassification.programLevel: 'mbo 3' is not one of [")
    assert Course.objects.count() == 1  # the other one is imported


def test_an_ooapi_offering_outside_the_standard_makes_its_course_invalid(
    reference_fields, tmp_path
):
    def negative_price(data):
        data["offerings"]["items"][2]["priceInformation"][0]["amount"] = "-5"

    report = import_courses("ooapi", str(ooapi_with(tmp_path, negative_price)))

    reasons = dict(report.invalid)
    assert reasons["course ZON-01"].startswith("offering ")
    assert "priceInformation[0].amount: '-5' does not match" in reasons["course ZON-01"]
    assert not Course.objects.filter(source_id="9d4fab75-3abe-4f4b-8d84-9c4b5a6f7e04")
