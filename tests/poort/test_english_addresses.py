"""English by address (docs/language.md): every public page under /en/, Dutch at its own
address; a first visit follows Accept-Language; the dashboard, the API, the admin and a
person's own pages stay where they were."""

import pytest

from tests.public_pages import PUBLIC_PAGES, create_public_page_content

pytestmark = pytest.mark.django_db

ENGLISH = "en-GB,en;q=0.9"


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=[page.name for page in PUBLIC_PAGES])
def test_every_public_page_is_in_english_under_en(client, public_page):
    create_public_page_content()

    response = client.get("/en" + public_page.path, follow=True)

    assert response.status_code == public_page.status
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/opleidingen/", "/regelingen/check/?situatie=employed"])
def test_an_english_browser_is_sent_to_the_english_address_with_its_query(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=ENGLISH)

    assert response.status_code == 302
    assert response["Location"] == "/en" + path
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_the_dutch_page_says_it_depends_on_the_browsers_language(client):
    response = client.get("/opleidingen/")

    assert response.status_code == 200
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert response["Content-Language"] == "nl"


def test_a_form_posted_to_a_dutch_address_is_answered_there_in_dutch(client):
    response = client.post("/orienteren/", HTTP_ACCEPT_LANGUAGE=ENGLISH)

    assert response.status_code == 405  # the start takes GET only, and says so in Dutch
    assert response["Content-Language"] == "nl"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/dashboard/", 302),  # to the sign-in page
        ("/beheer/", 302),
        ("/accounts/login/", 200),
        ("/api/v1/regios", 200),
        ("/aanvraag/onbekend/", 404),
        ("/robots.txt", 200),
        ("/sitemap.xml", 200),
        ("/favicon.ico", 200),
    ],
)
def test_the_dashboard_api_admin_and_a_persons_pages_are_not_moved(client, path, status):
    english_browser = client.get(path, HTTP_ACCEPT_LANGUAGE=ENGLISH)
    assert english_browser.status_code == status
    assert not english_browser.get("Location", "").startswith("/en/")
    assert client.get("/en" + path).status_code == 404


def test_a_page_without_an_english_address_speaks_the_browsers_language(client):
    assert 'lang="en"' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=ENGLISH).text
    assert 'lang="nl"' in client.get("/accounts/login/").text
