"""What the tests need of the database they run on."""

import pytest
from django.db import connection


def postgresql_only(what: str) -> pytest.MarkDecorator:
    """Skip on SQLite: `what` exists on PostgreSQL alone (`make test` runs both in CI)."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"{what} needs PostgreSQL; "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalogue",
    )
