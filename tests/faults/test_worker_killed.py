"""A Celery worker killed (SIGKILL) in the middle of a batch of e-mails: once it runs again,
every e-mail arrives within two minutes, with the project's default outbox settings, and
only the one the mail server had just accepted when the worker died can come twice, with
the same Message-ID (docs/outbox.md, "A worker killed in the middle of a batch")."""

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
# The claim of a row the killed worker was sending runs out, and the next sweep sends it.
CLAIM_RUNS_OUT = 75 + 30 + 30


def arrived(mail_server: MailServer, notifications: list[dict]) -> int:
    return sum(bool(mail_server.received(row["public_id"])) for row in notifications)


def test_a_batch_cut_short_by_a_killed_worker_arrives_within_two_minutes_of_its_restart(
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
    # The worker may have died after the mail server said "250" and before it wrote "sent":
    # SMTP cannot be asked whether a message arrived, so that row is sent again once its
    # claim runs out (the same Message-ID, which mail programs show once).
    wait_until(
        lambda: {row["status"] for row in notifications_of(site, referrals)} == {"sent"},
        CLAIM_RUNS_OUT,
        lambda: f"stored: {[row['status'] for row in notifications_of(site, referrals)]}",
    )
    time.sleep(DUPLICATE_WINDOW)

    assert 0 < before_the_kill < len(batch)
    copies = {row["public_id"]: mail_server.received(row["public_id"]) for row in batch}
    assert all(copies.values()), "no e-mail is lost"
    assert sum(len(received) - 1 for received in copies.values()) <= 1, (
        f"only the e-mail in flight at the kill may come twice: {each_once(mail_server, batch)}"
    )
    for row in batch:
        assert {message["To"] for message in copies[row["public_id"]]} == {row["recipient"]}
