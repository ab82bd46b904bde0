"""While Redis is down, an intake and a course sign-up are confirmed and stored at once; when
Redis is back, the sweep sends each of their e-mails once.

Both are sent during one outage (the `outage` fixture), so the tests wait for the sweep once.
The sweep runs every 3 s and takes rows after 10 s here, instead of every 30 s after 60 s:
test_worker_killed.py measures the project's default timing.
"""

import time
from dataclasses import dataclass

import pytest

from tests.faults.harness import MailServer, OwnRedis, Page, Site, wait_until
from tests.faults.people import (
    CONFIRMATION,
    all_arrived,
    each_once,
    notifications_of,
    referrals_of,
    send_intake,
    shown,
    sign_up_for_course,
)

SWEEP_AFTER, SWEEP_EVERY = 10, 3
# A row waits SWEEP_AFTER, then the next sweep sends it; the worker may need up to 30 s to
# find Redis again.
SWEEP_TIME = SWEEP_AFTER + SWEEP_EVERY + 30
DUPLICATE_WINDOW = 2 * SWEEP_EVERY  # two more sweeps: a row sent twice would show by then


@pytest.fixture(scope="module")
def outbox_settings() -> dict[str, str]:
    return {"OUTBOX_SWEEP_AFTER": str(SWEEP_AFTER), "OUTBOX_SWEEP_EVERY": str(SWEEP_EVERY)}


@dataclass
class SignUp:
    """What one person saw at the end, and what was stored for them while Redis was down."""

    email: str
    page: Page
    referrals: list[dict]
    notifications: list[dict]

    def emails(self, mail_server: MailServer) -> list:
        return [message for message in mail_server.messages if message["To"] == self.email]


@dataclass
class Outage:
    intake: SignUp
    interest: SignUp
    redis_back_at: float


def stored(site: Site, email: str, page: Page) -> SignUp:
    referrals = referrals_of(site, email)
    return SignUp(email, page, referrals, notifications_of(site, referrals))


@pytest.fixture(scope="module")
def outage(site: Site, redis_service: OwnRedis, beat, run_worker, course: dict) -> Outage:
    """Sanne sends the orientation intake and Daan signs up for a welding course, with Redis
    stopped; then Redis starts again."""
    run_worker()
    sanne, daan = "sanne.intake@example.nl", "daan.interesse@example.nl"
    with redis_service.down():
        intake = send_intake(site.visitor(), email=sanne)
        interest = sign_up_for_course(site.visitor(), course["slug"], email=daan)
        stored_while_down = stored(site, sanne, intake), stored(site, daan, interest)
    return Outage(*stored_while_down, redis_back_at=time.monotonic())


def assert_each_email_arrives_once(mail_server: MailServer, sign_up: SignUp, since: float):
    assert sign_up.notifications, "no e-mails were stored"
    wait_until(
        lambda: all_arrived(mail_server, sign_up.notifications),
        since + SWEEP_TIME - time.monotonic(),
        lambda: f"after Redis came back: {each_once(mail_server, sign_up.notifications)}",
    )
    time.sleep(DUPLICATE_WINDOW)
    assert each_once(mail_server, sign_up.notifications) == []
    assert len(sign_up.emails(mail_server)) == 1, "the person got one e-mail"


def test_an_intake_sent_while_redis_is_down_is_confirmed_and_stored_with_its_emails(
    outage: Outage,
):
    intake = outage.intake

    assert intake.page.status == 200, shown(intake.page)
    assert CONFIRMATION in intake.page.text, shown(intake.page)
    assert [referral["kind"] for referral in intake.referrals] == ["intake"]
    assert sorted((row["kind"], row["status"]) for row in intake.notifications) == [
        ("referral_confirmation", "pending"),
        ("referral_new", "pending"),
    ]


def test_the_intakes_emails_reach_the_desk_and_the_person_once_when_redis_is_back(
    outage: Outage, mail_server: MailServer
):
    assert_each_email_arrives_once(mail_server, outage.intake, since=outage.redis_back_at)


def test_a_course_sign_up_while_redis_is_down_is_confirmed_and_stored_with_its_emails(
    outage: Outage, course: dict
):
    interest = outage.interest

    assert interest.page.status == 200, shown(interest.page)
    assert CONFIRMATION in interest.page.text, shown(interest.page)
    assert [referral["kind"] for referral in interest.referrals] == ["interest"]
    assert sorted((row["kind"], row["status"]) for row in interest.notifications) == [
        ("interest_provider", "pending"),
        ("referral_confirmation", "pending"),
        ("referral_new", "pending"),
    ]
    provider = next(row for row in interest.notifications if row["kind"] == "interest_provider")
    assert provider["recipient"] == course["intake_email"]


def test_the_sign_ups_emails_reach_desk_person_and_provider_once_when_redis_is_back(
    outage: Outage, mail_server: MailServer
):
    assert_each_email_arrives_once(mail_server, outage.interest, since=outage.redis_back_at)
