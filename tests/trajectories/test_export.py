"""The CSV download of a region's requests at /dashboard/export.csv: for coordinators and editors,
one row per request of their own region, only the facts the work needs (no name, e-mail or phone
of the person), and every download is written in the audit log."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regions.models import Membership
from tests.poort.factories import EditorFactory
from tests.regions.factories import region
from tests.trajectories.factories import ReferralFactory
from tests.trajectories.test_dashboard_permissions import (
    REGION_B,
    client_for,
    past_second_factor,
    staff,
)
from trajectories.models import AuditEntry, Referral

pytestmark = pytest.mark.django_db

EXPORT = reverse("dashboard:referrals_csv")
HEADER = [
    "Nummer",
    "Aangemeld op",
    "Soort",
    "Stand van zaken",
    "Loket",
    "Gemeente",
    "Situatie",
    "Adviseur (e-mail)",
    "Eerste contact op",
    "Werkdagen gewacht",
    "Doorverwezen",
]


@pytest.fixture
def coordinator():
    return staff(Membership.Role.COORDINATOR, email="coordinator@werkcentrum.example")


@pytest.fixture
def client(coordinator) -> Client:
    return past_second_factor(Client(), coordinator)


def download(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def rows_of(response) -> list[list[str]]:
    """The rows as a spreadsheet set to Dutch reads them: UTF-8 after the BOM, split on ";"."""
    return list(csv.reader(io.StringIO(download(response)), delimiter=";"))


def test_the_file_has_the_header_and_one_row_per_request_of_the_region(client):
    mine = [ReferralFactory(), ReferralFactory(interest=True)]
    elsewhere = ReferralFactory(region=region(REGION_B))

    rows = rows_of(client.get(EXPORT))

    assert rows[0] == HEADER
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(referral.pk for referral in mine)
    assert str(elsewhere.pk) not in [row[0] for row in rows[1:]]


def test_a_dutch_spreadsheet_opens_the_file_in_columns_with_its_accents(client):
    referral = ReferralFactory()
    referral.desk.name = "Loket Zuidoost; Noord, Oost en Rûn"
    referral.desk.save()

    response = client.get(EXPORT)
    data = b"".join(response.streaming_content)

    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that tells the spreadsheet: UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [len(row) for row in rows] == [len(HEADER), len(HEADER)]
    assert rows[1][HEADER.index("Loket")] == "Loket Zuidoost; Noord, Oost en Rûn"


def test_in_english_the_columns_are_split_by_commas():
    ReferralFactory()
    coordinator = staff(Membership.Role.COORDINATOR, email="coordinator@werkcentrum.example")
    english = past_second_factor(Client(HTTP_ACCEPT_LANGUAGE="en"), coordinator)

    text = download(english.get(EXPORT))

    assert text.splitlines()[0].startswith("Number,Received on,")


def test_the_file_holds_no_name_e_mail_or_phone_of_the_person(client):
    referral = ReferralFactory(
        candidate__first_name="Sanne",
        candidate__last_name="Vriesema",
        candidate__email="sanne.vriesema@example.nl",
        candidate__phone="06 98765432",
    )

    text = download(client.get(EXPORT))

    for value in ("Sanne", "Vriesema", "sanne.vriesema@example.nl", "98765432", referral.token):
        assert value not in text


def test_a_row_tells_what_the_work_needs(client, coordinator):
    referral = ReferralFactory(assigned_to=coordinator)
    contacted = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.REFERRED_ON, first_contact_at=contacted
    )

    rows = rows_of(client.get(EXPORT))

    today = timezone.localdate().isoformat()
    assert rows[1] == [
        str(referral.pk),
        today,
        referral.get_kind_display(),
        "Doorverwezen",
        referral.desk.name,
        "Groningen",
        referral.candidate.get_situation_display(),
        "coordinator@werkcentrum.example",
        today,
        "0",
        "ja",
    ]


def test_the_file_name_holds_the_region_code_and_the_date(client):
    response = client.get(EXPORT)

    day = timezone.localdate()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="aanmeldingen-AM01-{day:%Y-%m-%d}.csv"'
    )


def test_each_download_is_written_in_the_audit_log(client, coordinator):
    ReferralFactory()
    ReferralFactory()

    client.get(EXPORT)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.region.code) == (
        AuditEntry.Action.EXPORTED_CSV,
        coordinator,
        "AM01",
    )
    assert entry.detail == "2 referrals"


def test_an_adviser_gets_404_and_nothing_is_logged():
    ReferralFactory()

    assert client_for("adviser A").get(EXPORT).status_code == 404
    assert not AuditEntry.objects.exists()


def test_a_coordinator_asking_for_another_region_gets_404(client):
    ReferralFactory(region=region(REGION_B))

    assert client.get(EXPORT, {"regio": REGION_B}).status_code == 404
    assert client.get(EXPORT, {"regio": "nonsense"}).status_code == 404


def test_an_editor_downloads_one_region_by_its_code():
    ReferralFactory()
    in_b = ReferralFactory(region=region(REGION_B))
    editor = past_second_factor(Client(), EditorFactory())

    response = editor.get(EXPORT, {"regio": REGION_B})

    rows = rows_of(response)
    assert [row[0] for row in rows[1:]] == [str(in_b.pk)]
    assert f"aanmeldingen-{REGION_B}-" in response["Content-Disposition"]


def test_a_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(client):
    referral = ReferralFactory()
    referral.desk.name = "=HYPERLINK(1)"
    referral.desk.save()

    rows = rows_of(client.get(EXPORT))

    assert rows[1][4] == "'=HYPERLINK(1)"


def test_days_waiting_count_working_days_until_the_first_contact(client):
    referral = ReferralFactory()
    monday = timezone.make_aware(datetime.datetime(2026, 11, 2, 10))
    Referral.objects.filter(pk=referral.pk).update(
        created_at=monday, first_contact_at=monday + datetime.timedelta(days=3)
    )

    rows = rows_of(client.get(EXPORT))

    assert rows[1][9] == "3"
