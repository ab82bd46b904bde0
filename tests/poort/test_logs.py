"""No private token of a status or check-in link reaches a log: Django's lines and gunicorn's
access log show [token] in its place (poort/logs.py)."""

import datetime
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from poort.logs import RedactingGunicornLogger, RedactTokens

TOKEN = "q3ZkVb1x-Y_9cTfLr2NwHg"


@pytest.mark.django_db
def test_a_status_page_that_is_not_found_is_logged_without_its_token(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")

    client.get(f"/aanvraag/{TOKEN}/")
    client.get(f"/hoe-gaat-het/{TOKEN}/")

    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, RedactTokens) for each in handler.filters)
    )
    lines = [console.format(record) for record in caplog.records if console.filter(record)]
    assert lines, "the Not Found warnings were logged"
    assert all(TOKEN not in line for line in lines)
    assert any("Not Found: /aanvraag/[token]/" in line for line in lines)


def test_the_access_log_shows_no_token_in_the_request_line_path_query_or_referrer():
    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/aanvraag/{TOKEN}/gegevens.json?x=1",
        "PATH_INFO": f"/aanvraag/{TOKEN}/gegevens.json",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://goudenpoort.nl/hoe-gaat-het/{TOKEN}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=5))

    assert TOKEN not in repr(atoms)
    assert atoms["r"] == "GET /aanvraag/[token]/gegevens.json?x=1 HTTP/1.1"
    assert atoms["f"] == "https://goudenpoort.nl/hoe-gaat-het/[token]/"


def test_the_page_after_erasing_keeps_its_name_in_the_log():
    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/aanvraag/verwijderd/",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])

    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta())

    assert atoms["r"] == "GET /aanvraag/verwijderd/ HTTP/1.1"
