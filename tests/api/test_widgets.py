"""The widgets for regional sites (docs/api.md, "Widgets"): a region's courses and its desk as
HTML that another site includes or fetches with the widget script, in Dutch, without cookies,
cached, never framed; and the coordinator's page that makes the code to paste."""

import re

import pytest
from django.test import Client

from regions.models import Desk
from tests.regions.factories import SectorFactory, active_desk, municipality, region
from tests.trajectories.factories import OfferingFactory, in_days
from tests.trajectories.test_dashboard_permissions import client_for

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/widgets/opleidingen"
DESK = "/api/v1/widgets/loket"


def titles(response) -> list[str]:
    return re.findall(r'class="gp-card__title"><a href="[^"]+">([^<]+)</a>', response.text)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://goudenpoort.example"


def test_the_course_widget_shows_the_courses_that_start_in_the_region_first():
    OfferingFactory(course__title="Monteur later", start_date=in_days(60))
    OfferingFactory(course__title="Lasser eerst", start_date=in_days(10))
    OfferingFactory(course__title="Ergens anders", municipality=municipality("Utrecht"))
    OfferingFactory(course__title="Alleen online", online=True)
    OfferingFactory(course__title="Niet gepubliceerd", course__is_published=False)
    response = Client().get(f"{COURSES}?regio=groningen")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert titles(response) == ["Lasser eerst", "Monteur later"]
    assert '<h2 class="gp-widget__title">Opleidingen in Groningen</h2>' in response.text
    assert "Bekijk alle 2 opleidingen in Groningen op Gouden Poort" in response.text
    assert 'href="https://goudenpoort.example/opleidingen/?regio=groningen"' in response.text


def test_the_course_widget_can_show_one_field_and_a_number_of_courses():
    cold = SectorFactory(name="Koudetechniek")
    for day in (5, 6, 7):
        OfferingFactory(course__sector=cold, start_date=in_days(day))
    OfferingFactory(course__title="Ander vakgebied", course__sector=SectorFactory(name="Domotica"))
    response = Client().get(f"{COURSES}?regio=groningen&vakgebied=koudetechniek&aantal=2&kop=3")
    assert len(titles(response)) == 2 and "Ander vakgebied" not in response.text
    assert '<h3 class="gp-widget__title">' in response.text
    assert '<h4 class="gp-card__title">' in response.text
    link = "https://goudenpoort.example/opleidingen/?regio=groningen&amp;vakgebied=koudetechniek"
    assert f'href="{link}"' in response.text
    # A course's card links to its page on Gouden Poort, not on the region's site.
    assert re.search(r'href="https://goudenpoort.example/opleidingen/[\w-]+/"', response.text)


def test_a_region_without_courses_says_so_and_links_to_the_catalogue():
    response = Client().get(f"{COURSES}?regio=groningen")
    assert "Er is nog geen opleiding met een startdatum in deze regio." in response.text


def test_the_desk_widget_shows_the_desk_and_the_way_into_the_intake():
    desk = active_desk(region("AM01"))
    response = Client().get(f"{DESK}?regio=groningen")
    assert response.status_code == 200
    assert desk.name in response.text
    intake = "https://goudenpoort.example/orienteren/?regio=groningen"
    assert f'href="{intake}">Vraag advies</a>' in response.text
    assert 'href="https://goudenpoort.example/regio/groningen/"' in response.text


def test_a_region_without_a_desk_of_its_own_shows_the_national_desk():
    Desk.objects.filter(region__code="AM01").update(is_active=False)
    national = Desk.objects.filter(region=None, is_active=True).first()
    response = Client().get(f"{DESK}?regio=groningen")
    assert response.status_code == 200
    if national:
        assert national.name in response.text
    assert "Vraag advies" in response.text


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", {"regio"}),
        ("?regio=atlantis", {"regio"}),
        ("?regio=groningen&vakgebied=toveren", {"vakgebied"}),
        ("?regio=groningen&aantal=999&kop=1", {"aantal", "kop"}),
        ("?regio=groningen&aantal=vijf", {"aantal"}),
        ("?regio=%00", {"regio"}),
    ],
)
def test_a_wrong_parameter_is_a_problem_with_its_name_never_a_500(query, names):
    for address in (COURSES, DESK):
        response = Client().get(address + query)
        if "%00" in query:  # control characters are refused before any view
            assert response.status_code == 400
            continue
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert {item["name"] for item in response.json()["invalid_params"]} == names


def test_the_widgets_set_no_cookie_and_do_not_vary_on_one_even_for_a_signed_in_adviser():
    active_desk(region("AM01"))
    adviser = client_for("coordinator A")
    adviser.cookies["csrftoken"] = "x" * 32
    for address in (f"{COURSES}?regio=groningen", f"{DESK}?regio=groningen"):
        for client in (Client(), adviser):
            response = client.get(address)
            assert response.status_code == 200
            assert not response.cookies
            assert "Cookie" not in response["Vary"]
            assert response["Cache-Control"] == "public, max-age=60"
            assert response["Access-Control-Allow-Origin"] == "*"


def test_the_widgets_are_dutch_whatever_the_browser_or_the_language_cookie_says():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.get(f"{COURSES}?regio=groningen")
    assert "Er is nog geen opleiding" in response.text and 'lang="nl"' in response.text
    assert response["Content-Language"] == "nl"


def test_the_widgets_may_not_be_framed_and_load_nothing_themselves():
    response = Client().get(f"{COURSES}?regio=groningen")
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_a_widget_that_has_not_changed_answers_304():
    OfferingFactory()
    first = Client().get(f"{COURSES}?regio=groningen")
    again = Client().get(f"{COURSES}?regio=groningen", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_the_script_defines_both_elements_without_eval_or_inline_styles():
    response = Client().get("/api/v1/widgets/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    script = response.text
    assert '"gouden-poort-opleidingen"' in script and '"gouden-poort-loket"' in script
    assert "eval(" not in script and "new Function" not in script
    assert "adoptedStyleSheets" in script and 'setAttribute("style"' not in script
    assert 'credentials: "omit"' in script
    assert "--gp-accent" in script  # the styles the host can change
    css = Client().get("/api/v1/widgets/widget.css")
    assert css["Content-Type"] == "text/css; charset=utf-8" and "--gp-accent" in css.text


# The coordinator's page: /dashboard/regio/<slug>/widgets/


def test_a_coordinator_gets_the_code_for_their_region_and_a_field():
    SectorFactory(name="Koudetechniek")
    client = client_for("coordinator A")
    page = client.get("/dashboard/regio/groningen/widgets/?vakgebied=koudetechniek&aantal=10")
    assert page.status_code == 200
    code = page.context["snippet"]
    assert '<script src="https://goudenpoort.example/api/v1/widgets/widget.js" defer>' in code
    assert (
        '<gouden-poort-opleidingen regio="groningen" vakgebied="koudetechniek" aantal="10">' in code
    )
    assert '<gouden-poort-loket regio="groningen">' in code
    assert "Opleidingen in Koudetechniek in Groningen</a>" in code
    assert "&lt;gouden-poort-loket" in page.text  # shown as text to copy, not as HTML
    assert "connect-src https://goudenpoort.example" in page.text


def test_a_wrong_choice_on_the_code_page_is_shown_next_to_the_field():
    page = client_for("coordinator A").get("/dashboard/regio/groningen/widgets/?aantal=7")
    assert page.status_code == 200
    assert "aantal" in page.context["form"].errors
    assert 'aantal="5"' in page.context["snippet"]


@pytest.mark.parametrize("role", ["coordinator B", "adviser A"])
def test_others_do_not_see_the_code_page_of_a_region(role):
    assert client_for(role).get("/dashboard/regio/groningen/widgets/").status_code == 404


def test_an_editor_gets_the_code_of_any_region():
    response = client_for("editor").get(f"/dashboard/regio/{region('AM10').slug}/widgets/")
    assert response.status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get("/dashboard/regio/groningen/widgets/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]
