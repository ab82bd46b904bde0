"""Working a referral: take it on, log a contact, move it along the status path; as plain
forms (POST → redirect with a message) and through htmx (the changed part, announced)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.regions.factories import SectorFactory
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff
from trajectories.models import ContactMoment, Referral, ReferralError

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "work"}
Status = Referral.Status


@pytest.fixture
def adviser():
    return staff(first_name="Fenna", last_name="de Vries")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


def url(name: str, referral: Referral) -> str:
    return reverse(f"dashboard:{name}", args=[referral.pk])


def text(response) -> str:
    return response.content.decode()


# The status path, on the model


def test_a_referral_follows_the_path_from_new_to_completed(adviser):
    referral = ReferralFactory()
    path = [
        Status.CONTACTED,
        Status.ADVISING,
        Status.TRAJECTORY_PLANNED,
        Status.IN_TRAJECTORY,
        Status.COMPLETED,
    ]
    for status in path:
        referral.move_to(status, by=adviser)

    assert referral.status == Status.COMPLETED
    assert referral.closed_at is not None
    assert [change.to_status for change in referral.history.all()] == path
    assert {change.changed_by for change in referral.history.all()} == {adviser}


@pytest.mark.parametrize("step", [Status.WITHDRAWN, Status.NO_RESPONSE])
def test_an_open_referral_may_end_as_withdrawn_or_no_response(adviser, step):
    referral = ReferralFactory(status=Status.ADVISING)

    referral.move_to(step, by=adviser)

    assert not referral.is_open


@pytest.mark.parametrize(
    ("now", "illegal"),
    [
        (Status.NEW, Status.ADVISING),
        (Status.NEW, Status.COMPLETED),
        (Status.ADVISING, Status.CONTACTED),
        (Status.COMPLETED, Status.ADVISING),
        (Status.WITHDRAWN, Status.CONTACTED),
        (Status.CONTACTED, Status.REFERRED_ON),
        (Status.NEW, "made_up"),
    ],
)
def test_a_step_off_the_path_is_refused_and_changes_nothing(adviser, now, illegal):
    referral = ReferralFactory(status=now)

    with pytest.raises(ReferralError):
        referral.move_to(illegal, by=adviser)

    referral.refresh_from_db()
    assert referral.status == now
    assert not referral.history.exists()


# Taking a referral on


def test_take_on_assigns_the_referral_to_me_and_notes_it_in_the_history(client, adviser):
    referral = ReferralFactory()

    response = client.post(url("referral_assign", referral), follow=True)

    referral.refresh_from_db()
    assert referral.assigned_to == adviser
    assert "Je hebt deze aanmelding opgepakt." in text(response)
    assert 'Aanmelding opgepakt <span class="muted">(Fenna de Vries)</span>' in text(response)
    assert "Toegewezen aan" not in text(response)


def test_take_on_from_the_queue_with_htmx_returns_the_new_row_and_announces_it(client):
    referral = ReferralFactory(candidate__first_name="Joris")

    response = client.post(
        url("referral_assign", referral),
        headers={"HX-Request": "true", "HX-Target": f"row-{referral.pk}"},
    )

    page = text(response)
    assert page.lstrip().startswith(f'<tr id="row-{referral.pk}">')
    assert "Fenna de Vries" in page
    assert 'id="dashboard-announce"' in page
    assert "Je hebt deze aanmelding opgepakt." in page


# Logging a contact


def test_the_first_contact_moves_a_new_referral_to_contacted(client, adviser):
    referral = ReferralFactory()

    response = client.post(
        url("referral_contact", referral), {"channel": "phone", "note": "Gebeld, afspraak."}
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTED
    assert referral.first_contact_at is not None
    moment = ContactMoment.objects.get(referral=referral)
    assert (moment.channel, moment.note, moment.by) == ("phone", "Gebeld, afspraak.", adviser)


def test_a_later_contact_keeps_the_status_and_the_first_contact_time(client):
    referral = ReferralFactory(status=Status.ADVISING)
    client.post(url("referral_contact", referral), {"channel": "video"})
    first = Referral.objects.get(pk=referral.pk).first_contact_at

    client.post(url("referral_contact", referral), {"channel": "meeting"})

    referral.refresh_from_db()
    assert referral.status == Status.ADVISING
    assert referral.first_contact_at == first
    assert referral.contact_moments.count() == 2


def test_a_contact_without_a_channel_or_with_a_long_note_shows_errors_in_dutch(client):
    referral = ReferralFactory()

    response = client.post(url("referral_contact", referral), {"note": "x" * 501})

    page = text(response)
    assert response.status_code == 200
    assert "Controleer je antwoorden" in page
    assert "x" * 501 in page  # what was typed stays
    assert not referral.contact_moments.exists()


def test_a_contact_with_htmx_returns_the_work_panel_with_the_new_history(client):
    referral = ReferralFactory()

    response = client.post(url("referral_contact", referral), {"channel": "email"}, headers=HTMX)

    page = text(response)
    assert "<html" not in page
    assert "Het contact is opgeslagen." in page
    assert "Contact (e-mail)" in page
    assert "data-focus-after-swap" in page


# Changing the status


def test_the_status_form_offers_only_the_next_steps(client):
    referral = ReferralFactory(status=Status.CONTACTED)

    form = client.get(url("referral", referral)).context["status_form"]

    assert [value for value, _label in form.fields["status"].choices] == [
        "",
        "advising",
        "withdrawn",
        "no_response",
    ]


def test_a_status_change_is_saved_with_its_note_and_shown_after_the_redirect(client):
    referral = ReferralFactory(status=Status.CONTACTED)

    response = client.post(
        url("referral_status", referral),
        {"status": "advising", "note": "Eerste gesprek"},
        follow=True,
    )

    assert "De status is nu \u2018In gesprek\u2019." in text(response)
    assert referral.history.get().note == "Eerste gesprek"


def test_the_status_form_preselects_nothing_so_a_slip_cannot_withdraw_a_request(client):
    referral = ReferralFactory(status=Status.ADVISING)

    page = client.get(url("referral", referral))
    response = client.post(url("referral_status", referral), {"status": "", "note": "Bellen"})

    assert '<option value="" selected>Kies de nieuwe status</option>' in text(page)
    assert "Kies de nieuwe status." in text(response)
    assert "Bellen" in text(response)
    referral.refresh_from_db()
    assert referral.status == Status.ADVISING


def test_every_field_on_the_referral_page_has_an_id_of_its_own(client):
    page = text(client.get(url("referral", ReferralFactory(status=Status.CONTACTED))))

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_a_status_off_the_path_is_an_error_next_to_the_field_not_a_500(client):
    referral = ReferralFactory(status=Status.NEW)

    response = client.post(url("referral_status", referral), {"status": "completed"})

    assert response.status_code == 200
    assert "Controleer je antwoorden" in text(response)
    referral.refresh_from_db()
    assert referral.status == Status.NEW


def test_a_closed_referral_offers_no_actions(client):
    referral = ReferralFactory(status=Status.COMPLETED)

    page = text(client.get(url("referral", referral)))

    assert "Contact opslaan" not in page
    assert "Status opslaan" not in page


def test_taking_on_a_closed_referral_is_refused_with_a_message(client):
    referral = ReferralFactory(status=Status.WITHDRAWN)

    response = client.post(url("referral_assign", referral), follow=True)

    assert "Deze aanmelding is gesloten." in text(response)
    referral.refresh_from_db()
    assert referral.assigned_to is None


def test_the_referral_page_shows_the_person_to_the_adviser(client):
    referral = ReferralFactory(
        candidate__first_name="Joris",
        candidate__email="joris@voorbeeld.example",
        candidate__phone="06 11112222",
    )

    page = text(client.get(url("referral", referral)))

    assert "joris@voorbeeld.example" in page
    assert "06 11112222" in page
    assert "Groningen" in page


def test_the_referral_page_names_the_fields_the_person_is_interested_in(client):
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    referral = ReferralFactory(interests={"sectors": ["elektrotechniek"]})

    assert "Elektrotechniek" in text(client.get(url("referral", referral)))
