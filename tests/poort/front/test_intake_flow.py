"""The orientation intake, step by step through the test client, as a visitor uses it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from poort.models import Notification
from regions.models import Desk, Municipality, Sector
from tests.regions.factories import DeskFactory, SectorFactory
from trajectories.models import Candidate, Referral

pytestmark = pytest.mark.django_db

ANSWERS = {
    1: {"situation": "employed", "occupation": "Magazijnmedewerker"},
    2: {"sectors": ["elektrotechniek"], "what_matters": ["short_course", "income"]},
    3: {"municipality": "den haag"},
    4: {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne@example.nl",
        "phone": "06 12345678",
        "contact_preference": "phone",
    },
    5: {"consent": "on", "website": ""},
}


@pytest.fixture
def sectors() -> list[Sector]:
    return [
        SectorFactory(name="Elektrotechniek", slug="elektrotechniek"),
        SectorFactory(name="Installatietechniek", slug="installatietechniek"),
    ]


@pytest.fixture
def haaglanden_desk() -> Desk:
    return DeskFactory(
        region=Municipality.objects.get(code="GM0518").region,
        name="Werkcentrum Haaglanden",
        email="werkcentrum@haaglanden.example",
        contact_within_days=3,
    )


def start(client) -> str:
    """Open /orienteren/ and return the URL of step 1 of the new intake."""
    response = client.get(reverse("orientation"))
    assert response.status_code == 302
    return response["Location"]


def step_url(first_step_url: str, step: int) -> str:
    return re.sub(r"/1/$", f"/{step}/", first_step_url)


def answer(client, url: str, step: int, answers: dict | None = None, button: str = "next"):
    return client.post(step_url(url, step), {**(answers or ANSWERS[step]), button: ""})


def walk_to(client, step: int) -> str:
    """Answer every step before `step`; return the URL of step 1."""
    url = start(client)
    for earlier in range(1, step):
        assert answer(client, url, earlier).status_code == 302
    return url


@pytest.fixture
def send(client, sectors, haaglanden_desk, django_capture_on_commit_callbacks):
    """Walk the whole intake and send it; returns the last response."""

    def send_intake(**changes):
        url = walk_to(client, 5)
        with django_capture_on_commit_callbacks(execute=True):
            return answer(client, url, 5, {**ANSWERS[5], **changes})

    return send_intake


def test_orienteren_starts_a_new_intake_at_step_one(client):
    first = client.get(start(client))

    assert first.status_code == 200
    assert "Step 1 of 5" in first.text or "Stap 1 van 5" in first.text


def test_every_step_shows_where_you_are(client, sectors, haaglanden_desk):
    url = start(client)
    for step in range(1, 6):
        page = client.get(step_url(url, step))
        assert re.search(rf"(Step|Stap) {step} (of|van) 5", page.text), step
        if step < 5:
            answer(client, url, step)


def test_a_complete_intake_refers_the_person_to_the_desk_of_their_region(send, haaglanden_desk):
    response = send()

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.desk == haaglanden_desk
    assert referral.region == haaglanden_desk.region
    assert referral.kind == Referral.Kind.INTAKE
    assert referral.contact_preference == "phone"
    assert referral.interests == {
        "sectors": ["elektrotechniek"],
        "what_matters": ["short_course", "income"],
    }
    candidate = referral.candidate
    assert (candidate.first_name, candidate.email, candidate.municipality.name) == (
        "Sanne",
        "sanne@example.nl",
        "'s-Gravenhage",
    )
    assert candidate.situation == "employed"


def test_the_desk_and_the_person_each_get_one_e_mail(send):
    send()

    referral = Referral.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "sanne@example.nl",
        "werkcentrum@haaglanden.example",
    ]
    assert set(Notification.objects.values_list("idempotency_key", flat=True)) == {
        f"referral:{referral.pk}:new",
        f"referral:{referral.pk}:confirmation",
    }


def test_the_desk_e_mail_holds_no_e_mail_address_phone_number_or_last_name(
    send, haaglanden_desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send()

    desk_message = next(m for m in mail.outbox if m.to == [haaglanden_desk.email])
    text = desk_message.body + "".join(str(part[0]) for part in desk_message.alternatives)
    assert "Sanne" in text
    for private in ("sanne@example.nl", "12345678", "de Vries"):
        assert private not in text


def test_the_confirmation_page_says_who_contacts_you_how_and_within_how_many_days(send, client):
    done = client.get(send()["Location"])

    referral = Referral.objects.get()
    assert done.status_code == 200
    assert "Werkcentrum Haaglanden" in done.text
    assert str(referral.get_contact_preference_display()) in done.text
    assert re.search(r"\b3\b", done.text)
    assert reverse("referral_status", kwargs={"token": referral.token}) in done.text


def test_pages_with_what_someone_typed_are_never_cached(send, client):
    done = client.get(send()["Location"])

    assert "no-store" in done["Cache-Control"]
    assert "no-store" in client.get(start(client))["Cache-Control"]


def test_no_personal_data_appears_in_any_url(send, client):
    locations = [start(client)]
    response = send()
    locations.append(response["Location"])

    for location in locations:
        for private in ("Sanne", "sanne", "example", "Vries", "12345678", "haag", "GM0518"):
            assert private not in location


def test_once_sent_the_answers_leave_the_session(send, client):
    send()

    stored = str(dict(client.session))
    for private in ("Sanne", "sanne@example.nl", "Magazijnmedewerker", "12345678"):
        assert private not in stored


def test_sending_the_last_step_again_makes_no_second_referral(send, client):
    done_url = send()["Location"]

    again = client.post(done_url.replace("/klaar/", "/5/"), {**ANSWERS[5], "next": ""})

    assert again["Location"] == done_url
    assert Referral.objects.count() == 1


def test_previous_keeps_what_was_typed_without_checking_it(client, sectors, haaglanden_desk):
    url = walk_to(client, 4)

    back = answer(client, url, 4, {"first_name": "Sanne", "email": "not-an-address"}, "previous")
    again = client.get(step_url(url, 4))

    assert back.status_code == 302
    assert back["Location"] == step_url(url, 3)
    assert 'value="Sanne"' in again.text
    assert 'value="not-an-address"' in again.text
    assert "error-summary" not in again.text


def test_previous_on_a_checked_step_keeps_the_choices(client, sectors, haaglanden_desk):
    url = walk_to(client, 2)
    answer(client, url, 2, button="previous")

    page = client.get(step_url(url, 2))

    assert re.search(r'value="elektrotechniek"[^>]*checked', page.text)
    assert re.search(r'value="income"[^>]*checked', page.text)


def test_a_step_cannot_be_skipped(client):
    url = start(client)

    response = client.get(step_url(url, 4))

    assert response.status_code == 302
    assert response["Location"] == url


def test_an_unknown_step_is_not_found(client):
    assert client.get(step_url(start(client), 9)).status_code == 404


def test_two_intakes_in_two_tabs_keep_their_own_answers(client, sectors, haaglanden_desk):
    first, second = start(client), start(client)
    answer(client, first, 1, {"situation": "employed", "occupation": "Kok"})
    answer(client, second, 1, {"situation": "student", "occupation": "Scholier"})

    assert 'value="Kok"' in client.get(first).text
    assert 'value="Scholier"' in client.get(second).text


def test_a_missing_answer_is_shown_next_to_the_field_and_in_a_summary(client):
    url = start(client)

    response = answer(client, url, 1, {"occupation": "Kok"})

    assert response.status_code == 200
    assert "error-summary" in response.text
    assert re.search(r'href="#id_situation(_0)?"', response.text)
    assert 'id="id_situation_error"' in response.text
    assert 'value="Kok"' in response.text


def test_errors_are_in_dutch(client):
    url = start(client)

    response = answer(client, url, 1, {"occupation": "Kok"})

    assert "Kies de situatie die het best bij je past." in response.text


def test_a_phone_call_needs_a_phone_number(client, sectors, haaglanden_desk):
    url = walk_to(client, 4)

    response = answer(client, url, 4, {**ANSWERS[4], "phone": ""})

    assert response.status_code == 200
    assert 'id="id_phone_error"' in response.text


def test_a_name_with_a_web_address_is_refused(client, sectors, haaglanden_desk):
    url = walk_to(client, 4)

    response = answer(client, url, 4, {**ANSWERS[4], "first_name": "http://spam.example"})

    assert 'id="id_first_name_error"' in response.text


def test_free_text_has_a_length_limit(client):
    url = start(client)

    response = answer(client, url, 1, {"situation": "employed", "occupation": "x" * 151})

    assert 'id="id_occupation_error"' in response.text


def test_without_consent_nothing_is_sent(client, sectors, haaglanden_desk):
    url = walk_to(client, 5)

    response = answer(client, url, 5, {"website": ""})

    assert response.status_code == 200
    assert 'id="id_consent_error"' in response.text
    assert not Referral.objects.exists()


def test_the_last_step_shows_the_answers_and_what_happens_with_them(
    client, sectors, haaglanden_desk
):
    url = walk_to(client, 5)

    page = client.get(step_url(url, 5)).text

    for shown in ("Magazijnmedewerker", "Elektrotechniek", "&#x27;s-Gravenhage", "Sanne"):
        assert shown in page
    assert "24" in page


def test_a_name_that_fits_several_municipalities_offers_a_choice(client, sectors):
    url = walk_to(client, 3)

    response = answer(client, url, 3, {"municipality": "Bergen"})

    assert response.status_code == 200
    assert 'id="id_municipality_error"' in response.text
    assert 'value="GM0893"' in response.text  # Bergen (L.)
    assert 'value="GM0373"' in response.text  # Bergen (NH.)


def test_choosing_from_the_offered_municipalities_moves_on(client, sectors):
    url = walk_to(client, 3)

    response = answer(client, url, 3, {"municipality": "Bergen", "municipality_code": "GM0373"})

    assert response.status_code == 302
    assert response["Location"] == step_url(url, 4)


def test_a_choice_that_does_not_fit_the_typed_name_is_ignored(client, sectors):
    url = walk_to(client, 3)

    response = answer(client, url, 3, {"municipality": "Bergen", "municipality_code": "GM0363"})

    assert response.status_code == 200
    assert 'id="id_municipality_error"' in response.text


def test_an_unknown_municipality_is_refused(client, sectors):
    url = walk_to(client, 3)

    response = answer(client, url, 3, {"municipality": "Atlantis"})

    assert response.status_code == 200
    assert "We kennen deze gemeente niet" in response.text


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("den haag", "'s-Gravenhage"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("sudwest", "Súdwest-Fryslân"),
        ("'s-Gravenhage", "'s-Gravenhage"),
        ("AMSTERDAM", "Amsterdam"),
        ("hengelo", "Hengelo (O.)"),
    ],
)
def test_a_municipality_is_found_without_accents_prefixes_or_capitals(typed, found):
    assert [m.name for m in Municipality.objects.matching(typed)] == [found]


def test_the_typeahead_offers_the_matching_municipalities(client):
    response = client.get(
        reverse("intake_municipalities"), {"municipality": "ams"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Amstelveen" in response.text
    assert "Amsterdam" in response.text
    assert 'name="municipality_code"' in response.text
    assert 'data-hx-swap-oob="innerHTML"' in response.text
    assert "<html" not in response.text


def test_the_typeahead_without_htmx_sends_you_to_the_intake(client):
    response = client.get(reverse("intake_municipalities"), {"municipality": "ams"})

    assert response.status_code == 302


def test_the_confirmation_page_of_another_session_is_not_shown(send, client):
    done_url = send()["Location"]
    client.cookies.clear()

    assert client.get(done_url).status_code == 302
    assert Candidate.objects.count() == 1


def test_after_an_intake_the_funding_check_knows_the_situation_and_municipality(send, client):
    send()

    check = client.get(reverse("funding_check"))

    assert check.status_code == 200
    assert client.session["profile"]["municipality"] == "GM0518"
    assert client.session["profile"]["situation"] == ANSWERS[1]["situation"]
