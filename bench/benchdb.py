"""What every benchmark needs: its own PostgreSQL database, made when it is missing."""

from urllib.parse import urlsplit


def ensure_postgres_database(url: str) -> None:
    """Create the database of a postgres:// URL when it does not exist yet."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def drop_postgres_database(url: str) -> None:
    """Drop the database of a postgres:// URL, closing its connections (a bench that starts
    afresh; never a database that holds anything else)."""
    parts = urlsplit(url)
    import psycopg
    from psycopg import sql

    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        name = sql.Identifier(parts.path.lstrip("/"))
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def setup_django(default_database: str) -> None:
    """Django on the bench's own database: DATABASE_URL, else PostgreSQL `default_database`
    on 127.0.0.1 (made when missing), migrated. Never the development database."""
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poort.settings")
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_database}")
    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
