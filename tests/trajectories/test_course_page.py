"""/opleidingen/<slug>/: what a visitor reads about one course, and where and when it starts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poort.vocabulary import CertificateKind, LearningPath
from tests.funding.factories import SchemeFactory
from tests.regions.factories import SectorFactory, municipality, region
from tests.trajectories.factories import CourseFactory, OfferingFactory, ProviderFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(
        title="Monteur warmtepompen",
        slug="monteur-warmtepompen",
        summary="Je installeert en onderhoudt warmtepompen bij mensen thuis.",
        description="Je leert hoe een warmtepomp werkt.\n\nJe sluit hem aan en zoekt storingen.",
        provider=ProviderFactory(name="Install Academy", website="https://install.example.nl/"),
        sector=SectorFactory(name="Energietransitie", slug="energietransitie"),
        level=3,
        learning_path=LearningPath.BBL,
        certificate_kind=CertificateKind.DIPLOMA,
        crebo_code="25497",
        duration_weeks=40,
        hours_per_week=8,
        price=Decimal("3250.00"),
    )


def page_of(client, course, **parameters) -> str:
    response = client.get(f"/opleidingen/{course.slug}/", parameters)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_what_you_learn_for_whom_how_long_and_what_it_costs(client, course):
    html = page_of(client, course)

    assert "<h1>Monteur warmtepompen</h1>" in html
    assert "Je sluit hem aan en zoekt storingen." in html
    assert "mbo 3 (NLQF 3)" in html
    assert "Je hebt een werkgever nodig." in html, "what BBL means, in plain words"
    assert "40 weken, ongeveer 8 uur per week" in html
    assert "€ 3.250" in html
    assert "crebo 25497" in html
    assert 'href="https://install.example.nl/"' in html
    assert "Install Academy" in html


def test_only_upcoming_start_dates_are_listed_with_place_and_price(client, course):
    OfferingFactory(course=course, start_date=in_days(-10), municipality=municipality("Utrecht"))
    OfferingFactory(
        course=course,
        start_date=in_days(20),
        municipality=municipality("Zwolle"),
        price=Decimal("2999.00"),
    )
    OfferingFactory(course=course, start_date=in_days(40), online=True)

    html = page_of(client, course)

    assert "Utrecht" not in html.split('id="when-title"')[1].split("</table>")[0]
    assert 'Zwolle <span class="muted">(Regio Zwolle)</span>' in html
    assert "€ 2.999" in html
    assert "Online" in html


def test_a_known_municipality_puts_the_start_dates_of_its_region_first(client, course):
    far_soon = OfferingFactory(
        course=course, start_date=in_days(5), municipality=municipality("Utrecht")
    )
    near_late = OfferingFactory(
        course=course, start_date=in_days(90), municipality=municipality("Groningen")
    )
    near_soon = OfferingFactory(
        course=course, start_date=in_days(30), municipality=municipality("Veendam")
    )

    response = client.get(f"/opleidingen/{course.slug}/", {"gemeente": "GM0014"})

    assert list(response.context["offerings"]) == [near_soon, near_late, far_soon]
    assert "Je woont in Groningen. Startmomenten in de regio Groningen staan bovenaan." in (
        response.content.decode()
    )


def test_without_a_known_municipality_the_start_dates_go_by_date(client, course):
    later = OfferingFactory(course=course, start_date=in_days(60))
    sooner = OfferingFactory(
        course=course, start_date=in_days(10), municipality=municipality("Utrecht")
    )

    response = client.get(f"/opleidingen/{course.slug}/", {"gemeente": "GM9999"})

    assert list(response.context["offerings"]) == [sooner, later]
    assert response.context["home"] is None


def test_the_municipality_in_the_session_profile_counts_too(client, course):
    far = OfferingFactory(
        course=course, start_date=in_days(5), municipality=municipality("Utrecht")
    )
    near = OfferingFactory(
        course=course, start_date=in_days(50), municipality=municipality("Groningen")
    )
    session = client.session
    session["profile"] = {"municipality": "GM0014"}
    session.save()

    response = client.get(f"/opleidingen/{course.slug}/")

    assert list(response.context["offerings"]) == [near, far]


def test_the_schemes_that_may_pay_are_listed(client, course):
    OfferingFactory(course=course, municipality=municipality("Groningen"))
    SchemeFactory(name="NL Leert Door", summary="Landelijk geld voor ontwikkeladvies.")
    SchemeFactory(name="Talentfonds Groningen", regions=[region("AM01")])
    SchemeFactory(name="O&O-fonds Installatie", sectors=[course.sector])
    SchemeFactory(name="Scholingsfonds Rijnmond", regions=[region("AM22")])
    SchemeFactory(name="Fonds Metaal", sectors=[SectorFactory()])
    SchemeFactory(name="STAP", status="closed")

    html = page_of(client, course)

    for name in ["NL Leert Door", "Talentfonds Groningen", "O&amp;O-fonds Installatie"]:
        assert name in html
    for name in ["Scholingsfonds Rijnmond", "Fonds Metaal", "STAP"]:
        assert name not in html


def test_the_schemes_link_to_our_own_pages_the_best_fitting_few_first(client, course):
    OfferingFactory(course=course, municipality=municipality("Groningen"))
    SchemeFactory(name="Aanvulling Leren", slug="aanvulling-leren")
    SchemeFactory(name="NL Leert Door", slug="nl-leert-door")
    SchemeFactory(name="Talentfonds Groningen", slug="talentfonds", regions=[region("AM01")])
    SchemeFactory(name="O&O-fonds Installatie", slug="oo-installatie", sectors=[course.sector])

    html = page_of(client, course)

    shown = ["oo-installatie", "talentfonds", "aanvulling-leren"]  # field, region, then by name
    assert [html.index(f'href="/regelingen/{slug}/"') for slug in shown] == sorted(
        html.index(f'href="/regelingen/{slug}/"') for slug in shown
    )
    assert "NL Leert Door" not in html
    assert "welke van alle 4 regelingen bij je passen" in html
    assert 'href="/regelingen/check/?course=monteur-warmtepompen">Kijk in de geldcheck' in html
    assert "apply_url" not in html and 'rel="noopener">NL' not in html


def test_the_interest_call_and_the_next_start_come_before_the_course_text(client, course):
    OfferingFactory(course=course, start_date=in_days(90), municipality=municipality("Utrecht"))
    OfferingFactory(course=course, start_date=in_days(20), municipality=municipality("Zwolle"))

    html = page_of(client, course)

    interest = html.index('id="interest"')
    assert interest < html.index('id="learn-title"') < html.index('id="funding-title"')
    next_start = html[interest : html.index("</dl>", interest)]
    assert "Zwolle" in next_start and "Utrecht" not in next_start
    assert 'href="#when-title">alle startdata</a>' in next_start
    assert "Ik heb interesse" in html[interest : html.index('id="learn-title"')]


def test_there_is_a_place_for_the_interest_button(client, course):
    html = page_of(client, course)
    assert '<section class="section card card--accent" id="interest"' in html


def test_an_unknown_or_unpublished_course_is_not_found(client, course):
    assert client.get("/opleidingen/bestaat-niet/").status_code == 404
    course.is_published = False
    course.save()
    assert client.get(f"/opleidingen/{course.slug}/").status_code == 404


def test_a_course_page_needs_the_same_number_of_queries_for_any_number_of_starts(client, course):
    OfferingFactory(course=course, municipality=municipality("Groningen"))
    SchemeFactory(regions=[region("AM01")])
    with CaptureQueriesContext(connection) as one:
        page_of(client, course, gemeente="GM0014")
    for name in ["Utrecht", "Zwolle", "Enschede", "Assen", "Tilburg", "Venlo"]:
        OfferingFactory(course=course, municipality=municipality(name))
        SchemeFactory(regions=[municipality(name).region])
    with CaptureQueriesContext(connection) as seven:
        page_of(client, course, gemeente="GM0014")

    assert len(seven.captured_queries) == len(one.captured_queries)
