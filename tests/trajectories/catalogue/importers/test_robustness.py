"""Whatever a feed holds, an import reports it record by record and never crashes.

The property tests change one value anywhere in a valid sample record to any JSON value;
the importer must then either import the record or give a reason, and what it accepts
the database must accept too.
"""

import dataclasses
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectories.catalogue.importers import edudex, ooapi
from trajectories.catalogue.importers.common import Document, ImportReport, Vocabulary, save_batch
from trajectories.models import Course

from .conftest import EDUDEX, OOAPI

pytestmark = pytest.mark.django_db

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-09-01", "2026-13-45", "12.50", "-3", "Zwolle", "BBL", "P2W"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def paths(value, prefix=()):
    """Every place in a JSON value: a tuple of keys and list indexes."""
    yield prefix
    if isinstance(value, dict | list):
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from paths(child, (*prefix, key))


def with_value(document, path, value):
    document = json.loads(json.dumps(document))
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


SAMPLE_PROGRAM = json.loads((EDUDEX / "programs.json").read_text())["programs"][0]["data"]
SAMPLE_OOAPI = json.loads((OOAPI / "catalogue.json").read_text())


def import_and_save(parse, source: str, document) -> ImportReport:
    report = ImportReport(source=source)
    parsed = list(parse([Document("sample", document)], Vocabulary()))
    for result in parsed:
        assert (result.course is None) != (result.reason == ""), result
    courses = {result.course.source_id: result.course for result in parsed if result.course}
    if courses:
        save_batch(source, list(courses.values()), report)
    return report


@EXAMPLES
@given(path=st.sampled_from(list(paths(SAMPLE_PROGRAM))), value=JSON_VALUES)
def test_any_value_anywhere_in_an_edudex_program_is_imported_or_explained(sectors, path, value):
    report = import_and_save(edudex.parse, "edudex", with_value(SAMPLE_PROGRAM, path, value))

    assert report.invalid == []  # nothing the checks let through is refused by the database


@EXAMPLES
@given(path=st.sampled_from(list(paths(SAMPLE_OOAPI))), value=JSON_VALUES)
def test_any_value_anywhere_in_an_ooapi_catalogue_is_imported_or_explained(sectors, path, value):
    report = import_and_save(ooapi.parse, "ooapi", with_value(SAMPLE_OOAPI, path, value))

    assert report.invalid == []


@EXAMPLES
@given(document=JSON_VALUES)
def test_any_json_document_at_all_is_reported_not_raised(sectors, document):
    for parse in (edudex.parse, ooapi.parse):
        for result in parse([Document("any", document)], Vocabulary()):
            assert result.course or result.reason


def test_a_record_the_database_refuses_is_reported_and_the_rest_of_its_batch_saved(sectors):
    program = json.loads((EDUDEX / "single-program.json").read_text())
    (parsed,) = edudex.parse([Document("one", program)], Vocabulary())
    good = parsed.course
    # No importer makes a negative number of hours; the database refuses it.
    bad = dataclasses.replace(good, source_id="elektrovakschool/kapot", hours_per_week=-1)
    report = ImportReport(source="edudex")

    save_batch("edudex", [bad, good], report)

    assert report.created == 1
    assert Course.objects.get().source_id == "elektrovakschool/zonnepanelen-installeren"
    assert Course.objects.get().price == Decimal("1512.50")
    ((label, reason),) = report.invalid
    assert label == "elektrovakschool/kapot"
    assert reason.startswith("Not saved: ")
