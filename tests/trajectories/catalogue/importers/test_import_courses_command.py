"""`manage.py import_courses --format edudex|ooapi PATH_OR_URL`, as an operator runs it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from trajectories.models import Course

from .conftest import EDUDEX, OOAPI

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_courses", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_reports_what_it_did_and_why_records_were_not_imported(sectors):
    out, _ = run("--format", "edudex", str(EDUDEX / "invalid.json"))

    lines = out.splitlines()
    assert lines[0] == (
        "Courses: 2 created, 0 updated, 0 unchanged, 5 invalid; 1 to be classified. "
        "Providers created: 1."
    )
    assert lines[1] == "Not imported:"
    assert "  acme-techniek/zonder-prijs: The course has no price." in lines


def test_an_operator_reads_the_report_in_dutch(sectors):
    with translation.override("nl"):
        out, _ = run("--format", "edudex", str(EDUDEX / "invalid.json"))

    assert out.splitlines()[:2] == [
        "Opleidingen: 2 nieuw, 0 bijgewerkt, 0 hetzelfde gebleven, 5 niet goed; "
        "1 nog in te delen. Nieuwe aanbieders: 1.",
        "Niet ingelezen:",
    ]
    assert "  acme-techniek/zonder-prijs: De opleiding heeft geen prijs." in out


def test_it_imports_from_an_http_url(sectors, samples_server):
    out, _ = run("--format", "ooapi", f"{samples_server}/ooapi/catalogue.json")

    assert out.startswith("Courses: 4 created,")
    assert Course.objects.filter(source="ooapi").count() == 4


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("/nowhere/programs.json", "/nowhere/programs.json does not exist."),
        ("http://127.0.0.1:9/programs.json", "Cannot fetch http://127.0.0.1:9/programs.json"),
    ],
)
def test_a_source_that_cannot_be_reached_stops_with_one_clear_line(sectors, location, message):
    with pytest.raises(CommandError, match=message):
        run("--format", "edudex", location)
    assert not Course.objects.exists()


def test_a_missing_page_at_the_url_is_named_with_its_status(sectors, samples_server):
    with pytest.raises(CommandError, match=r"answered with HTTP 404\."):
        run("--format", "edudex", f"{samples_server}/edudex/missing.json")


def test_a_file_that_is_not_json_stops_with_where_it_went_wrong(sectors, tmp_path):
    broken = tmp_path / "programs.json"
    broken.write_text('{"programs": [\n  {"data": }\n]}')

    with pytest.raises(CommandError, match=r"programs.json is not valid JSON \(line 2"):
        run("--format", "edudex", str(broken))


def test_a_file_nested_too_deeply_stops_with_one_line(sectors, tmp_path):
    deep = tmp_path / "programs.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)

    with pytest.raises(CommandError, match=r"programs\.json is nested too deeply to read\."):
        run("--format", "ooapi", str(deep))


def test_an_unknown_default_field_is_refused_before_anything_is_imported(sectors):
    with pytest.raises(CommandError, match=r"There is no field \(sector\) called bloemen\."):
        run("--format", "edudex", "--default-sector", "bloemen", str(EDUDEX / "invalid.json"))
    assert not Course.objects.exists()


def test_it_shows_progress_for_a_large_file_apart_from_the_report(sectors, tmp_path):
    program = json.loads((EDUDEX / "single-program.json").read_text())
    lines = []
    for number in range(2500):
        program["programClassification"]["programId"] = f"zon-{number}"
        lines.append(json.dumps(program))
    large = tmp_path / "programs.jsonl"
    large.write_text("\n".join(lines))

    out, err = run("--format", "edudex", str(large))

    assert err.splitlines() == ["1000 records processed …", "2000 records processed …"]
    report, *index = out.splitlines()
    assert report == (
        "Courses: 2500 created, 0 updated, 0 unchanged, 0 invalid; 0 to be classified. "
        "Providers created: 1."
    )
    # On PostgreSQL the catalogue index is built again at once (docs/catalogue.md).
    assert len(index) == (connection.vendor == "postgresql")
    assert all(line.startswith("Catalogue index built in ") for line in index)
    assert Course.objects.count() == 2500


def test_the_format_must_be_one_it_knows(sectors):
    with pytest.raises(CommandError, match="invalid choice"):
        run("--format", "csv", str(OOAPI / "catalogue.json"))
