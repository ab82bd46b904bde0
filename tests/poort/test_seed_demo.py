import datetime
import re
from collections import Counter
from dataclasses import dataclass
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from funding.models import Scheme
from poort.demo.loader import load_demo
from poort.vocabulary import Situation
from regions.models import Desk, Initiative, Membership, Municipality, Region
from trajectories.models import Course, Offering, Provider

SNAPSHOT_APPS = ["poort", "regions", "funding", "trajectories", "account"]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", "--not-a-development-site", stdout=out)
    return out.getvalue()


def every_row() -> dict[str, list[dict]]:
    """Every field of every row of the project's tables, including many-to-many links."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@dataclass
class Seeded:
    first_output: str
    second_output: str
    rows_after_first: dict
    rows_after_second: dict


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded twice, once for the whole module; rolled back at the end."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast_hasher),
        transaction.atomic(),
    ):
        first = seed_demo()
        after_first = every_row()
        second = seed_demo()
        yield Seeded(first, second, after_first, every_row())
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db) -> Seeded:
    return seeded


def regions_mostly_in(province: str) -> set[str]:
    provinces = Counter()
    for code, in_province in Municipality.objects.values_list("region__code", "province"):
        provinces[code] += 1 if in_province == province else -1
    return {code for code, balance in provinces.items() if balance > 0}


def region_codes(initiative_name: str) -> set[str]:
    initiative = Initiative.objects.get(name=initiative_name)
    return set(initiative.regions.values_list("code", flat=True))


def test_every_region_gets_an_active_desk_and_there_is_one_national_desk(demo):
    assert Region.objects.count() == 35
    assert not Region.objects.exclude(desks__is_active=True).exists()
    national = Desk.objects.get(region__isnull=True, is_active=True)
    assert national.kind == Desk.Kind.NATIONAL
    regional = Desk.objects.filter(region__isnull=False)
    assert {desk.kind for desk in regional} == {"werkcentrum", "rmt", "leerwerkloket"}
    assert all(desk.email.endswith(".example") for desk in regional)
    assert all(3 <= desk.contact_within_days <= 10 for desk in regional)
    assert all(desk.phone and desk.address and desk.opening_hours for desk in regional)
    assert Desk.objects.get(region__code="AM01").name == "Werkcentrum Groningen"
    assert Desk.objects.get(region__code="AM13").name == "Leerwerkloket Midden-Utrecht"


def test_the_initiatives_cover_their_own_regions(demo):
    assert region_codes("Het Noorden Leert Door") == {"AM01", "AM02", "AM03"}
    assert region_codes("Maak je Stap") == {"AM13", "AM14"}
    assert region_codes("Rotterdams scholingsfonds") == {"AM22"}
    assert region_codes("Twents fonds voor vakmanschap") == {"AM05"}
    assert region_codes("Overijssels vakmanschap") == {"AM05", "AM36"}
    assert region_codes("Upgrade jezelf") == {"AM36"}
    assert region_codes("Brabant Leert") == regions_mostly_in("Noord-Brabant")
    assert region_codes("Limburg Leert") == regions_mostly_in("Limburg")
    assert region_codes("Techniekcoalitie Limburg") == regions_mostly_in("Limburg")
    assert region_codes("Gelders vakmanschap") == regions_mostly_in("Gelderland")


def test_het_noorden_leert_door_tells_its_facts(demo):
    initiative = Initiative.objects.get(slug="het-noorden-leert-door")
    text = f"{initiative.summary} {initiative.body}"
    assert "160" in text
    assert "415" in text
    assert "85%" in text


def test_the_funding_schemes_of_the_design_are_there(demo):
    names = set(Scheme.objects.values_list("name", flat=True))
    for name in [
        "Kansen Verzilveren",
        "O&O-fonds Metaal en Techniek",
        "Opleidingsfonds Installatietechniek",
        "Just Transition Fund",
        "ESF+",
        "SLIM-subsidie",
        "STAP-budget",
        "NL Leert Door",
        "LLO-Katalysator",
        "Nationaal Groeifonds",
        "RMT-scholingsbudget",
        "Rotterdams scholingsfonds",
    ]:
        assert name in names
    stap = Scheme.objects.get(name="STAP-budget")
    assert stap.status == Scheme.Status.CLOSED
    assert stap.closes_on.year == 2024
    kansen = Scheme.objects.get(name="Kansen Verzilveren")
    assert set(kansen.regions.values_list("code", flat=True)) == {"AM01", "AM02", "AM03"}
    for scheme in Scheme.objects.all():
        assert set(scheme.target_groups) <= set(Situation.values)
        scheme.full_clean()
    assert Scheme.objects.filter(level=Scheme.Level.SECTOR, sectors__isnull=False).exists()


def test_the_catalogue_holds_about_300_courses_in_every_field(demo):
    courses = Course.objects.all()
    assert 280 <= courses.count() <= 320
    assert 8 <= Provider.objects.count() <= 12
    assert courses.values("sector").distinct().count() == 9
    assert courses.filter(title__startswith="Lasser MIG/MAG").exists()
    assert courses.filter(title__startswith="Monteur warmtepompen").exists()
    assert {course.level for course in courses} >= {None, 1, 2, 3, 4}
    assert {course.learning_path for course in courses} >= {"bol", "bbl", "workplace"}
    assert all(300 <= course.price <= 12000 for course in courses)
    for course in courses.filter(certificate_kind="diploma"):
        assert re.fullmatch(r"[0-9]{5}", course.crebo_code)
    assert len({course.title for course in courses}) > 150


def test_every_course_starts_one_to_four_times_in_the_coming_year(demo):
    today = timezone.localdate()
    per_course = Counter(Offering.objects.values_list("course_id", flat=True))
    assert set(per_course) == set(Course.objects.values_list("pk", flat=True))
    assert set(per_course.values()) <= {1, 2, 3, 4}
    offerings = Offering.objects.select_related("course", "municipality")
    for offering in offerings:
        assert today < offering.start_date <= today + datetime.timedelta(days=366)
        if offering.application_deadline:
            assert today < offering.application_deadline <= offering.start_date
        if offering.course.mode == "online":
            assert offering.municipality is None
    assert offerings.filter(municipality__isnull=True).exists()
    assert offerings.filter(application_deadline__isnull=False).exists()
    assert offerings.values("municipality__region").distinct().count() >= 30


def test_the_demo_users_can_sign_in_with_verified_addresses(demo):
    memberships = {
        (membership.user.email, membership.region.code, membership.role)
        for membership in Membership.objects.select_related("user", "region")
    }
    assert memberships == {
        ("adviseur.groningen@goudenpoort.example", "AM01", "adviser"),
        ("coordinator.groningen@goudenpoort.example", "AM01", "coordinator"),
        ("adviseur.utrecht@goudenpoort.example", "AM13", "adviser"),
        ("coordinator.utrecht@goudenpoort.example", "AM13", "coordinator"),
    }
    editor = EmailAddress.objects.get(email="beheer@goudenpoort.example").user
    assert editor.is_staff
    assert editor.is_superuser
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 5


def test_the_printed_logins_work_on_the_sign_in_form(demo, client):
    password = re.search(r"password '([^']+)'", demo.first_output).group(1)
    emails = re.findall(r"[\w.]+@goudenpoort\.example", demo.first_output)
    assert len(emails) == 5
    for email in emails:
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        assert response.status_code == 302, email
        assert response["Location"] == settings.LOGIN_REDIRECT_URL
        client.logout()


def test_running_it_again_creates_nothing_and_changes_no_field(demo):
    assert re.search(r"Demo content: [1-9][0-9]* rows created", demo.first_output)
    assert "Demo content: 0 rows created, 0 updated" in demo.second_output
    assert demo.rows_after_second == demo.rows_after_first


def test_a_run_in_a_later_month_moves_the_start_dates_and_creates_nothing(demo):
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=45)).replace(day=1)
    outcomes = {outcome.label: outcome for outcome in load_demo(today=next_month)}

    assert not any(outcome.created for outcome in outcomes.values())
    assert outcomes["offerings"].updated
    assert not outcomes["courses"].updated
    assert Offering.objects.filter(start_date__lte=next_month).count() == 0


def test_a_region_keeps_the_desk_its_people_set_up_themselves(demo):
    Desk.objects.filter(region__code="AM01").update(is_active=False)
    own = Desk.objects.create(
        region=Region.objects.get(code="AM01"),
        name="Werkplein Groningen",
        kind=Desk.Kind.WERKCENTRUM,
        email="aanmeldingen@werkplein-groningen.example",
    )

    output = seed_demo()

    assert Desk.objects.get(region__code="AM01", is_active=True) == own
    assert "1 regions keep their own active desk" in output


@override_settings(DEBUG=False)
def test_it_refuses_to_run_on_a_site_without_debug():
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())
