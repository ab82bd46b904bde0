"""The published JSON Schemas of EDU-DEX and OOAPI v5, vendored in standards/ (see its
README for source, version and licence), as validators for one record each.

A problem reads as the standard states it, with the path of the field:
`programClassification.programLevel: 'mbo 3' is not one of ['mbo niveau 1', …]`.
"""

import functools
import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

STANDARDS = Path(__file__).resolve().parent / "standards"
OOAPI = STANDARDS / "ooapi-v5.0"
EDUDEX = STANDARDS / "edudex-1.0.2" / "openapi-edudex-spec.json"
OOAPI_BASE = "https://ooapi.invalid/v5/"
EDUDEX_BASE = "https://edudex.invalid/openapi.json"
MAX_MESSAGE = 240


def openapi_30_to_json_schema(schema: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema says it (the files stay as published)."""
    if isinstance(schema, list):
        return [openapi_30_to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: openapi_30_to_json_schema(value) for key, value in schema.items()}
    if converted.pop("nullable", False) is True and isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
    return converted


@functools.cache
def ooapi_registry() -> Registry:
    resources = []
    for folder in ("schemas", "enumerations"):
        for path in sorted((OOAPI / folder).glob("*.yaml")):
            contents = openapi_30_to_json_schema(yaml.safe_load(path.read_text(encoding="utf-8")))
            resources.append(
                (f"{OOAPI_BASE}{folder}/{path.name}", DRAFT4.create_resource(contents))
            )
    return Registry().with_resources(resources)


@functools.cache
def ooapi_validator(schema_name: str) -> Draft4Validator:
    """A validator for one OOAPI v5 object, e.g. "Course", "CourseOffering"."""
    return Draft4Validator(
        {"$ref": f"{OOAPI_BASE}schemas/{schema_name}.yaml"}, registry=ooapi_registry()
    )


@functools.cache
def edudex_validator() -> Draft202012Validator:
    """A validator for one EDU-DEX program as the Data API returns it (program_out)."""
    document = json.loads(EDUDEX.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        EDUDEX_BASE, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"{EDUDEX_BASE}#/components/schemas/imports/properties/program_out"},
        registry=registry,
    )


def field_path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


def describe(error: ValidationError) -> str:
    message = error.message
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    path = field_path(error)
    return f"{path}: {message}" if path else message


def problems(validator: Draft4Validator | Draft202012Validator, instance: Any) -> str:
    """ "" when the instance follows the schema; else its most telling problem, and how
    many more there are."""
    errors = list(validator.iter_errors(instance))
    if not errors:
        return ""
    text = describe(best_match(errors))
    if len(errors) > 1:
        text += f" (+{len(errors) - 1})"
    return text
