"""Every answer of the API checked against its own OpenAPI document: the operation of the path
and method, the status among its responses, and the body against that response's schema."""

import json
import re
from functools import cache

from django.test import Client
from openapi_schema_validator import OAS31Validator


@cache
def document() -> dict:
    return json.loads(Client().get("/api/v1/openapi.json").content)


def operation(method: str, path: str) -> dict:
    for template, methods in document()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in methods:
            return methods[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def checked(response, method: str, path: str):
    """The response, after checking it against the document; 304 and 429 hold for every
    operation (docs/api.md)."""
    assert response["API-Version"] == document()["info"]["version"]
    if response.status_code in (304, 429):
        return response
    responses = operation(method, path)["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method} {path} answered {status}, not documented"
    content = responses[status].get("content", {})
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
    media = content.get("application/json", {})
    if "schema" in media:
        schema = {**media["schema"], "components": document()["components"]}
        OAS31Validator(schema).validate(json.loads(response.content))
    return response


def get(client: Client, path: str, **kwargs):
    return checked(client.get(path, **kwargs), "GET", path.split("?")[0])


def post(client: Client, path: str, data: dict, **kwargs):
    response = client.post(path, json.dumps(data), content_type="application/json", **kwargs)
    return checked(response, "POST", path)
