"""The e-mails at the moments that matter, read from a real SMTP server (issue 16, item 2):
the person hears when they are referred on, when a plan is made and when their request is
withdrawn, once each, in their language, with their status link; the receiving desk hears
that the person was referred on, from where and why, with its own region."""

import datetime
from decimal import Decimal
from email.message import EmailMessage

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from poort.emails import absolute_url
from poort.front.services import intake_submit
from regions.models import Region
from tests.funding.factories import SchemeFactory
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, municipality, region
from tests.trajectories.factories import OfferingFactory, ProviderFactory, ReferralFactory
from trajectories.models import OnwardReferral, Referral

pytestmark = pytest.mark.django_db

Reason = OnwardReferral.Reason
PERSON = "pieter@voorbeeld.example"


@pytest.fixture
def groningen():
    return DeskFactory(region=region("AM01"), name="Werkcentrum Groningen", phone="050 111 22 33")


@pytest.fixture
def drenthe():
    return DeskFactory(
        region=Region.objects.get(name__icontains="Drenthe"),
        name="Werkcentrum Drenthe",
        email="aanmeldingen@werkcentrum-drenthe.example",
        phone="0592 123 456",
        contact_within_days=4,
    )


@pytest.fixture
def referral(groningen) -> Referral:
    return ReferralFactory(
        desk=groningen,
        region=groningen.region,
        candidate__first_name="Pieter",
        candidate__email=PERSON,
        status=Referral.Status.CONTACTED,
    )


@pytest.fixture
def adviser():
    return UserFactory(first_name="Sanne")


def body(message: EmailMessage) -> str:
    """The plain text, with its lines joined as a reader takes them in."""
    return " ".join(message.get_body(("plain",)).get_content().split())


def html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [message for message in messages if message["To"] == address]


def test_referred_on_the_person_hears_who_has_it_why_and_by_when(
    referral, adviser, drenthe, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral.refer_on(
            by=adviser, to_desk=drenthe, reason_code=Reason.LIVES_THERE, reason="Gaat scheiden"
        )

    new = Referral.objects.get(referred_from=referral)
    [message] = to(smtp_sink.wait_for(2), PERSON)
    text = body(message)
    assert message["Subject"] == "Je aanvraag ligt nu bij Werkcentrum Drenthe"
    assert (
        "Werkcentrum Groningen heeft je aanvraag doorgestuurd naar Werkcentrum Drenthe, "
        "omdat je in hun regio woont." in text
    )
    with translation.override("nl"):
        promise = new.promise().sentence()
    assert promise.startswith("Werkcentrum Drenthe belt je uiterlijk ")
    assert promise in text
    assert absolute_url("referral_status", new.token) in text
    assert absolute_url("referral_status", new.token) in html(message)
    assert "0592 123 456" in text
    assert message["Reply-To"] == drenthe.email
    assert "Gaat scheiden" not in message.as_string()


def test_the_receiving_desk_hears_it_was_referred_on_from_where_and_why_in_its_region(
    referral, adviser, drenthe, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral.refer_on(by=adviser, to_desk=drenthe, reason_code=Reason.COURSE_THERE)

    [message] = to(smtp_sink.wait_for(2), drenthe.email)
    assert message["Subject"] == (
        "Naar jullie doorverwezen: Pieter uit Groningen, door Werkcentrum Groningen"
    )
    for text in (body(message), " ".join(html(message).split())):
        assert "Werkcentrum Groningen heeft Pieter naar jullie doorverwezen." in text
        assert "de opleiding die je wilt in hun regio wordt gegeven" in text
        assert f"(regio {drenthe.region.name})" in text
        assert "regio Groningen" not in text
    assert "Neem binnen 4 werkdagen contact op met Pieter." in body(message)
    assert f"Regio: {drenthe.region.name}" in body(message)


def test_referred_on_to_a_school_the_person_hears_the_school_will_contact_them(
    referral, adviser, smtp_sink, django_capture_on_commit_callbacks
):
    provider = ProviderFactory(name="Noorderpoort")

    with django_capture_on_commit_callbacks(execute=True):
        referral.refer_on(by=adviser, to_provider=provider, reason_code=Reason.PROVIDER_SIGNS_UP)

    [message] = to(smtp_sink.wait_for(2), PERSON)
    assert "Noorderpoort neemt contact met je op over je aanmelding." in body(message)
    assert absolute_url("referral_status", referral.token) in body(message)


def test_a_plan_is_e_mailed_with_course_start_place_and_who_pays_what(
    referral, adviser, smtp_sink, django_capture_on_commit_callbacks
):
    SchemeFactory(name="Scholingsbudget Techniek", maximum_amount=Decimal("1000.00"))
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ADVISING)
    referral.refresh_from_db()
    offering = OfferingFactory(
        course__title="Monteur warmtepompen",
        course__provider__name="Noorderpoort",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 7, 16),
    )

    with django_capture_on_commit_callbacks(execute=True):
        referral.plan_trajectory(by=adviser, offering=offering, agreements="Start in maart.")

    [message] = to(smtp_sink.wait_for(1), PERSON)
    text = body(message)
    assert message["Subject"] == "Je plan: Monteur warmtepompen"
    assert "Opleiding: Monteur warmtepompen (Noorderpoort)" in text
    assert "Startmoment: maandag 1 maart 2027 tot 16 juli 2027" in text
    assert "Plaats: Groningen" in text
    assert "Scholingsbudget Techniek: − € 1.000" in text
    assert "Wat je zelf betaalt: € 1.450" in text
    assert absolute_url("referral_status", referral.token) in text

    with django_capture_on_commit_callbacks(execute=True):
        referral.plan_trajectory(by=adviser, offering=offering, agreements="Start in april.")

    assert [m["Subject"] for m in to(smtp_sink.wait_for(2), PERSON)] == [
        "Je plan: Monteur warmtepompen",
        "Je plan is veranderd: Monteur warmtepompen",
    ]


def test_withdrawing_is_confirmed_once_with_how_to_ask_again(
    referral, smtp_sink, django_capture_on_commit_callbacks
):
    url = reverse("referral_withdraw", args=[referral.token])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url)

    [message] = to(smtp_sink.wait_for(1), PERSON)
    assert message["Subject"] == "Je aanvraag is ingetrokken"
    assert "Je aanvraag bij Werkcentrum Groningen is ingetrokken." in body(message)
    assert "Wil je toch advies?" in body(message)
    assert absolute_url("orientation") in body(message)
    assert absolute_url("referral_status", referral.token) in body(message)


def test_an_adviser_who_closes_the_request_as_withdrawn_also_sends_the_e_mail(
    referral, adviser, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral.move_to(Referral.Status.WITHDRAWN, adviser)

    [message] = to(smtp_sink.wait_for(1), PERSON)
    assert message["Subject"] == "Je aanvraag is ingetrokken"


def test_a_person_who_erases_their_data_gets_no_e_mail_about_it(
    referral, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("referral_erase", args=[referral.token]))

    assert smtp_sink.messages == []


def test_the_person_is_e_mailed_in_the_language_they_used(
    groningen, adviser, drenthe, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = intake_submit(
            first_name="Pieter",
            email=PERSON,
            municipality=municipality("Groningen"),
            contact_preference=Referral.ContactPreference.PHONE,
            language="en",
        )
    assert referral.candidate.language == "en"
    referral.log_contact(adviser, "phone")

    with django_capture_on_commit_callbacks(execute=True):
        referral.refer_on(by=adviser, to_desk=drenthe, reason_code=Reason.WORKS_THERE)

    [_confirmation, message] = to(smtp_sink.wait_for(4), PERSON)
    assert message["Subject"] == "Your request is now with Werkcentrum Drenthe"
    assert "because you work in their region." in body(message)
    assert "Werkcentrum Drenthe will call you by" in body(message)
    [to_the_desk] = to(smtp_sink.messages, drenthe.email)
    assert to_the_desk["Subject"].startswith("Naar jullie doorverwezen: Pieter")  # desks: Dutch
