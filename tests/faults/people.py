"""What people do on the site in the fault tests, and what the site stores and sends for them."""

from email.message import EmailMessage

from tests.faults.harness import MailServer, Page, Site, Visitor

INTAKE = {
    1: {"situation": "employed", "occupation": "Magazijnmedewerker"},
    2: {"sectors": ["lassen"], "what_matters": ["short_course"]},
    3: {"municipality": "Den Haag", "municipality_code": ""},
    4: {"first_name": "Sanne", "last_name": "de Vries", "phone": "", "contact_preference": "email"},
    5: {"consent": "on", "website": ""},
}
CONFIRMATION = "Je vraag is verstuurd"  # the heading of the intake's confirmation page


def shown(page: Page) -> str:
    """A page in a failure message: what a person would have seen."""
    return f"{page.status} {page.url}\n{page.text[:1500]}"


def send_intake(visitor: Visitor, *, email: str) -> Page:
    """Walk /orienteren/ step by step as a person does; the last page they see.

    It stops at the first page that does not take them a step further.
    """
    page = visitor.get("/orienteren/")
    for step, answers in INTAKE.items():
        if page.status != 200 or not page.path.endswith(f"/{step}/"):
            return page
        answers = {**answers, "email": email} if step == 4 else answers
        page = visitor.post(page.url, {**answers, "next": ""})
    return page


def sign_up_for_course(visitor: Visitor, slug: str, *, email: str) -> Page:
    """ "Ik heb interesse" on a course page, from the form to the page after sending it."""
    form = visitor.get(f"/opleidingen/{slug}/interesse/")
    if form.status != 200:
        return form
    answers = {
        "first_name": "Daan",
        "last_name": "Jansen",
        "email": email,
        "municipality": "Enschede",
        "municipality_code": "",
        "consent": "on",
        "website": "",
    }
    return visitor.post(form.url, answers)


def referrals_of(site: Site, email: str) -> list[dict]:
    """The referrals stored for the person with this e-mail address."""
    return site.stored(
        "SELECT r.id, r.kind, r.status FROM trajectories_referral r"
        " JOIN trajectories_candidate c ON c.id = r.candidate_id WHERE c.email = %s ORDER BY r.id",
        email,
    )


def notifications_of(site: Site, referrals: list[dict]) -> list[dict]:
    """The outbox rows of these referrals: their e-mails, sent or waiting."""
    return [
        row
        for referral in referrals
        for row in site.stored(
            "SELECT kind, recipient, status, public_id, attempts FROM poort_notification"
            " WHERE idempotency_key LIKE %s ORDER BY id",
            f"referral:{referral['id']}:%",
        )
    ]


def each_once(mail_server: MailServer, notifications: list[dict]) -> list[str]:
    """What is wrong with the e-mails of these outbox rows: each must have arrived once, at
    the row's recipient. An empty list when all is well."""
    problems = []
    for row in notifications:
        received: list[EmailMessage] = mail_server.received(row["public_id"])
        if len(received) != 1:
            problems.append(f"{row['kind']} to {row['recipient']}: {len(received)} e-mails")
        elif received[0]["To"] != row["recipient"]:
            problems.append(f"{row['kind']} went to {received[0]['To']}, not {row['recipient']}")
    return problems


def all_arrived(mail_server: MailServer, notifications: list[dict]) -> bool:
    return all(mail_server.received(row["public_id"]) for row in notifications)
