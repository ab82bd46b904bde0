"""/healthz tells a load balancer whether the site can serve: 200 with a database, 503 without."""

import json

import pytest

from tests.poort.test_settings import run_python

ASK_HEALTH = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def health_with(**env: str) -> tuple[int, dict]:
    result = run_python(ASK_HEALTH, **env)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(status), json.loads(body)


@pytest.mark.django_db
def test_it_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable():
    status, body = health_with(DATABASE_URL="postgres://postgres@127.0.0.1:1/poort")
    assert status == 503
    assert body["database"] == "down"


def test_it_reports_the_broker_down_but_stays_up_while_the_database_is_up(tmp_path):
    status, body = health_with(
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert status == 200
    assert body == {"database": "up", "broker": "down"}


def test_it_reports_the_broker_up_when_redis_answers(tmp_path):
    status, body = health_with(
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert status == 200
    assert body["broker"] == "up"


def test_without_a_broker_it_says_tasks_run_in_process(tmp_path):
    status, body = health_with(DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}")
    assert status == 200
    assert body["broker"] == "in-process"
