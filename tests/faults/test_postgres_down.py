"""While PostgreSQL is down, the site says so in Dutch and asks to come back; once the database
is back, the same gunicorn serves again, with no restart.

The cluster is crashed (`pg_ctl stop -m immediate`), as when its machine dies, not shut down.
"""

import re

from tests.faults.harness import OwnPostgres, Page, Site, hidden_fields, wait_until
from tests.faults.people import shown

# Pages that show what is stored: they cannot be made without the database.
DATABASE_PAGES = ["/opleidingen/", "/regio/"]
# Pages that may be made without it (the home page, the intake's first step): they may answer
# as usual, or the same as the others, never with an error.
PAGES = ["/", "/orienteren/", *DATABASE_PAGES]
# templates/503.html in Dutch: "The website is briefly unavailable", and "It is not your fault".
DUTCH_HEADING = "<h1>De website werkt even niet</h1>"
DUTCH_SENTENCE = "Het ligt niet aan jou."


def assert_briefly_unavailable(page: Page) -> None:
    """What a person sees while the database is down: a Dutch page that asks them to come
    back, with status 503 and Retry-After for browsers, crawlers and load balancers."""
    assert page.status == 503, shown(page)
    assert re.fullmatch(r"[0-9]+", page.headers.get("Retry-After", "")), shown(page)
    assert '<html lang="nl">' in page.text, shown(page)
    assert DUTCH_HEADING in page.text, shown(page)
    assert DUTCH_SENTENCE in page.text, shown(page)


def test_public_pages_answer_503_in_dutch_with_retry_after_while_postgresql_is_down(
    site: Site, postgres_service: OwnPostgres
):
    visitor = site.visitor()

    with postgres_service.down():
        pages = {path: visitor.get(path) for path in PAGES}
        health = visitor.get("/healthz")

    for path, page in pages.items():
        if path in DATABASE_PAGES or page.status != 200:
            assert_briefly_unavailable(page)
    assert health.status == 503, shown(health)


def test_an_intake_step_sent_while_postgresql_is_down_comes_back_to_be_sent_again(
    site: Site, postgres_service: OwnPostgres
):
    visitor = site.visitor()
    step_1 = visitor.get("/orienteren/")  # the intake's session is stored before the crash
    answers = {"situation": "employed", "occupation": "Lasser in opleiding", "next": ""}

    with postgres_service.down():
        refused = visitor.post(step_1.url, answers)

    assert_briefly_unavailable(refused)
    kept = hidden_fields(refused)
    assert ("occupation", "Lasser in opleiding") in kept, shown(refused)
    action = re.search(r'<form method="post" action="([^"]+)"', refused.text)
    assert action, shown(refused)
    sent_again = visitor.post(action[1], kept)  # "Send again", once the database is back
    assert sent_again.status == 200, shown(sent_again)
    assert sent_again.path.endswith("/2/"), shown(sent_again)


def test_the_same_gunicorn_serves_again_once_postgresql_is_back(
    site: Site, postgres_service: OwnPostgres
):
    visitor = site.visitor()
    gunicorn = site.gunicorn.processes()
    with postgres_service.down():
        during = {path: visitor.get(path).status for path in DATABASE_PAGES}

    wait_until(lambda: site.health() == 200, 15, "/healthz did not answer 200 again")
    after = {path: visitor.get(path) for path in PAGES}

    assert set(during.values()) == {503}, during
    for page in after.values():
        assert page.status == 200, shown(page)
    assert site.gunicorn.processes() == gunicorn, "gunicorn or its workers were restarted"
