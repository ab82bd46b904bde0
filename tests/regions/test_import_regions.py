"""`manage.py import_regions FILE` brings municipalities and regions up to date from CBS.

The samples in fixtures/ describe one made-up reorganisation of seven real municipalities:
Leeuwarden is renamed Ljouwert, Assen moves to region Drenthe, Losser and Dinkelland merge
into the new Noordoost-Twente, and Wierden moves to a new region AM39 Twente-West.
"""

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from regions.models import Municipality, Region, Sector
from trajectories.models import Candidate, Course, Offering, Provider

FIXTURES = Path(__file__).parent / "fixtures"
CBS_EXPORT = FIXTURES / "gebieden-in-nederland-cbs.csv"
LAYOUTS = [
    CBS_EXPORT,
    FIXTURES / "gebieden-in-nederland-flat.csv",
    FIXTURES / "gemeenten-simple.csv",
]
PROJECT_FACTS = Path(__file__).resolve().parents[2] / "regions" / "data" / "gemeenten-2026.csv"
BEFORE = [
    ("GM0014", "Groningen", "AM01", "Groningen"),
    ("GM0080", "Leeuwarden", "AM02", "Fryslân"),
    ("GM0106", "Assen", "AM01", "Drenthe"),
    ("GM0153", "Enschede", "AM05", "Overijssel"),
    ("GM0168", "Losser", "AM05", "Overijssel"),
    ("GM0189", "Wierden", "AM05", "Overijssel"),
    ("GM1774", "Dinkelland", "AM05", "Overijssel"),
]
AFTER = [
    ("GM0014", "Groningen", "AM01", "Groningen"),
    ("GM0080", "Ljouwert", "AM02", "Fryslân"),
    ("GM0106", "Assen", "AM03", "Drenthe"),
    ("GM0153", "Enschede", "AM05", "Overijssel"),
    ("GM0189", "Wierden", "AM39", "Overijssel"),
    ("GM1999", "Noordoost-Twente", "AM05", "Overijssel"),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def seven_municipalities() -> None:
    Municipality.objects.all().delete()
    for code, name, region, province in BEFORE:
        Municipality.objects.create(
            code=code, name=name, province=province, region=Region.objects.get(code=region)
        )


def municipalities() -> list[tuple[str, str, str, str]]:
    return [
        (m.code, m.name, m.region.code, m.province)
        for m in Municipality.objects.select_related("region").order_by("code")
    ]


def import_regions(*args: str | Path) -> list[str]:
    """Run the command as an operator would; the lines it prints."""
    out = StringIO()
    call_command("import_regions", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("sample", LAYOUTS, ids=lambda path: path.stem)
def test_it_adds_renames_moves_and_removes_municipalities(seven_municipalities, sample):
    lines = import_regions(sample)

    assert municipalities() == AFTER
    assert "added: GM1999 Noordoost-Twente, region AM05 Twente" in lines
    assert "renamed: GM0080 Leeuwarden → Ljouwert" in lines
    assert "moved: GM0106 Assen, region AM01 Groningen → AM03 Drenthe" in lines
    assert "removed: GM0168 Losser (not in the file)" in lines
    assert "removed: GM1774 Dinkelland (not in the file)" in lines
    assert lines[-1] == "Summary: 1 added, 1 renamed, 2 moved, 2 removed, 0 kept. New regions: 1."


def test_it_creates_a_region_the_file_names_with_its_name(seven_municipalities):
    lines = import_regions(CBS_EXPORT)

    new_region = Region.objects.get(code="AM39")
    assert new_region.name == "Twente-West"
    assert new_region.municipalities.get().name == "Wierden"
    assert lines[0] == "new region: AM39 Twente-West"


def test_a_new_region_without_a_name_in_the_file_is_named_after_its_code(seven_municipalities):
    import_regions(FIXTURES / "gemeenten-simple.csv")

    assert Region.objects.get(code="AM39").name == "AM39"


def test_it_reports_a_region_left_without_municipalities(seven_municipalities, tmp_path):
    sample = tmp_path / "leeuwarden-moves.csv"
    rows = [
        f"{name},{code},{'AM01' if code == 'GM0080' else region},{province}"
        for code, name, region, province in BEFORE
    ]
    sample.write_text("gemeente,code,arbeidsmarktregio,provincie\n" + "\n".join(rows) + "\n")

    lines = import_regions(sample)

    assert "region without municipalities: AM02 Friesland" in lines
    assert Region.objects.filter(code="AM02").exists()


@pytest.mark.parametrize("sample", LAYOUTS, ids=lambda path: path.stem)
def test_a_dry_run_reports_the_same_changes_and_writes_nothing(seven_municipalities, sample):
    regions_before = Region.objects.count()

    dry_lines = import_regions(sample, "--dry-run")

    assert municipalities() == BEFORE
    assert Region.objects.count() == regions_before
    assert dry_lines[-1].endswith("Dry run: nothing was saved.")
    assert dry_lines[:-1] == import_regions(sample)[:-1]


def test_a_municipality_a_candidate_lives_in_is_kept_and_the_report_says_why(
    seven_municipalities,
):
    Candidate.objects.create(
        first_name="Sanne", municipality=Municipality.objects.get(name="Losser")
    )

    lines = import_regions(CBS_EXPORT)

    assert Municipality.objects.filter(code="GM0168", name="Losser").exists()
    assert not Municipality.objects.filter(code="GM1774").exists()
    assert "kept: GM0168 Losser is not in the file but is still in use (candidates: 1)" in lines
    assert "2 moved, 1 removed, 1 kept." in lines[-1]


def test_a_municipality_with_course_offerings_is_kept(seven_municipalities):
    course = Course.objects.create(
        title="Elektrotechniek",
        slug="elektrotechniek",
        summary="Monteur worden",
        provider=Provider.objects.create(name="ROC Twente", slug="roc-twente"),
        sector=Sector.objects.create(name="Elektrotechniek", slug="elektrotechniek"),
        certificate_kind="diploma",
        mode="classroom",
        price=Decimal("0"),
    )
    dinkelland = Municipality.objects.get(code="GM1774")
    for day in (1, 2):
        Offering.objects.create(
            course=course, start_date=f"2027-02-0{day}", municipality=dinkelland
        )

    lines = import_regions(CBS_EXPORT)

    assert Municipality.objects.filter(code="GM1774").exists()
    assert "kept: GM1774 Dinkelland is not in the file but is still in use (offerings: 2)" in lines


def test_the_project_facts_import_without_changes():
    assert import_regions(PROJECT_FACTS) == ["No changes: the municipalities are up to date."]


def test_the_project_facts_as_a_cbs_export_import_without_changes(tmp_path):
    """The whole 2026 table in the CBS layout: padded values, BOM, semicolons, a source note."""
    export = tmp_path / "Gebieden_in_Nederland_2026.csv"
    with PROJECT_FACTS.open(encoding="utf-8") as source:
        rows = [
            [
                row["gemeente"],
                f"{row['code']:<10}",
                f"{row['gemeente']:<50}",
                f"{row['arbeidsmarktregio']:<10}",
                f"{Region.objects.get(code=row['arbeidsmarktregio']).name:<50}",
                f"{row['provincie']:<50}",
            ]
            for row in csv.DictReader(source)
        ]
    with export.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(
            [
                "Regio's",
                "Codes en namen van gemeenten/Code (code)",
                "Codes en namen van gemeenten/Naam (naam)",
                "Lokaliseringen van gemeenten/Arbeidsmarktregio's/Code (code)",
                "Lokaliseringen van gemeenten/Arbeidsmarktregio's/Naam (naam)",
                "Lokaliseringen van gemeenten/Provincies/Naam (naam)",
            ]
        )
        writer.writerows(rows)
        writer.writerow(["Bron: CBS", "", "", "", "", ""])

    assert import_regions(export) == ["No changes: the municipalities are up to date."]
    assert Municipality.objects.count() == 342


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "Cannot read"),
        (b"\x00\x01\x02 binary", "is not a CSV file"),
        ("code,naam\nAM01,Groningen\n", "has no header with a municipality code"),
        ("gemeente,code,arbeidsmarktregio,provincie\n", "has a header but no municipalities"),
        (
            "gemeente,code,arbeidsmarktregio,provincie\nAssen,GM0106,AM03,Drenthe\nAssen,GM12,AM03,\n",
            "Line 3: 'GM12' is not a municipality code like GM0014.",
        ),
        (
            "gemeente,code,arbeidsmarktregio,provincie\nAssen,GM0106,Drenthe,Drenthe\n",
            "Line 2: 'DRENTHE' is not a region code like AM01.",
        ),
        (
            "gemeente,code,arbeidsmarktregio,provincie\nAssen,GM0106,AM03,\nAssen,GM0106,AM03,\n",
            "Line 3: GM0106 appears twice.",
        ),
        (
            "gemeente,code,arbeidsmarktregio,provincie\nGroningen,GM0014,AM01,Groningen\n",
            "The file lacks 341 of the 342 municipalities",
        ),
    ],
    ids=["missing", "binary", "no-header", "empty", "bad-code", "bad-region", "twice", "partial"],
)
def test_a_file_it_cannot_use_changes_nothing_and_says_why_in_one_line(tmp_path, content, says):
    before = municipalities()
    regions_before = list(Region.objects.values_list("code", "name"))
    path = tmp_path / "gemeenten.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        import_regions(path)

    assert says in str(error.value)
    assert "\n" not in str(error.value)
    assert municipalities() == before
    assert list(Region.objects.values_list("code", "name")) == regions_before


def test_it_reads_municipality_codes_without_the_gm_prefix(seven_municipalities, tmp_path):
    sample = tmp_path / "numeric-codes.csv"
    rows = [f"{name};{int(code[2:])};{region}" for code, name, region, _ in BEFORE]
    sample.write_text("Gemeentenaam;Gemeentecode;Arbeidsmarktregiocode\n" + "\n".join(rows) + "\n")

    assert import_regions(sample) == ["No changes: the municipalities are up to date."]
