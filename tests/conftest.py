import os
import shutil

import pytest

from tests.second_factor import second_factor_entered
from tests.smtp import smtp_down, smtp_sink  # noqa: F401 - fixtures for every test

# Playwright's sync API runs an event loop in the test thread; Django allows the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed static names need collectstatic; tests serve the files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run in the test's process; the fault tests point Celery at a broker themselves."""
    from poort.celery import app

    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was_eager


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite the test database is a file, not Django's shared in-memory database.

    With an in-memory database the live server's request threads and the test share ONE
    connection object; two requests at once (htmx replacing its own request) then run on it
    together, and a browser test hung on that in CI. With a file every thread has a
    connection of its own and SQLite's own locking applies, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"] = {
            **database.get("TEST", {}),
            "NAME": str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3"),
        }
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            # A throwaway database: never wait for the disk.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
        }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests start without the reference fields (sectors) of regions migration 0004, so each
    test makes the fields it speaks of; `reference_fields` loads the real ones."""
    from regions.models import Sector

    with django_db_blocker.unblock():
        Sector.objects.all().delete()


@pytest.fixture(autouse=True)
def _region_facts(request):
    """The 35 regions and 342 municipalities, which every database has from a data migration.

    A test on a live server or a transactional database empties every table when it ends, so
    the facts are loaded again for the tests after it.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from tests.public_pages import restore_region_facts

    restore_region_facts()


@pytest.fixture
def admin_client(admin_client, admin_user):
    """pytest-django's admin_client, also past the second factor that /beheer/ asks for: the
    session holds what allauth writes when the app's code was entered (docs/signin.md)."""
    return second_factor_entered(admin_client, admin_user)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last, after pytest-django's own ordering: a live server must never see
    a transaction that a module-scoped fixture (tests/poort/test_bad_input.py) still holds open
    while that module's last tests wait their turn."""
    items.sort(key=lambda item: "e2e" in item.path.parts)
