"""A Celery worker killed (SIGKILL) in the middle of a batch of e-mails: once it runs again,
every e-mail arrives exactly once, within two minutes, with the project's default outbox
settings (docs/outbox.md, "A worker killed in the middle of a batch")."""

import time

from tests.faults.harness import MailServer, Site, wait_until
from tests.faults.people import (
    CONFIRMATION,
    all_arrived,
    each_once,
    notifications_of,
    referrals_of,
    send_intake,
    shown,
)

PEOPLE = 10  # each intake writes two e-mails: the desk's and the person's
WITHIN_AFTER_RESTART = 120
SLOW_MAIL_SERVER = 0.5  # seconds per message until the kill, so it lands while one is sent
DUPLICATE_WINDOW = 5


def arrived(mail_server: MailServer, notifications: list[dict]) -> int:
    return sum(bool(mail_server.received(row["public_id"])) for row in notifications)


def test_a_batch_cut_short_by_a_killed_worker_arrives_once_within_two_minutes_of_its_restart(
    site: Site, beat, run_worker, mail_server: MailServer, capsys
):
    people = [f"persoon{number}@example.nl" for number in range(PEOPLE)]
    pages = [send_intake(site.visitor(), email=email) for email in people]  # no worker yet
    for page in pages:
        assert CONFIRMATION in page.text, shown(page)
    referrals = [referral for email in people for referral in referrals_of(site, email)]
    batch = notifications_of(site, referrals)
    assert len(batch) == 2 * PEOPLE

    mail_server.sink.delay = SLOW_MAIL_SERVER
    try:
        worker = run_worker()
        wait_until(lambda: arrived(mail_server, batch) >= 5, 60, "the worker sent 5 e-mails")
        worker.kill()
    finally:
        mail_server.sink.delay = 0
    before_the_kill = arrived(mail_server, batch)
    restarted = time.monotonic()
    worker.start()
    wait_until(
        lambda: all_arrived(mail_server, batch),
        WITHIN_AFTER_RESTART,
        lambda: (
            f"after the restart: {each_once(mail_server, batch)}; stored: "
            f"{[(row['kind'], row['status']) for row in notifications_of(site, referrals)]}"
        ),
    )
    took = time.monotonic() - restarted
    with capsys.disabled():
        print(f"\nworker killed after {before_the_kill} of {len(batch)} e-mails; ", end="")
        print(f"all had arrived {took:.0f} s after its restart")
    time.sleep(DUPLICATE_WINDOW)

    assert 0 < before_the_kill < len(batch)
    assert each_once(mail_server, batch) == []
    assert {row["status"] for row in notifications_of(site, referrals)} == {"sent"}
