"""Settings come from the environment; a bad value stops start-up with one clear line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
    "debug": settings.DEBUG,
    "secure_cookies": getattr(settings, "SESSION_COOKIE_SECURE", False),
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
}))
"""

UNSET = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "EMAIL_HOST")


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in UNSET}
    environment |= {"DJANGO_SETTINGS_MODULE": "poort.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env: str) -> dict:
    result = run_python(SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_environment_it_uses_sqlite_local_memory_and_in_process_tasks():
    shown = settings_with()
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["cache"].endswith("LocMemCache")
    assert shown["eager"] is True
    assert shown["email"].endswith("console.EmailBackend")
    assert shown["language"] == "nl"
    assert shown["time_zone"] == "Europe/Amsterdam"


def test_database_url_selects_postgresql_with_connection_health_checks():
    shown = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/poort")
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["health_checks"] is True


def test_redis_url_feeds_the_celery_broker_and_the_cache():
    shown = settings_with(REDIS_URL="redis://127.0.0.1:6379/3")
    assert shown["broker"] == "redis://127.0.0.1:6379/3"
    assert shown["cache"].endswith("RedisCache")
    assert shown["eager"] is False


def test_email_host_sends_mail_over_smtp():
    shown = settings_with(EMAIL_HOST="mail.example.org")
    assert shown["email"].endswith("smtp.EmailBackend")


def test_production_mode_has_secure_cookies_and_hsts():
    shown = settings_with(DEBUG="0", SECRET_KEY="x" * 60)
    assert shown["debug"] is False
    assert shown["secure_cookies"] is True
    assert shown["hsts"] >= 31536000


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/poort"),
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("REDIS_URL", "redis://127.0.0.1:notaport/0"),
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
    ],
)
def test_a_bad_value_stops_start_up_with_one_line_naming_the_variable(variable, value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in UNSET} | {variable: value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RETENTION_MONTHS", "two years"),
        ("STAFF_IDLE_TIMEOUT", "0"),
        ("INTAKE_RATE_LIMIT", "lots"),
        ("OUTBOX_MAX_ATTEMPTS", "many"),
        ("COURSE_FEEDS", "{not json"),
    ],
)
def test_every_setting_from_the_environment_stops_start_up_cleanly(variable, value):
    result = run_python("import django; django.setup()", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr
