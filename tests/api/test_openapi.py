"""The OpenAPI document at /api/v1/openapi.json is valid; its docs page lists each operation."""

import pytest
from openapi_spec_validator import validate

from tests.api.contract import document

pytestmark = pytest.mark.django_db


def test_the_document_is_valid_openapi_3():
    validate(document())
    assert document()["openapi"].startswith("3.")


def test_the_docs_page_lists_every_operation(client):
    page = client.get("/api/v1/docs").content.decode()
    for address, methods in document()["paths"].items():
        for method in methods:
            assert f"{method.upper()} {address}" in page


def test_no_address_ends_in_a_slash():
    assert not [address for address in document()["paths"] if address.endswith("/")]
