""" "Ik heb interesse" on a course page: a short form that refers the person to their regional
desk for that course, tells the provider without passing on contact details, and is protected
like the intake (validation, BSN, honeypot, rate limit)."""

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from poort.models import Notification
from regions.models import Desk, Municipality
from tests.regions.factories import DeskFactory
from tests.trajectories.factories import CourseFactory, OfferingFactory, ProviderFactory, in_days
from trajectories.models import Candidate, Course, Offering, Referral

pytestmark = pytest.mark.django_db

BSN = "123456782"


@pytest.fixture(autouse=True)
def desk() -> Desk:
    """The desk of Twente, where Enschede lies."""
    return DeskFactory(
        region=Municipality.objects.get(code="GM0153").region, name="Werkcentrum Twente"
    )


@pytest.fixture
def course() -> Course:
    return CourseFactory(
        title="Monteur warmtepompen",
        provider=ProviderFactory(name="Techniekschool Oost", intake_email="intake@oost.example"),
    )


@pytest.fixture
def offering(course) -> Offering:
    return OfferingFactory(course=course, start_date=in_days(40))


def url(course: Course) -> str:
    return reverse("course_interest", kwargs={"slug": course.slug})


def sign_up(client: Client, course: Course, **changes):
    data = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne@example.nl",
        "municipality": "Enschede",
        "offering": "",
        "consent": "on",
        "website": "",
        **changes,
    }
    return client.post(
        url(course), {key: value for key, value in data.items() if value is not None}
    )


def test_the_course_page_offers_the_interest_form(client, course):
    page = client.get(course.get_absolute_url())

    assert url(course) in page.text
    assert "Ik heb interesse" in page.text


def test_the_form_lets_the_person_choose_an_upcoming_start_date_or_none(client, course, offering):
    OfferingFactory(course=course, start_date=in_days(-10))

    page = client.get(url(course))

    assert page.status_code == 200
    assert f'value="{offering.pk}"' in page.text
    assert page.text.count('name="offering"') == 2
    assert "Nog geen voorkeur" in page.text
    assert "Wat we met je antwoorden doen" in page.text


def test_a_course_without_start_dates_asks_no_start_date(client, course):
    page = client.get(url(course))

    assert page.status_code == 200
    assert 'name="offering"' not in page.text


def test_an_unpublished_or_unknown_course_has_no_form(client):
    hidden = CourseFactory(is_published=False)

    assert client.get(url(hidden)).status_code == 404
    assert client.get("/opleidingen/bestaat-niet/interesse/").status_code == 404


def test_a_sign_up_refers_the_person_to_the_desk_of_their_region_for_this_course(
    client, course, offering, desk
):
    response = sign_up(client, course, offering=str(offering.pk))

    referral = Referral.objects.get()
    assert referral.kind == Referral.Kind.INTEREST
    assert referral.course == course
    assert referral.offering == offering
    assert referral.desk == desk
    assert referral.candidate.municipality.name == "Enschede"
    assert referral.status == Referral.Status.NEW
    confirmation = client.get(response["Location"])
    assert "Je vraag is verstuurd" in confirmation.text
    assert "Werkcentrum Twente" in confirmation.text


def test_the_status_page_shows_the_course(client, course):
    sign_up(client, course)

    status = client.get(reverse("referral_status", kwargs={"token": Referral.objects.get().token}))

    assert "Monteur warmtepompen" in status.text


def test_the_desk_the_person_and_the_provider_each_get_one_email_through_the_outbox(
    client, course, offering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, course, offering=str(offering.pk))

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        "aanmeldingen@werkcentrum-twente.example",
        "sanne@example.nl",
        "intake@oost.example",
    }
    assert "Monteur warmtepompen" in by_recipient["aanmeldingen@werkcentrum-twente.example"].body
    assert "Monteur warmtepompen" in by_recipient["sanne@example.nl"].body
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 3


def test_the_provider_hears_the_first_name_course_and_start_but_no_contact_details(
    client, course, offering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, course, offering=str(offering.pk))

    [to_provider] = [message for message in mail.outbox if message.to == ["intake@oost.example"]]
    assert to_provider.subject == "Interesse in Monteur warmtepompen"
    assert "Sanne uit Enschede" in to_provider.body
    assert offering.municipality.name in to_provider.body
    assert "Werkcentrum Twente" in to_provider.body
    assert "sanne@example.nl" not in to_provider.body
    assert "de Vries" not in to_provider.body


def test_a_provider_without_an_intake_address_gets_no_email(
    client, django_capture_on_commit_callbacks
):
    course = CourseFactory(provider=ProviderFactory(intake_email=""))

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, course)

    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(kind="interest_provider").exists()


def test_a_missing_answer_shows_dutch_errors_and_keeps_what_was_typed(client, course):
    response = sign_up(client, course, first_name="", email="sanne@", consent=None)

    assert response.status_code == 200
    assert response.text.count("Vul je voornaam in.") == 2  # next to the field and in the summary
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl." in response.text
    assert "Zet een vinkje" in response.text
    assert "<title>Fout:" in response.text
    assert 'value="sanne@"' in response.text
    assert not Referral.objects.exists()


def test_a_name_that_fits_several_municipalities_asks_which_one(client, course):
    asked = sign_up(client, course, municipality="Bergen")

    assert "Er zijn meer gemeenten met deze naam." in asked.text
    assert "Bergen (NH.)" in asked.text
    chosen = Municipality.objects.get(name="Bergen (NH.)")
    DeskFactory(region=chosen.region)
    done = sign_up(client, course, municipality="Bergen", municipality_code=chosen.code)
    assert done.status_code == 302, done.text[-3000:]
    assert Referral.objects.get().candidate.municipality == chosen


def test_an_unknown_municipality_is_refused(client, course):
    response = sign_up(client, course, municipality="Atlantis")

    assert "We kennen deze gemeente niet." in response.text
    assert not Referral.objects.exists()


def test_a_start_date_of_another_course_is_refused(client, course, offering):
    other = OfferingFactory()

    response = sign_up(client, course, offering=str(other.pk))

    assert "Kies een van de startdatums uit de lijst." in response.text
    assert not Referral.objects.exists()


def test_a_bsn_in_a_name_is_refused_and_never_stored(client, course):
    response = sign_up(client, course, last_name=BSN)

    assert "burgerservicenummer" in response.text
    assert not Candidate.objects.exists()


def test_a_filled_in_honeypot_makes_no_referral_and_sends_nothing(
    client, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, course, website="https://spam.example")

    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert mail.outbox == []


def test_the_sixth_sign_up_within_an_hour_gets_the_dutch_429_page_and_sends_nothing(
    client, course, django_capture_on_commit_callbacks
):
    for _ in range(5):
        assert sign_up(client, course).status_code == 302
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        refused = sign_up(client, course)

    assert refused.status_code == 429
    assert "Te veel pogingen" in refused.text
    assert Referral.objects.count() == 5
    assert mail.outbox == []


def test_the_limit_is_per_client_address_and_shared_with_the_intake(course, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"

    assert sign_up(Client(REMOTE_ADDR="192.0.2.1"), course).status_code == 302
    assert sign_up(Client(REMOTE_ADDR="192.0.2.2"), course).status_code == 302
    assert sign_up(Client(REMOTE_ADDR="192.0.2.1"), course).status_code == 429


def test_a_form_with_errors_does_not_count_against_the_limit(client, course, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    for _ in range(3):
        sign_up(client, course, consent=None)

    assert sign_up(client, course).status_code == 302


def refuse_writing_referrals(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "trajectories_referral" in sql:
        raise OperationalError("the database went away")
    return execute(sql, params, many, context)


def test_a_database_error_sends_nothing_says_so_and_keeps_the_answers(
    client, course, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        connection.execute_wrapper(refuse_writing_referrals),
    ):
        response = sign_up(client, course)

    assert response.status_code == 503
    assert "Er ging bij ons iets mis. Er is niets verstuurd." in response.text
    assert 'value="sanne@example.nl"' in response.text
    assert not Candidate.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_municipality_is_remembered_for_the_course_pages(client, course):
    sign_up(client, course)

    assert client.session["profile"]["municipality"] == "GM0153"
    assert 'value="Enschede"' in client.get(url(course)).text


def test_with_htmx_the_course_page_gets_only_the_form(client, course):
    fragment = client.get(url(course), headers={"HX-Request": "true"})

    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="interest"' in fragment.text
    assert 'action="' + url(course) + '"' in fragment.text
