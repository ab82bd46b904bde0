"""The quick compiled schema check never lets through what jsonschema would refuse, and a
valid record takes the quick way (that is what keeps an import fast)."""

import json

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectories.catalogue.importers import schemas

from .conftest import EDUDEX, OOAPI
from .test_robustness import JSON_VALUES, paths, with_value

SAMPLE_PROGRAM = json.loads((EDUDEX / "programs.json").read_text())["programs"][0]["data"]
SAMPLE_OOAPI = json.loads((OOAPI / "catalogue.json").read_text())
SAMPLE_COURSE = SAMPLE_OOAPI["courses"][0]
SAMPLE_OFFERING = next(
    offering
    for offering in SAMPLE_OOAPI["offerings"]["items"]
    if offering["offeringType"] == "course"
)
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def quick_accepts(check: schemas.SchemaCheck, instance) -> bool:
    try:
        check.quick(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def assert_never_more_lenient(check: schemas.SchemaCheck, instance) -> None:
    if quick_accepts(check, instance):
        assert list(check.validator.iter_errors(instance)) == []


@pytest.mark.parametrize(
    ("check", "record"),
    [
        (schemas.edudex_check, lambda: SAMPLE_PROGRAM),
        (lambda: schemas.ooapi_check("Course"), lambda: SAMPLE_COURSE),
        (lambda: schemas.ooapi_check("CourseOffering"), lambda: SAMPLE_OFFERING),
    ],
)
def test_a_valid_sample_record_passes_the_quick_check(check, record):
    assert quick_accepts(check(), record())
    assert check().problems(record()) == ""


@EXAMPLES
@given(path=st.sampled_from(list(paths(SAMPLE_PROGRAM))), value=JSON_VALUES)
def test_the_quick_edudex_check_refuses_whatever_jsonschema_refuses(path, value):
    assert_never_more_lenient(schemas.edudex_check(), with_value(SAMPLE_PROGRAM, path, value))


@EXAMPLES
@given(path=st.sampled_from(list(paths(SAMPLE_COURSE))), value=JSON_VALUES)
def test_the_quick_ooapi_check_refuses_whatever_jsonschema_refuses(path, value):
    assert_never_more_lenient(schemas.ooapi_check("Course"), with_value(SAMPLE_COURSE, path, value))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^[a-z$]+$", "^[a-z\\$]+$"),
        ("^[^$\\]]$", "^[^\\$\\]]$"),
        ("^a\\$$", "^a\\$$"),
    ],
)
def test_a_dollar_inside_a_set_is_escaped_for_the_compiler(pattern, expected):
    assert schemas.dollar_in_sets_escaped(pattern) == expected


def test_an_email_pattern_with_a_dollar_in_its_set_is_checked_alike():
    check = schemas.edudex_check()
    for email in ["a$b@example.nl", "kapot", "x@y"]:
        contacts = {"contactData": [{"contactName": "Team", "role": "informatie", "email": email}]}
        program = {**SAMPLE_PROGRAM, "programContacts": contacts}
        assert quick_accepts(check, program) == (list(check.validator.iter_errors(program)) == [])
