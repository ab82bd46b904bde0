"""The language switch takes a post from a page of this site without a CSRF token, and nothing
from another site (poort/language.py)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SWITCH = {"language": "en", "next": "/regio/"}


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def switched_to_english(response) -> bool:
    cookie = response.cookies.get("django_language")
    return response.status_code == 302 and cookie is not None and cookie.value == "en"


def test_a_switch_from_a_page_of_this_site_needs_no_token(browser):
    response = browser.post("/i18n/setlang/", SWITCH, headers={"Sec-Fetch-Site": "same-origin"})
    assert switched_to_english(response)
    assert response["Location"] == "/en/regio/"  # the English address of the same page


def test_a_browser_without_fetch_metadata_is_known_by_its_origin(browser):
    response = browser.post("/i18n/setlang/", SWITCH, headers={"Origin": "http://testserver"})
    assert switched_to_english(response)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://shop.testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {},
    ],
    ids=["another site", "a sibling subdomain", "another origin", "an opaque origin", "nothing"],
)
def test_a_switch_from_elsewhere_without_a_token_is_refused(browser, headers):
    response = browser.post("/i18n/setlang/", SWITCH, headers=headers)
    assert response.status_code == 403
    assert "django_language" not in response.cookies
    assert "Het formulier kon niet worden verstuurd" in response.content.decode()


def test_a_switch_with_its_token_works_as_before(browser):
    page = browser.get("/regio/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post("/i18n/setlang/", {**SWITCH, "csrfmiddlewaretoken": token})
    assert switched_to_english(response)


def test_a_get_changes_nothing(browser):
    response = browser.get("/i18n/setlang/", {"next": "/regio/"}, headers={"Origin": "x"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies
