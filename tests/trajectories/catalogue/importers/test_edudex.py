"""Importing EDU-DEX programs: what ends up in the catalogue, and what is refused and why.

samples/edudex/programs.json is a bulk answer of the EDU-DEX Data API with two suppliers
and three programs; invalid.json holds one good program and six that cannot be imported;
single-program.json is one program, as EDU-DEX publishes it per file.
"""

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from poort.vocabulary import CertificateKind, CourseMode, LearningPath
from tests.trajectories.factories import ReferralFactory
from trajectories.catalogue.importers import import_courses
from trajectories.models import Course, Offering, Provider

from .conftest import EDUDEX

pytestmark = pytest.mark.django_db

PROGRAMS = EDUDEX / "programs.json"


def edudex(location: Path | str, **options):
    return import_courses("edudex", str(location), **options)


def changed_copy(tmp_path: Path, change) -> Path:
    """programs.json with `change(data)` applied, written to a new file."""
    data = json.loads(PROGRAMS.read_text())
    change(data)
    path = tmp_path / "programs.json"
    path.write_text(json.dumps(data))
    return path


def course(program_id: str) -> Course:
    return Course.objects.get(source="edudex", source_id__endswith=f"/{program_id}")


def test_it_creates_providers_courses_and_offerings_from_a_bulk_file(sectors):
    report = edudex(PROGRAMS)

    assert (report.created, report.updated, report.unchanged, report.invalid) == (3, 0, 0, [])
    assert report.providers_created == 2
    assert sorted(Provider.objects.values_list("name", "source", "source_id")) == [
        ("Acme Techniek Opleidingen", "edudex", "acme-techniek"),
        ("De Warmteschool", "edudex", "warmteschool"),
    ]
    assert sorted(Course.objects.values_list("source_id", flat=True)) == [
        "acme-techniek/eerste-monteur-elektro-bbl",
        "acme-techniek/vca-basis-online",
        "warmteschool/monteur-warmtepompen",
    ]
    assert Offering.objects.count() == 5


def test_an_mbo_program_learnt_at_work_gets_level_diploma_learning_path_and_crebo(sectors):
    edudex(PROGRAMS)

    monteur = course("eerste-monteur-elektro-bbl")
    assert monteur.title == "Eerste monteur elektrotechnische installaties (BBL)"
    assert monteur.summary.startswith("Word eerste monteur.")
    assert "één dag per week naar school" in monteur.description
    assert monteur.provider.name == "Acme Techniek Opleidingen"
    assert monteur.sector == sectors["Elektrotechniek"]
    assert monteur.level == 3
    assert monteur.certificate_kind == CertificateKind.DIPLOMA
    assert monteur.learning_path == LearningPath.BBL
    assert monteur.mode == CourseMode.PRACTICE
    assert monteur.crebo_code == "25458"
    assert (monteur.duration_weeks, monteur.hours_per_week) == (104, 32)
    # Tuition and registration fee; the optional books are not part of the price.
    assert monteur.price == Decimal("3000.00")


def test_an_online_exam_course_has_no_place_and_costs_its_price_with_vat(sectors):
    edudex(PROGRAMS)

    vca = course("vca-basis-online")
    assert vca.mode == CourseMode.ONLINE
    assert vca.certificate_kind == CertificateKind.INDUSTRY_CERTIFICATE
    assert vca.sector == sectors["Installatietechniek"]
    assert (vca.level, vca.learning_path, vca.crebo_code) == (None, "", "")
    assert vca.duration_weeks is None  # one day is not "1 week"
    assert vca.price == Decimal("175.45")
    (offering,) = vca.offerings.all()
    assert offering.municipality is None
    assert offering.start_date == datetime.date(2026, 10, 5)


def test_a_part_time_module_with_virtual_classes_is_hybrid_and_priced_from_its_cheapest_start(
    sectors,
):
    edudex(PROGRAMS)

    warmtepomp = course("monteur-warmtepompen")
    assert warmtepomp.mode == CourseMode.HYBRID
    assert warmtepomp.certificate_kind == CertificateKind.MBO_CERTIFICATE
    assert warmtepomp.learning_path == LearningPath.WORKPLACE
    assert (warmtepomp.level, warmtepomp.crebo_code) == (2, "25632")
    assert (warmtepomp.duration_weeks, warmtepomp.hours_per_week) == (26, 8)
    assert warmtepomp.price == Decimal("1795.00")


def test_each_run_becomes_an_offering_with_its_place_dates_seats_and_price(sectors):
    edudex(PROGRAMS)

    zwolle = Offering.objects.get(source_id="zwolle-2026-09")
    assert zwolle.municipality.name == "Zwolle"
    assert (zwolle.start_date, zwolle.end_date) == (
        datetime.date(2026, 9, 7),
        datetime.date(2028, 7, 7),
    )
    assert zwolle.application_deadline == datetime.date(2026, 8, 15)
    assert zwolle.seats == 16
    assert zwolle.price is None  # the course price applies
    den_bosch = Offering.objects.get(source_id="den-bosch-2027-02")
    assert den_bosch.municipality.name == "'s-Hertogenbosch"
    assert den_bosch.price == Decimal("3100.00")


def test_places_are_found_whatever_their_accents_and_capitals(sectors):
    edudex(PROGRAMS)

    places = dict(
        Offering.objects.filter(course=course("monteur-warmtepompen")).values_list(
            "source_id", "municipality__name"
        )
    )
    assert places == {"lwd-2026-09": "Súdwest-Fryslân", "amf-2026-11": "Amersfoort"}


def test_cancelled_runs_and_runs_for_one_client_are_left_out(sectors):
    edudex(PROGRAMS)

    assert not Offering.objects.filter(source_id__in=["zwolle-2026-01", "incompany-2026"])


def test_importing_the_same_file_again_changes_nothing(sectors):
    edudex(PROGRAMS)
    before = list(Course.objects.order_by("pk").values_list("pk", "slug", "updated_at"))
    offerings = list(Offering.objects.order_by("pk").values_list("pk", flat=True))

    report = edudex(PROGRAMS)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Course.objects.order_by("pk").values_list("pk", "slug", "updated_at")) == before
    assert list(Offering.objects.order_by("pk").values_list("pk", flat=True)) == offerings
    assert report.providers_created == 0


def test_a_changed_program_is_updated_in_place_and_keeps_its_slug(sectors, tmp_path):
    edudex(PROGRAMS)
    slug = course("eerste-monteur-elektro-bbl").slug

    def retitle_and_drop_a_run(data):
        program = data["programs"][0]["data"]
        program["programDescriptions"]["programName"]["nl"] = "Eerste monteur elektro"
        program["programSchedule"]["programRun"].pop(1)

    report = edudex(changed_copy(tmp_path, retitle_and_drop_a_run))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    monteur = course("eerste-monteur-elektro-bbl")
    assert monteur.title == "Eerste monteur elektro"
    assert monteur.slug == slug
    assert list(monteur.offerings.values_list("source_id", flat=True)) == ["zwolle-2026-09"]


def test_a_changed_run_alone_counts_as_an_update(sectors, tmp_path):
    edudex(PROGRAMS)

    def move_start(data):
        run = data["programs"][1]["data"]["programSchedule"]["programRun"][0]
        run["startDate"]["date"] = run["endDate"]["date"] = "2026-10-12"

    report = edudex(changed_copy(tmp_path, move_start))

    assert (report.updated, report.unchanged) == (1, 2)
    assert Offering.objects.get(source_id="online-2026-10").start_date == datetime.date(
        2026, 10, 12
    )


def test_a_dropped_run_that_someone_signed_up_for_is_kept(sectors, tmp_path):
    edudex(PROGRAMS)
    den_bosch = Offering.objects.get(source_id="den-bosch-2027-02")
    ReferralFactory(interest=True, course=den_bosch.course, offering=den_bosch)

    def drop_den_bosch(data):
        data["programs"][0]["data"]["programSchedule"]["programRun"].pop(1)

    report = edudex(changed_copy(tmp_path, drop_den_bosch))

    assert Offering.objects.filter(pk=den_bosch.pk).exists()
    assert report.unchanged == 3  # and importing it again does not count it as a change


def test_invalid_programs_are_reported_with_their_reason_and_the_rest_is_imported(sectors):
    report = edudex(EDUDEX / "invalid.json")

    assert (report.created, report.unclassified) == (2, 1)
    assert list(Course.objects.values_list("title", flat=True)) == [
        "Bloemschikken voor beginners",
        "Lassen MIG/MAG",
    ]
    reasons = dict(report.invalid)
    assert reasons == {
        "acme-techniek/plc-atlantis": (
            "programRun atl-2026-09: “Atlantis” is not a Dutch municipality."
        ),
        "acme-techniek/zonder-prijs": "The course has no price.",
        "acme-techniek/terug-in-de-tijd": "programRun utr-2027-01 ends before it starts.",
        "acme-techniek/alleen-voor-klant": "This program is for one client only, not for everyone.",
        "acme-techniek/rare-crebo": "The crebo code X1234 does not have five digits.",
    }


def test_a_course_in_no_field_we_know_is_imported_to_be_classified(sectors):
    edudex(EDUDEX / "invalid.json")

    bloemschikken = course("bloemschikken")
    assert (bloemschikken.sector.slug, bloemschikken.sector_rule) == ("overig", "unclassified")


def test_a_default_field_takes_in_courses_that_name_none_we_know(sectors):
    report = edudex(EDUDEX / "invalid.json", default_sector="werktuigbouw")

    assert course("bloemschikken").sector == sectors["Werktuigbouw"]
    assert (report.unclassified, course("bloemschikken").sector_rule) == (0, "default")


def test_a_single_program_file_is_read_and_its_provider_named_after_its_id(sectors):
    report = edudex(EDUDEX / "single-program.json")

    assert report.created == 1
    zon = course("zonnepanelen-installeren")
    assert zon.provider.name == "elektrovakschool"
    assert zon.certificate_kind == CertificateKind.ATTENDANCE
    # € 1,250 with € 262.50 VAT; the discount for paying at once is not a cost.
    assert zon.price == Decimal("1512.50")
    (offering,) = zon.offerings.all()
    assert (offering.municipality.name, offering.seats) == ("Enschede", 12)


def test_a_provider_keeps_its_name_when_a_later_file_has_no_supplier_list(sectors, tmp_path):
    edudex(PROGRAMS)

    def without_suppliers(data):
        del data["suppliers"]

    edudex(changed_copy(tmp_path, without_suppliers))

    assert Provider.objects.get(source_id="warmteschool").name == "De Warmteschool"


def test_a_directory_and_a_json_lines_file_are_read_like_one_source(sectors, tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    shutil.copy(EDUDEX / "single-program.json", folder / "a.json")
    programs = json.loads(PROGRAMS.read_text())["programs"]
    (folder / "b.jsonl").write_text("\n".join(json.dumps(item) for item in programs) + "\n")
    (folder / "notes.txt").write_text("not part of the feed")

    report = edudex(folder)

    assert (report.created, report.invalid) == (4, [])


def test_a_broken_line_in_a_json_lines_file_is_reported_and_the_others_imported(sectors, tmp_path):
    programs = json.loads(PROGRAMS.read_text())["programs"]
    lines = [json.dumps(programs[0]), "{not json", json.dumps(programs[1])]
    path = tmp_path / "programs.jsonl"
    path.write_text("\n".join(lines))

    report = edudex(path)

    assert report.created == 2
    assert report.invalid == [("programs.jsonl:2", "This line is not valid JSON.")]


def test_slugs_come_from_title_and_provider_and_never_clash(sectors, tmp_path):
    program = json.loads((EDUDEX / "single-program.json").read_text())
    twin = json.loads(json.dumps(program))
    twin["programClassification"]["programId"] = "zonnepanelen-installeren-avond"
    other = json.loads(json.dumps(program))
    other["programClassification"]["orgUnitId"] = "zonneschool"
    path = tmp_path / "three.json"
    path.write_text(json.dumps([program, twin, other]))

    edudex(path)

    assert sorted(Course.objects.values_list("slug", flat=True)) == [
        "zonnepanelen-installeren-elektrovakschool",
        "zonnepanelen-installeren-elektrovakschool-2",
        "zonnepanelen-installeren-zonneschool",
    ]


def test_a_program_that_appears_twice_is_imported_once(sectors, tmp_path):
    program = json.loads((EDUDEX / "single-program.json").read_text())
    path = tmp_path / "twice.json"
    path.write_text(json.dumps([program, program]))

    report = edudex(path)

    assert report.created == 1
    assert report.invalid == [
        ("elektrovakschool/zonnepanelen-installeren", "This course appears twice in the source.")
    ]


def test_a_file_in_a_directory_that_is_not_json_is_reported_and_the_others_read(sectors, tmp_path):
    shutil.copy(EDUDEX / "single-program.json", tmp_path / "a.json")
    (tmp_path / "b.json").write_text("<program>XML is not read</program>")

    report = edudex(tmp_path)

    assert report.created == 1
    ((label, reason),) = report.invalid
    assert label == "b.json"
    assert reason.startswith("b.json is not valid JSON (line 1")
