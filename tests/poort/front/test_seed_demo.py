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
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from funding.models import Scheme
from poort.front.demo import queue
from poort.front.demo.loader import QUEUE_OFFERING_PREFIX, load_demo
from poort.models import Notification
from poort.vocabulary import Situation
from regions.models import Desk, Initiative, Membership, Municipality, Region
from tests.trajectories.test_dashboard_permissions import past_second_factor
from trajectories.insights import region_insights
from trajectories.models import (
    Candidate,
    CheckIn,
    Course,
    Offering,
    Provider,
    Referral,
    Trajectory,
)
from trajectories.tasks import anonymise_expired_candidates, send_due_check_ins

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
    catalogue = Offering.objects.exclude(source_id__startswith=QUEUE_OFFERING_PREFIX)
    per_course = Counter(catalogue.values_list("course_id", flat=True))
    assert set(per_course) == set(Course.objects.values_list("pk", flat=True))
    assert set(per_course.values()) <= {1, 2, 3, 4}
    offerings = catalogue.select_related("course", "municipality")
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
    catalogue = Offering.objects.exclude(source_id__startswith=QUEUE_OFFERING_PREFIX)
    assert catalogue.filter(start_date__lte=next_month).count() == 0


def test_the_demo_queue_is_created_once_and_left_alone_on_the_next_run(demo):
    people = len(queue.PEOPLE)
    assert re.search(rf"demo queue \(people\) +{people} created", demo.first_output)
    assert re.search(
        rf"demo queue \(people\) +0 created +0 updated +{people} unchanged", demo.second_output
    )


def signed_in(email: str) -> Client:
    return past_second_factor(Client(), EmailAddress.objects.get(email=email).user)


def demo_referrals() -> "models.QuerySet[Referral]":
    return Referral.objects.filter(candidate__email__endswith="@" + queue.EMAIL_DOMAIN)


def test_the_groningen_adviser_works_a_queue_of_groningen_people_in_every_stage(demo):
    client = signed_in("adviseur.groningen@goudenpoort.example")

    response = client.get("/dashboard/", {"status": "all"})

    shown = list(response.context["page_obj"])
    assert 15 <= len(shown) <= 25
    assert {referral.region.code for referral in shown} == {"AM01"}
    assert {referral.status for referral in shown} >= {
        "new",
        "contacted",
        "advising",
        "trajectory_planned",
        "in_trajectory",
        "completed",
        "withdrawn",
        "referred_on",
    }
    assert {referral.kind for referral in shown} == {"intake", "interest"}
    overdue = [referral for referral in shown if referral.overdue_since]
    fresh = [r for r in shown if r.status == "new" and not r.overdue_since and not r.assigned_to]
    assert overdue
    assert fresh
    page = response.content.decode()
    assert "Overdue" in page or "Te laat" in page
    assert "Sophie" not in page  # a Midden-Utrecht person


def test_a_person_of_another_region_stays_out_of_reach_of_the_groningen_adviser(demo):
    client = signed_in("adviseur.groningen@goudenpoort.example")
    utrecht = demo_referrals().filter(region__code="AM13")
    own = demo_referrals().filter(region__code="AM01").first()

    assert client.get(reverse("dashboard:referral", args=[own.pk])).status_code == 200
    for referral in utrecht:
        assert client.get(reverse("dashboard:referral", args=[referral.pk])).status_code == 404


def test_every_groningen_request_opens_and_shows_the_course_of_its_trajectory(demo):
    client = signed_in("adviseur.groningen@goudenpoort.example")

    for referral in demo_referrals().filter(region__code="AM01"):
        page = client.get(reverse("dashboard:referral", args=[referral.pk]))
        assert page.status_code == 200, referral
        if referral.trajectories.exists():
            assert referral.current_trajectory().offering.course.title in page.content.decode()
    planned = demo_referrals().filter(region__code="AM01", status="trajectory_planned").first()
    assert client.get(reverse("dashboard:trajectory_plan", args=[planned.pk])).status_code == 200


def test_the_demo_people_are_fictional_and_cannot_be_reached(demo):
    candidates = Candidate.objects.filter(referrals__in=demo_referrals()).distinct()
    assert candidates.count() == len(queue.PEOPLE)
    assert all(candidate.email.endswith("@voorbeeld.invalid") for candidate in candidates)
    phones = [candidate.phone for candidate in candidates if candidate.phone]
    assert phones
    assert all(phone.startswith("06 00") for phone in phones)
    assert Candidate.objects.filter(email__in=[p.email for p in queue.PEOPLE]).count() == len(
        queue.PEOPLE
    )


def test_the_history_of_a_demo_request_reads_like_months_of_real_work(demo):
    now = timezone.now()
    referrals = demo_referrals().prefetch_related("history", "contact_moments")
    created = [referral.created_at for referral in referrals]
    assert max(created) - min(created) > datetime.timedelta(days=120)
    for referral in referrals:
        moments = [change.changed_at for change in referral.history.all()]
        moments += [contact.at for contact in referral.contact_moments.all()]
        assert all(referral.created_at <= moment < now for moment in moments), referral
        if referral.first_contact_at:
            assert referral.created_at < referral.first_contact_at < now
        if referral.closed_at:
            assert referral.created_at < referral.closed_at < now
    assert {
        channel
        for referral in referrals
        for channel in referral.contact_moments.values_list("channel", flat=True)
    } == {"phone", "email", "video", "meeting"}


def test_the_trajectories_carry_their_funding_and_follow_up(demo):
    trajectories = Trajectory.objects.filter(referral__in=demo_referrals())
    planned = trajectories.filter(status=Trajectory.Status.PLANNED)
    assert planned.count() >= 2
    for trajectory in planned:
        lines = list(trajectory.funding_lines.all())
        assert lines
        assert sum(line.amount for line in lines) + trajectory.own_contribution == trajectory.cost
        assert trajectory.offering.start_date > timezone.localdate()

    started = trajectories.get(status=Trajectory.Status.STARTED, referral__region__code="AM01")
    assert started.started_on == started.offering.start_date < timezone.localdate()
    answers = {check_in.months: check_in for check_in in started.check_ins.all()}
    assert answers[1].answer == CheckIn.Answer.GOING_WELL
    assert answers[3].sent_at is not None
    assert answers[3].answer == ""
    assert answers[6].due_on > timezone.localdate()

    completed = trajectories.filter(status=Trajectory.Status.COMPLETED)
    assert completed.exists()
    assert all(trajectory.referral.status == "completed" for trajectory in completed)


def test_the_request_referred_on_waits_at_the_desk_of_the_other_region(demo):
    referred_on = demo_referrals().filter(status=Referral.Status.REFERRED_ON)
    assert {referral.region.code for referral in referred_on} == {"AM01", "AM13"}
    for referral in referred_on:
        onward = referral.referred_to
        assert onward.region != referral.region
        assert onward.desk == referral.onward.to_desk
        assert onward.status == Referral.Status.NEW


def test_the_demo_sends_no_email_now_or_when_a_worker_starts(demo):
    keys = [f"referral:{pk}:" for pk in demo_referrals().values_list("pk", flat=True)]
    outbox = Notification.objects.values_list("idempotency_key", flat=True)
    assert not [key for key in outbox if any(key.startswith(prefix) for prefix in keys)]
    assert not CheckIn.objects.due().filter(trajectory__referral__in=demo_referrals()).exists()
    assert send_due_check_ins() == 0
    assert not Notification.objects.filter(recipient__endswith=queue.EMAIL_DOMAIN).exists()


def test_the_insights_page_has_numbers_for_the_regions_and_the_country(demo):
    client = signed_in("adviseur.groningen@goudenpoort.example")
    page = client.get(reverse("dashboard:insights")).content.decode()
    received = re.search(r"<dt>Aanmeldingen binnengekomen</dt>\s*<dd>(\d+)</dd>", page)
    assert received and int(received.group(1)) >= 15

    insights = region_insights(Region.objects.all(), since=None)
    groningen = insights.for_region(Region.objects.get(code="AM01"))
    assert groningen.contacted and groningen.trajectory and groningen.completed
    assert groningen.referred_on == 1
    assert groningen.waiting_too_long
    assert sum(1 for insight in insights.regions if insight.received) >= 6


@override_settings(RETENTION_MONTHS=1)
def test_the_retention_task_anonymises_old_closed_demo_requests_without_error(demo):
    anonymised = anonymise_expired_candidates()

    assert anonymised >= 1
    gone = Candidate.objects.filter(anonymised_at__isnull=False)
    assert gone.count() == anonymised
    assert not gone.exclude(email="").exists()


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


@pytest.mark.parametrize("place", ["groningen", "utrecht"])
def test_each_demo_coordinator_keeps_a_regional_scheme_with_a_budget(demo, place):
    client = signed_in(f"coordinator.{place}@goudenpoort.example")

    home = client.get("/dashboard/").content.decode()
    schemes = client.get("/dashboard/regelingen/")

    assert 'href="/dashboard/regelingen/"' in home
    assert "geen regionale regelingen" not in schemes.content.decode().lower()
    own = list(schemes.context["schemes"])
    assert own
    assert all(scheme.budget_total and scheme.budget_remaining is not None for scheme in own)


def test_the_demo_schemes_say_for_whom_they_are(demo):
    applicant = dict(Scheme.objects.values_list("name", "applicant"))

    for name in ["LLO-Katalysator", "NL Leert Door", "Nationaal Groeifonds", "ESF+"]:
        assert applicant[name] == Scheme.Applicant.INSTITUTION, name
    for name in ["SLIM-subsidie", "O&O-fonds Metaal en Techniek"]:
        assert applicant[name] == Scheme.Applicant.EMPLOYER, name
    for name in ["Kansen Verzilveren", "RMT-scholingsbudget", "Talentfonds Groningen"]:
        assert applicant[name] == Scheme.Applicant.INDIVIDUAL, name


def test_an_individual_in_groningen_is_not_told_that_money_for_schools_fits(demo, client):
    response = client.get("/regelingen/check/", {"situatie": "employed", "gemeente": "Groningen"})

    shown = {verdict.scheme.name for verdict in response.context["result"].verdicts}
    assert {"LLO-Katalysator", "NL Leert Door", "Nationaal Groeifonds"}.isdisjoint(shown)
    fits = {verdict.scheme.name for verdict in response.context["fits"]}
    assert "Talentfonds Groningen" in fits
    assert "SLIM-subsidie" not in fits


def test_initiatives_serve_the_regions_they_are_linked_to(demo):
    for initiative in Initiative.objects.prefetch_related("regions", "serves"):
        assert set(initiative.regions.all()) <= set(initiative.serves.all()), initiative.name
