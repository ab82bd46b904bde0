"""The private status page at /aanvraag/<token>/: what a person sees and can do there."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from poort.front.services import intake_submit
from poort.models import Notification
from regions.models import Municipality
from tests.poort.factories import UserFactory
from tests.regions.factories import DeskFactory
from trajectories.models import Candidate, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(django_capture_on_commit_callbacks) -> Referral:
    enschede = Municipality.objects.get(code="GM0153")
    DeskFactory(region=enschede.region, name="Werkcentrum Twente", phone="053 123 4567")
    return intake_submit(
        first_name="Sanne",
        last_name="de Vries",
        email="sanne@example.nl",
        phone="06 12345678",
        municipality=enschede,
        situation="job_seeking",
        occupation="Magazijnmedewerker",
        contact_preference=Referral.ContactPreference.PHONE,
    )


def url(name: str, referral: Referral) -> str:
    return reverse(name, kwargs={"token": referral.token})


def test_the_token_is_long_and_random(referral):
    other = Referral.objects.create(
        candidate=referral.candidate, kind="intake", region=referral.region, desk=referral.desk
    )

    assert len(referral.token) >= 22  # 128 bits in URL-safe base64
    assert referral.token != other.token


def test_the_page_shows_the_status_and_the_desk(client, referral):
    page = client.get(url("referral_status", referral))

    assert page.status_code == 200
    assert str(Referral.Status.NEW.label) in page.text
    assert "Werkcentrum Twente" in page.text
    assert "053 123 4567" in page.text


def test_the_page_is_never_cached_or_indexed(client, referral):
    page = client.get(url("referral_status", referral))

    assert "no-store" in page["Cache-Control"]
    assert "noindex" in page["X-Robots-Tag"]


@pytest.mark.parametrize("name", ["referral_withdraw", "referral_erase", "referral_download"])
def test_every_private_page_is_never_cached(client, referral, name):
    assert "no-store" in client.get(url(name, referral))["Cache-Control"]


def test_an_unknown_token_is_not_found(client, referral):
    for name in ("referral_status", "referral_withdraw", "referral_erase", "referral_download"):
        response = client.get(reverse(name, kwargs={"token": referral.token[:-1] + "x"}))
        assert response.status_code == 404


def test_once_an_adviser_takes_it_their_first_name_shows(client, referral):
    referral.assigned_to = UserFactory(
        email="fatima@werkcentrum.example", first_name="Fatima", last_name="El Amrani"
    )
    referral.status = Referral.Status.CONTACTED
    referral.save()

    page = client.get(url("referral_status", referral))

    assert "Fatima" in page.text
    assert "El Amrani" not in page.text
    assert "fatima@werkcentrum.example" not in page.text


def test_withdrawing_asks_first_and_then_closes_the_request(client, referral):
    confirm = client.get(url("referral_withdraw", referral))
    assert confirm.status_code == 200
    assert Referral.objects.get().status == Referral.Status.NEW

    response = client.post(url("referral_withdraw", referral))

    referral.refresh_from_db()
    assert response["Location"] == url("referral_status", referral)
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.closed_at is not None
    assert referral.history.last().to_status == Referral.Status.WITHDRAWN
    assert str(Referral.Status.WITHDRAWN.label) in client.get(response["Location"]).text


def test_withdrawing_twice_changes_nothing_more(client, referral):
    client.post(url("referral_withdraw", referral))
    client.post(url("referral_withdraw", referral))

    assert referral.history.filter(to_status=Referral.Status.WITHDRAWN).count() == 1


def test_erasing_asks_first(client, referral):
    confirm = client.get(url("referral_erase", referral))

    assert confirm.status_code == 200
    assert 'method="post"' in confirm.text
    assert Candidate.objects.get().first_name == "Sanne"


def test_erasing_removes_the_person_and_ends_the_link(client, referral):
    response = client.post(url("referral_erase", referral))

    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("referral_erased")
    assert client.get(response["Location"]).status_code == 200
    assert (candidate.first_name, candidate.email, candidate.phone) == ("", "", "")
    assert candidate.anonymised_at is not None
    assert Referral.objects.get().status == Referral.Status.WITHDRAWN
    assert client.get(url("referral_status", referral)).status_code == 404


def test_erasing_cancels_the_e_mails_not_yet_sent(client, referral):
    client.post(url("referral_erase", referral))

    for row in Notification.objects.all():
        assert row.recipient == ""
        assert row.context == {}
        assert row.status != Notification.Status.PENDING


def test_the_download_holds_everything_about_the_person_as_json(client, referral):
    response = client.get(url("referral_download", referral))

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert data["first_name"] == "Sanne"
    assert data["email"] == "sanne@example.nl"
    assert data["municipality"] == "Enschede"
    assert data["referrals"][0]["desk"] == "Werkcentrum Twente"
    assert data["referrals"][0]["status"] == "new"


def test_a_post_without_csrf_token_changes_nothing(referral):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url("referral_erase", referral))

    assert response.status_code == 403
    assert Candidate.objects.get().anonymised_at is None


def test_a_closed_request_can_no_longer_be_withdrawn_but_still_erased(client, referral):
    referral.status = Referral.Status.COMPLETED
    referral.closed_at = timezone.now()
    referral.save()

    page = client.get(url("referral_status", referral))

    assert url("referral_withdraw", referral) not in page.text
    assert url("referral_erase", referral) in page.text
