"""The audit log: every time staff open a request and every change is written down (who, what,
when), without the person's data; coordinators read the log of their own region at
/dashboard/logboek/, advisers do not."""

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import ChangeRecord, Membership
from tests.poort.factories import EditorFactory
from tests.poort.test_retention import everything_stored
from tests.regions.factories import active_desk, region
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import (
    REGION_B,
    client_for,
    past_second_factor,
    staff,
)
from trajectories.models import AuditEntry, AuditEntryQuerySet, Referral

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
LOG = reverse("dashboard:audit_log")
PERSON = {
    "first_name": "Sanne",
    "last_name": "Vriesema",
    "email": "sanne.vriesema@example.nl",
    "phone": "06 98765432",
    "occupation": "Heftruckchauffeur",
}


@pytest.fixture
def adviser():
    return staff(email="fenna@werkcentrum.example")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


@pytest.fixture
def coordinator_client() -> Client:
    return past_second_factor(Client(), staff(Membership.Role.COORDINATOR))


def person_referral(**fields) -> Referral:
    return ReferralFactory(
        **{f"candidate__{name}": value for name, value in PERSON.items()}, **fields
    )


def work_through_every_action(client: Client, referral: Referral) -> None:
    """Open the request, take it on, log a call, move it on and refer the person on."""
    client.get(reverse("dashboard:referral", args=[referral.pk]))
    client.post(reverse("dashboard:referral_assign", args=[referral.pk]))
    client.post(
        reverse("dashboard:referral_contact", args=[referral.pk]),
        {"channel": "phone", "note": f"Gebeld met {PERSON['first_name']}, {PERSON['phone']}"},
    )
    client.post(
        reverse("dashboard:referral_status", args=[referral.pk]),
        {"status": "advising", "note": f"Mail gestuurd naar {PERSON['email']}"},
    )
    client.post(
        reverse("dashboard:referral_refer_on", args=[referral.pk]),
        {
            "to_desk": active_desk(region(REGION_B)).pk,
            "reason_code": "lives_there",
            "reason": f"{PERSON['last_name']} verhuist",
        },
    )


def test_opening_a_request_writes_one_line_with_who_and_when(client, adviser):
    referral = ReferralFactory()

    client.get(reverse("dashboard:referral", args=[referral.pk]))

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.referral, entry.region) == (
        Action.VIEWED_REFERRAL,
        referral,
        referral.region,
    )
    assert (entry.user, entry.user_email) == (adviser, "fenna@werkcentrum.example")
    assert entry.at is not None


def test_each_action_writes_its_own_line_once(client):
    referral = ReferralFactory()

    work_through_every_action(client, referral)

    lines = list(AuditEntry.objects.order_by("at", "pk").values_list("action", "detail"))
    new_referral = Referral.objects.get(referred_from=referral)
    assert lines == [
        (Action.VIEWED_REFERRAL, ""),
        (Action.ASSIGNED, ""),
        (Action.CONTACT_LOGGED, "phone"),
        (Action.STATUS_CHANGED, "contacted → advising"),
        (
            Action.REFERRED_ON,
            f"desk #{new_referral.desk_id}, new referral #{new_referral.pk}",
        ),
    ]


def test_an_action_that_is_refused_writes_no_line(client):
    referral = ReferralFactory(status=Referral.Status.COMPLETED)

    client.post(reverse("dashboard:referral_assign", args=[referral.pk]))
    client.post(reverse("dashboard:referral_status", args=[referral.pk]), {"status": "advising"})

    assert not AuditEntry.objects.exists()


def test_the_log_holds_no_name_e_mail_or_phone_of_the_person(client):
    referral = person_referral()

    work_through_every_action(client, referral)

    rows = AuditEntry.objects.values_list("user_email", "action", "detail")
    stored = "\n".join(" ".join(row) for row in rows)
    for value in PERSON.values():
        assert value not in stored


def test_after_erasure_the_lines_stay_but_reveal_nothing_of_the_person(client):
    referral = person_referral()
    work_through_every_action(client, referral)

    referral.candidate.erase()

    assert AuditEntry.objects.filter(referral=referral).count() == 6
    assert AuditEntry.objects.filter(action=Action.ERASED, user=None).count() == 2
    stored = everything_stored()
    for value in PERSON.values():
        assert value not in stored


@pytest.mark.parametrize(
    "change",
    [
        lambda referral, adviser: referral.assign_to(adviser),
        lambda referral, adviser: referral.log_contact(adviser, "phone"),
        lambda referral, adviser: referral.move_to(Referral.Status.CONTACTED, adviser),
    ],
    ids=["take on", "contact", "status"],
)
def test_a_change_whose_audit_line_cannot_be_written_is_not_made(monkeypatch, adviser, change):
    referral = ReferralFactory()

    def disk_full(*args, **kwargs):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(AuditEntryQuerySet, "record", disk_full)
    with pytest.raises(DatabaseError):
        change(referral, adviser)

    referral.refresh_from_db()
    assert (referral.status, referral.assigned_to, referral.first_contact_at) == ("new", None, None)
    assert not referral.contact_moments.exists()
    assert not referral.history.exists()


def test_a_coordinator_sees_the_log_of_their_region_newest_first(
    client, coordinator_client, adviser
):
    first, second = ReferralFactory(), ReferralFactory()
    client.get(reverse("dashboard:referral", args=[first.pk]))
    client.get(reverse("dashboard:referral", args=[second.pk]))

    response = coordinator_client.get(LOG)

    assert response.status_code == 200
    shown = [entry.referral_id for entry in response.context["page_obj"]]
    assert shown == [second.pk, first.pk]
    assert adviser.get_full_name() in response.content.decode()


def test_a_coordinator_of_another_region_does_not_see_the_lines_of_region_a(client):
    referral = ReferralFactory()
    client.get(reverse("dashboard:referral", args=[referral.pk]))
    other = client_for("coordinator B")

    for url in (LOG, f"{LOG}?regio=AM01"):
        response = other.get(url)

        assert response.status_code == 200
        assert list(response.context["page_obj"]) == []
        assert "fenna@werkcentrum.example" not in response.content.decode()


def test_an_adviser_gets_404_on_the_log(client):
    assert client.get(LOG).status_code == 404


def test_an_editor_sees_the_lines_of_every_region(client):
    client.get(reverse("dashboard:referral", args=[ReferralFactory().pk]))
    b_adviser = past_second_factor(Client(), staff(code=REGION_B))
    b_referral = ReferralFactory(region=region(REGION_B))
    b_adviser.get(reverse("dashboard:referral", args=[b_referral.pk]))

    response = past_second_factor(Client(), EditorFactory()).get(LOG)

    assert {entry.region.code for entry in response.context["page_obj"]} == {"AM01", REGION_B}


def test_the_log_shows_only_the_chosen_action(client, coordinator_client):
    referral = ReferralFactory()
    client.get(reverse("dashboard:referral", args=[referral.pk]))
    client.post(reverse("dashboard:referral_assign", args=[referral.pk]))

    response = coordinator_client.get(LOG, {"action": "assigned"})

    assert [entry.action for entry in response.context["page_obj"]] == [Action.ASSIGNED]


def test_a_filter_value_that_does_not_exist_is_ignored(client, coordinator_client):
    client.get(reverse("dashboard:referral", args=[ReferralFactory().pk]))

    response = coordinator_client.get(LOG, {"action": "nonsense", "regio": "AM99", "page": "x"})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def queries_for_log_with(lines: int, client: Client, adviser) -> int:
    AuditEntry.objects.all().delete()
    referral = ReferralFactory()
    for _ in range(lines):
        AuditEntry.objects.record(adviser, Action.VIEWED_REFERRAL, referral)
    client.get(LOG)  # the first request of a session does more (the session, the sign-in)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LOG)
    assert len(response.context["page_obj"]) == lines
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_lines(adviser, coordinator_client):
    assert queries_for_log_with(10, coordinator_client, adviser) == queries_for_log_with(
        50, coordinator_client, adviser
    )


def test_an_editor_reads_the_log_and_the_region_history_in_the_admin_but_cannot_alter_them(
    client, admin_client
):
    client.get(reverse("dashboard:referral", args=[ReferralFactory().pk]))
    entry = AuditEntry.objects.get()
    record = ChangeRecord.objects.create(
        region=region("AM01"), object_kind="loket", object_name="Werkcentrum", field="telefoon"
    )

    for obj, path in ((entry, "trajectories/auditentry"), (record, "regions/changerecord")):
        listing = admin_client.get(f"/beheer/{path}/")
        page = admin_client.get(f"/beheer/{path}/{obj.pk}/change/")
        added = admin_client.get(f"/beheer/{path}/add/")
        deleted = admin_client.post(f"/beheer/{path}/{obj.pk}/delete/", {"post": "yes"})

        assert listing.status_code == 200
        assert page.status_code == 200
        assert 'type="submit" value="Opslaan"' not in page.content.decode()
        assert (added.status_code, deleted.status_code) == (403, 403)
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_log_reads_as_sentences_with_names_and_the_region_by_name(coordinator_client):
    adviser = staff(first_name="Fenna", last_name="de Vries", email="fvries@werkcentrum.example")
    referral = person_referral()
    work_through_every_action(past_second_factor(Client(), adviser), referral)

    page = coordinator_client.get(LOG, HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "Fenna de Vries bekeek de gegevens van Sanne Vriesema" in table
    assert "Fenna de Vries pakte de aanmelding van Sanne Vriesema op" in table
    assert "Hoe: telefoon" in table
    assert "Status: contact gehad → in gesprek" in table
    receiver = active_desk(region(REGION_B)).name
    assert f"Fenna de Vries verwees Sanne Vriesema door naar {receiver}" in table
    assert "<td>Groningen</td>" in table
    for code in ("AM01", "#", "contacted", "advising", "desk "):
        assert code not in table


def test_the_log_names_the_download_and_the_answers_in_words(coordinator_client, adviser):
    referral = ReferralFactory()
    AuditEntry.objects.record(
        adviser, Action.EXPORTED_CSV, region=region("AM01"), detail="12 referrals"
    )
    AuditEntry.objects.record(
        None, Action.CHECK_IN_ANSWERED, referral, detail="check-in #5: problem"
    )
    AuditEntry.objects.record(adviser, Action.TRAJECTORY_ENDED, referral, detail="#9 completed")
    AuditEntry.objects.record(adviser, Action.STATUS_CHANGED, referral, detail="an old line")

    page = coordinator_client.get(LOG, HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    name = adviser.get_full_name()
    assert f"{name} downloadde de aanmeldingen van Groningen" in page
    assert "12 aanmeldingen" in page
    assert "gaf antwoord op de vraag hoe het gaat" in page
    assert "Antwoord: Ik heb een probleem" in page
    assert "Afloop: afgerond" in page
    assert f"{name} veranderde de status van" in page
    assert "check-in #5" not in page and "#9" not in page and "12 referrals" not in page
