"""The timeline on the person's status page: every step with its date, and at the top who
contacts them next and by which day, never a promise that is stale (issue 16, item 1)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from regions.models import Region
from tests.funding.factories import SchemeFactory
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, region
from tests.trajectories.factories import OfferingFactory, ProviderFactory, ReferralFactory
from trajectories.models import CheckIn, ContactMoment, OnwardReferral, Referral

pytestmark = pytest.mark.django_db

Reason = OnwardReferral.Reason


@pytest.fixture
def groningen():
    return DeskFactory(region=region("AM01"), name="Werkcentrum Groningen", contact_within_days=3)


@pytest.fixture
def drenthe():
    return DeskFactory(
        region=Region.objects.get(name__icontains="Drenthe"),
        name="Werkcentrum Drenthe",
        contact_within_days=4,
        phone="0592 123 456",
    )


@pytest.fixture
def referral(groningen) -> Referral:
    return ReferralFactory(desk=groningen, region=groningen.region)


@pytest.fixture
def adviser():
    return UserFactory(first_name="Sanne", last_name="Bakker")


def sent_on(referral: Referral, day: datetime.date) -> None:
    """The request came in at ten in the morning of that day."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Referral.objects.filter(pk=referral.pk).update(created_at=moment)
    referral.history.update(changed_at=moment)


def page(referral: Referral) -> str:
    response = Client().get(reverse("referral_status", args=[referral.token]))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page as a reader hears it: tags gone, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def steps(html: str) -> list[str]:
    """The timeline's steps as they read, oldest first."""
    return [text(item) for item in re.findall(r'<li class="timeline__item">(.*?)</li>', html)]


def today() -> str:
    """Today as the Dutch page writes a day, e.g. "6 december 2026"."""
    with translation.override("nl"):
        return date_format(timezone.localdate(), "j F Y")


def test_a_new_request_shows_when_it_was_sent_and_by_which_day_the_desk_calls(referral):
    sent_on(referral, datetime.date(2026, 12, 4))  # a Friday; the desk promises 3 working days

    html = page(referral)

    assert "Werkcentrum Groningen belt je uiterlijk woensdag 9 december." in text(html)
    assert steps(html) == ["4 december 2026 Je stuurde je vraag naar Werkcentrum Groningen"]


def test_the_promise_skips_christmas_and_the_weekend(referral):
    sent_on(referral, datetime.date(2026, 12, 23))  # Wednesday; 25 December is a Friday

    assert "uiterlijk dinsdag 29 december." in text(page(referral))


def test_the_promise_says_how_the_desk_makes_contact(referral):
    Referral.objects.filter(pk=referral.pk).update(
        contact_preference=Referral.ContactPreference.EMAIL
    )

    assert "Werkcentrum Groningen mailt je uiterlijk" in text(page(referral))


def test_picked_up_shows_the_first_name_of_the_adviser_and_the_desk(referral, adviser):
    referral.assign_to(adviser)

    html = page(referral)

    assert steps(html)[-1] == f"{today()} Opgepakt door Sanne van Werkcentrum Groningen"
    assert "Bakker" not in html
    assert "uiterlijk" in text(html)  # taken on, not contacted yet: the promise stands


def test_after_contact_the_step_says_how_and_the_promise_is_gone(referral, adviser):
    referral.log_contact(adviser, ContactMoment.Channel.PHONE, "Belde om 10 uur, wil lassen")

    html = page(referral)

    assert steps(html)[-1] == f"{today()} Contact met Werkcentrum Groningen via de telefoon"
    assert "uiterlijk" not in html
    assert "wil lassen" not in html  # the adviser's note stays internal


def test_after_an_onward_referral_the_page_shows_the_new_desk_its_promise_and_why(
    referral, adviser, drenthe
):
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.refer_on(
        by=adviser, to_desk=drenthe, reason_code=Reason.LIVES_THERE, reason="Verhuist in mei"
    )
    new = Referral.objects.get(referred_from=referral)
    sent_on(new, datetime.date(2026, 12, 4))  # a Friday; Drenthe promises 4 working days

    html = page(referral)  # the first link still works

    assert "Werkcentrum Drenthe belt je uiterlijk donderdag 10 december." in text(html)
    assert "Werkcentrum Groningen belt" not in text(html)
    assert "0592 123 456" in html  # the new desk's contact details
    assert steps(html)[-1] == (
        f"{today()} Doorgestuurd naar Werkcentrum Drenthe, omdat je in hun regio woont"
    )
    assert "Verhuist in mei" not in html
    assert text(page(new)) == text(html)


def test_referred_on_to_a_school_the_page_says_the_school_will_contact_them(referral, adviser):
    provider = ProviderFactory(name="Noorderpoort")

    referral.refer_on(by=adviser, to_provider=provider, reason_code=Reason.PROVIDER_SIGNS_UP)

    html = page(referral)
    assert "Noorderpoort neemt contact met je op over je aanmelding." in text(html)
    assert steps(html)[-1].endswith(
        "Doorgestuurd naar Noorderpoort, omdat de school je kan inschrijven voor de opleiding"
    )


def test_after_withdrawing_the_promise_is_gone_and_the_step_is_listed(referral):
    Client().post(reverse("referral_withdraw", args=[referral.token]))

    html = page(referral)

    assert "uiterlijk" not in html
    assert steps(html)[-1] == f"{today()} Je hebt je vraag ingetrokken"


def test_a_plan_its_start_and_the_check_ins_are_steps_and_no_promise_shows(referral, adviser):
    SchemeFactory(name="Scholingsbudget Techniek", maximum_amount=Decimal("1000.00"))
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.VIDEO)
    referral.move_to(Referral.Status.ADVISING, adviser)
    offering = OfferingFactory(course__title="Monteur warmtepompen")
    plan = referral.plan_trajectory(by=adviser, offering=offering, agreements="")
    assert "uiterlijk" not in page(referral)

    plan.start(by=adviser)
    check_in = plan.check_ins.get(months=1)
    check_in.send()
    check_in.record_answer(CheckIn.Answer.GOING_WELL)

    day = today() + " "
    assert steps(page(referral)) == [
        day + "Je stuurde je vraag naar Werkcentrum Groningen",
        day + "Opgepakt door Sanne van Werkcentrum Groningen",
        day + "Contact met Werkcentrum Groningen via een videogesprek",
        day + "Je adviseur helpt je een opleiding kiezen",
        day + "Plan gemaakt: Monteur warmtepompen",
        day + "Je bent begonnen met de opleiding Monteur warmtepompen",
        day + "We vroegen je hoe het gaat met je opleiding",
        day + "Je antwoord: “Het gaat goed”",
    ]


def test_the_timeline_is_in_the_language_of_the_page(referral, adviser):
    referral.assign_to(adviser)
    client = Client()
    client.cookies["django_language"] = "en"

    html = client.get(reverse("referral_status", args=[referral.token])).content.decode()

    assert "Picked up by Sanne of Werkcentrum Groningen" in html
    assert "Werkcentrum Groningen will call you by" in html


def test_withdrawing_through_the_first_link_withdraws_the_request_where_it_is_now(
    referral, adviser, drenthe
):
    referral.refer_on(by=adviser, to_desk=drenthe, reason_code=Reason.LIVES_THERE)

    Client().post(reverse("referral_withdraw", args=[referral.token]))

    new = Referral.objects.get(referred_from=referral)
    assert new.status == Referral.Status.WITHDRAWN
    assert "uiterlijk" not in page(referral)


def test_once_the_day_has_passed_the_page_says_to_contact_the_desk(referral):
    sent_on(referral, timezone.localdate() - datetime.timedelta(days=30))

    assert "Heb je nog niets gehoord van Werkcentrum Groningen?" in text(page(referral))


def test_before_the_day_the_page_does_not_say_so(referral):
    assert "Heb je nog niets gehoord" not in text(page(referral))
