"""The error pages: 503 with Retry-After while the database cannot be reached, with what the
person sent kept on the page; the 500 page for any other fault. Both render without the
database. tests/faults/ stops a real PostgreSQL to show the same through gunicorn."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from poort.errors import server_error


def handled(error: Exception, request):
    """What handler500 answers while `error` is being handled, as Django calls it."""
    try:
        raise error
    except Exception:
        return server_error(request)


@pytest.mark.parametrize(
    "error",
    [OperationalError("connection refused"), InterfaceError("connection already closed")],
)
def test_a_database_that_cannot_be_reached_gives_a_dutch_503_with_retry_after(error):
    response = handled(error, RequestFactory().get("/opleidingen/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "De website werkt even niet" in response.text
    assert "<form" not in response.text


def test_a_form_that_could_not_be_saved_comes_back_with_a_send_again_button():
    request = RequestFactory().post(
        "/orienteren/abc/4/?stap=4",
        {
            "csrfmiddlewaretoken": "token-123",
            "first_name": 'Sanne "S" <de Vries>',
            "sectors": ["elektrotechniek", "installatietechniek"],
            "next": "",
        },
    )

    response = handled(OperationalError("server closed the connection"), request)

    assert response.status_code == 503
    assert 'action="/orienteren/abc/4/?stap=4"' in response.text
    assert 'name="first_name" value="Sanne &quot;S&quot; &lt;de Vries&gt;"' in response.text
    assert 'value="elektrotechniek"' in response.text
    assert 'value="installatietechniek"' in response.text
    assert 'name="csrfmiddlewaretoken" value="token-123"' in response.text
    assert "Opnieuw versturen" in response.text


def test_a_password_is_never_written_back_into_the_page():
    request = RequestFactory().post(
        "/accounts/login/", {"login": "adviseur@example.nl", "password": "geheim-wachtwoord"}
    )

    response = handled(OperationalError("connection refused"), request)

    assert "geheim-wachtwoord" not in response.text
    assert 'value="adviseur@example.nl"' in response.text


def test_any_other_fault_gives_the_500_page():
    response = handled(ValueError("a bug"), RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert not response.has_header("Retry-After")
