"""The person sees their trajectory plan on their private status page and in the JSON download
of their data: course, start date and place, the funding as agreed, the agreements and the
check-ins."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.funding.factories import SchemeFactory
from tests.poort.factories import UserFactory
from tests.trajectories.factories import OfferingFactory, ReferralFactory
from trajectories.models import CheckIn, Referral, Trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Trajectory:
    SchemeFactory(name="Scholingsbudget Techniek", maximum_amount=Decimal("1000.00"))
    referral = ReferralFactory(status=Referral.Status.ADVISING)
    offering = OfferingFactory(
        course__title="Monteur warmtepompen",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 7, 16),
    )
    return referral.plan_trajectory(
        by=UserFactory(), offering=offering, agreements="Je werkgever betaalt de rest."
    )


def status_page(trajectory: Trajectory) -> str:
    url = reverse("referral_status", args=[trajectory.referral.token])
    return Client().get(url).content.decode()


def test_the_status_page_shows_the_plan_with_its_funding_and_agreements(plan):
    page = status_page(plan)

    assert "Je plan" in page
    assert "Monteur warmtepompen" in page
    assert "1 maart 2027 tot 16 juli 2027" in page
    assert "Groningen" in page
    assert "Scholingsbudget Techniek" in page
    assert "− € 1.000" in page
    assert "€ 1.450" in page
    assert "Je werkgever betaalt de rest." in page


def test_after_the_start_the_status_page_lists_the_check_ins_and_the_answers(plan):
    plan.start(by=None, on=datetime.date(2027, 3, 1))
    first = plan.check_ins.get(months=1)
    CheckIn.objects.filter(pk=first.pk).update(sent_at=datetime.datetime.now(datetime.UTC))
    first.refresh_from_db()
    first.record_answer(CheckIn.Answer.GOING_WELL, "Leuke klas.")

    page = status_page(plan)

    assert "Na 1 maand (1 april 2027)" in page
    assert "je antwoord: ‘Het gaat goed’ – Leuke klas." in page
    assert "Na 12 maanden (1 maart 2028): dan vragen we het je" in page


def test_a_request_without_a_plan_shows_no_plan():
    referral = ReferralFactory()

    page = Client().get(f"/aanvraag/{referral.token}/")

    assert "Je plan" not in page.content.decode()


def test_the_download_holds_the_plan_and_the_check_ins(plan):
    plan.start(by=None, on=datetime.date(2027, 3, 1))

    response = Client().get(reverse("referral_download", args=[plan.referral.token]))

    [exported] = json.loads(response.content)["trajectories"]
    assert exported["course"] == "Monteur warmtepompen"
    assert exported["funding"] == [{"scheme": "Scholingsbudget Techniek", "amount": "1000.00"}]
    assert exported["own_contribution"] == "1450.00"
    assert exported["agreements"] == "Je werkgever betaalt de rest."
    assert [c["due_on"] for c in exported["check_ins"]] == [
        "2027-04-01",
        "2027-06-01",
        "2027-09-01",
        "2028-03-01",
    ]
