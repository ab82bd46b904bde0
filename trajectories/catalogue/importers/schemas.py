"""The published JSON Schemas of EDU-DEX and OOAPI v5, vendored in standards/ (see its
README for source, version and licence), as checks for one record each.

A check runs twice as fast as it can: first the schema compiled to Python (fastjsonschema,
its $refs resolved once into one schema), which answers only "valid or not"; only for a
record that fails does jsonschema state the problems. jsonschema has the last word, so the
report is the same as with jsonschema alone; the compiled check may be stricter (then the
record only takes the slow way) but never more lenient (tests/…/test_schemas.py).

A problem reads as the standard states it, with the path of the field:
`programClassification.programLevel: 'mbo 3' is not one of ['mbo niveau 1', …]`.
"""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import fastjsonschema
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
EDUDEX_PROGRAM = f"{EDUDEX_BASE}#/components/schemas/imports/properties/program_out"
MAX_MESSAGE = 240
NOT_SCHEMAS = {"enum", "const", "default", "example", "examples", "description", "title"}
SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "dependentSchemas"}


@dataclass(frozen=True)
class SchemaCheck:
    """One standard's schema for one kind of record: the quick yes or no, and the words."""

    quick: Callable[[Any], Any]
    validator: Draft4Validator | Draft202012Validator

    def problems(self, instance: Any) -> str:
        """ "" when the instance follows the schema; else its most telling problem, and how
        many more there are."""
        try:
            self.quick(instance)
        except fastjsonschema.JsonSchemaException:
            pass
        else:
            return ""
        errors = list(self.validator.iter_errors(instance))
        if not errors:  # stricter than jsonschema (a pattern's "$" before a newline, say)
            return ""
        text = describe(best_match(errors))
        if len(errors) > 1:
            text += f" (+{len(errors) - 1})"
        return text


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


def bundled(registry: Registry, uri: str, *, ref_siblings_apply: bool) -> dict:
    """The schema at `uri` with every $ref it reaches, at any depth and in any file, moved
    into its own `definitions` (draft 4 to 7 style), so a compiler needs nothing else.
    `ref_siblings_apply`: since 2019-09 the keywords beside a $ref count too (allOf)."""
    names: dict[str, str] = {}
    definitions: dict[str, Any] = {}
    resolver = registry.resolver()

    def reference(target: str) -> str:
        if target not in names:
            names[target] = f"d{len(names)}"
            contents = resolver.lookup(target).contents
            definitions[names[target]] = rewrite(contents, target)
        return f"#/definitions/{names[target]}"

    def rewrite(schema: Any, base: str) -> Any:
        if isinstance(schema, list):
            return [rewrite(item, base) for item in schema]
        if not isinstance(schema, dict):
            return schema
        result = {}
        for key, value in schema.items():
            if key in ("$ref", "$schema", "$defs", "$id"):
                continue
            if key in SCHEMA_MAPS and isinstance(value, dict):
                result[key] = {name: rewrite(child, base) for name, child in value.items()}
            elif key == "pattern" and isinstance(value, str):
                result[key] = dollar_in_sets_escaped(value)
            else:
                result[key] = value if key in NOT_SCHEMAS else rewrite(value, base)
        if isinstance(schema.get("$ref"), str):
            target = urljoin(urldefrag(base).url, schema["$ref"])
            ref = {"$ref": reference(target)}
            if not ref_siblings_apply:
                return ref
            return {"allOf": [ref, result]} if result else ref
        return result

    root = rewrite(resolver.lookup(uri).contents, uri)
    return {**root, "definitions": definitions}


def dollar_in_sets_escaped(pattern: str) -> str:
    """The same regular expression with "$" escaped inside [sets], where it means itself:
    fastjsonschema turns every unescaped "$" into "\\Z", which a set cannot hold."""
    out, in_set, position = [], False, 0
    while position < len(pattern):
        character = pattern[position]
        if character == "\\":
            out.append(pattern[position : position + 2])
            position += 2
            continue
        if in_set and character == "$":
            character = "\\$"
        elif in_set and character == "]":
            in_set = False
        elif character == "[":
            in_set = True
        out.append(character)
        position += 1
    return "".join(out)


def compiled(schema: dict, draft: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(
        {**schema, "$schema": f"http://json-schema.org/{draft}/schema#"},
        handlers={},
        use_default=False,
        use_formats=False,  # as jsonschema without a format checker: formats are notes
        detailed_exceptions=False,
    )


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
def ooapi_check(schema_name: str) -> SchemaCheck:
    """The check of one OOAPI v5 object, e.g. "Course", "CourseOffering"."""
    uri = f"{OOAPI_BASE}schemas/{schema_name}.yaml"
    registry = ooapi_registry()
    return SchemaCheck(
        quick=compiled(bundled(registry, uri, ref_siblings_apply=False), "draft-04"),
        validator=Draft4Validator({"$ref": uri}, registry=registry),
    )


@functools.cache
def edudex_check() -> SchemaCheck:
    """The check of one EDU-DEX program as the Data API returns it (program_out)."""
    document = json.loads(EDUDEX.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        EDUDEX_BASE, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return SchemaCheck(
        # program_out uses nothing newer than draft 7 but $ref beside other keywords
        quick=compiled(bundled(registry, EDUDEX_PROGRAM, ref_siblings_apply=True), "draft-07"),
        validator=Draft202012Validator({"$ref": EDUDEX_PROGRAM}, registry=registry),
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
