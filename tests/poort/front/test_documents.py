"""Documents a person keeps: their question, plan and data on a page to print, and as a PDF.

As the person notices it: the status page links both; the PDF opens and says who pays what;
the printed page leaves out the buttons; nobody else's token opens them.
"""

import io
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from pypdf import PdfReader

from regions.models import Region
from tests.funding.factories import SchemeFactory
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory, region
from tests.trajectories.factories import CandidateFactory, OfferingFactory, ReferralFactory
from trajectories.models import ContactMoment, OnwardReferral, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral() -> Referral:
    desk = DeskFactory(region=region("AM01"), name="Werkcentrum Groningen", phone="050 760 01 01")
    candidate = CandidateFactory(
        first_name="Ülkü", last_name="Şahin-de Vries", email="ulku@voorbeeld.example"
    )
    return ReferralFactory(candidate=candidate, desk=desk, region=desk.region)


@pytest.fixture
def planned(referral) -> Referral:
    """Sanne made a plan: a course of € 2.400, of which the scheme pays € 1.500."""
    adviser = UserFactory(first_name="Sanne", last_name="Bakker")
    SchemeFactory(name="Talentfonds Groningen", maximum_amount=Decimal("1500"))
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.move_to(Referral.Status.ADVISING, adviser)
    offering = OfferingFactory(course__title="Monteur warmtepompen", course__price=Decimal(2400))
    referral.plan_trajectory(by=adviser, offering=offering, agreements="Start in maart.")
    return referral


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_status_page_links_the_printable_page_and_the_pdf(client, referral):
    html = client.get(reverse("referral_status", args=[referral.token])).content.decode()

    assert reverse("referral_document", args=[referral.token]) in html
    assert reverse("referral_pdf", args=[referral.token]) in html
    assert reverse("referral_download", args=[referral.token]) in html


def test_the_pdf_holds_the_plan_who_pays_what_and_the_persons_data(client, planned):
    response = client.get(reverse("referral_pdf", args=[planned.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    words = pdf_text(response)
    assert "Je vraag en je plan" in words
    assert "Monteur warmtepompen" in words
    assert "Talentfonds Groningen" in words
    assert "€ 1.500" in words
    assert "€ 900" in words
    assert "Start in maart." in words
    assert "Sanne" in words
    assert "Ülkü" in words
    assert "Sahin-de Vries" in words  # the PDF's font has no Ş: written without its cedilla
    assert "ulku@voorbeeld.example" in words
    assert "Werkcentrum Groningen" in words
    assert "050 760 01 01" in words


def test_the_pdf_of_a_question_without_a_plan_has_the_question_and_the_data(client, referral):
    words = pdf_text(client.get(reverse("referral_pdf", args=[referral.token])))

    assert "Je vraag" in words
    assert "Je plan" not in words
    assert "ulku@voorbeeld.example" in words


def test_the_printable_page_has_the_same_content_and_a_print_stylesheet(client, planned):
    response = client.get(reverse("referral_document", args=[planned.token]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = text(html)
    for words in ["Monteur warmtepompen", "Talentfonds Groningen", "€ 900", "Ülkü"]:
        assert words in page
    stylesheet = re.search(r'href="([^"]*document[^"]*\.css)"', html).group(1)
    css_text = Path(finders.find(stylesheet.removeprefix(settings.STATIC_URL))).read_text()
    print_rules = css_text[css_text.index("@media print") :]
    assert ".document__actions" in print_rules
    assert "button" in print_rules and "form" in print_rules


@pytest.mark.parametrize("name", ["referral_document", "referral_pdf"])
def test_an_unknown_or_erased_token_opens_no_document(client, referral, name):
    assert client.get(reverse(name, args=["x" * 43])).status_code == 404

    referral.candidate.erase()

    assert client.get(reverse(name, args=[referral.token])).status_code == 404


def test_after_an_onward_referral_the_document_names_the_desk_that_has_it_now(client, referral):
    drenthe = DeskFactory(
        region=Region.objects.get(name__icontains="Drenthe"), name="Werkcentrum Drenthe"
    )
    adviser = UserFactory(first_name="Sanne")
    referral.assign_to(adviser)
    referral.log_contact(adviser, ContactMoment.Channel.PHONE)
    referral.refer_on(by=adviser, to_desk=drenthe, reason_code=OnwardReferral.Reason.LIVES_THERE)

    words = pdf_text(client.get(reverse("referral_pdf", args=[referral.token])))

    assert "Je loket Werkcentrum Drenthe" in words
