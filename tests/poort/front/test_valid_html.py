"""Every public page is valid HTML: the Nu Html Checker (the W3C's validator) reports no errors
on the pages as the site renders them, in every state a visitor sees (empty and with a search,
each intake step, a form with its errors, a person's status page).

The pages are rendered with the test client and checked in one run of the checker, which needs
Java and the `vnu-jar` of package.json: `make html-checker` installs both, `make check-html` runs
only this test, `make test` runs it with the rest. Without them this test is skipped.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.poort.front.test_intake_flow import ANSWERS
from tests.public_pages import PUBLIC_PAGES, create_public_page_content
from tests.regions.factories import SectorFactory
from tests.trajectories.factories import CourseFactory, ReferralFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
CHECKER = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not CHECKER.exists():
        pytest.skip(
            "The Nu Html Checker is not installed: `make html-checker` installs Java "
            "(default-jre-headless) and vnu-jar (npm ci)"
        )
    return [java, "-Xss2m", "-jar", str(CHECKER), "--errors-only", "--format", "json"]


def intake_pages(client: Client) -> dict[str, str]:
    """Each step of the intake, the first with the errors of an empty answer, and its end."""
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    first = client.get(reverse("orientation"))["Location"]
    pages = {"intake step 1 with errors": client.post(first, {"next": ""}).content.decode()}
    for step in range(1, 6):
        url = re.sub(r"/1/$", f"/{step}/", first)
        pages[f"intake step {step}"] = client.get(url).content.decode()
        answered = client.post(url, {**ANSWERS[step], "next": ""})
        assert answered.status_code == 302, f"intake step {step} was not accepted"
    pages["intake sent"] = client.get(answered["Location"]).content.decode()
    return pages


def rendered_pages() -> dict[str, str]:
    create_public_page_content()
    client = Client()
    pages = {}
    for page in PUBLIC_PAGES:
        response = client.get(page.path, follow=True)
        assert response.status_code == page.status, page.path
        pages[page.name] = response.content.decode()
    course = CourseFactory(title="Lassen voor beginners")
    referral = ReferralFactory()
    interest = reverse("course_interest", kwargs={"slug": course.slug})
    extra = {
        "catalogue with a search": "/opleidingen/?q=monteur",
        "catalogue without results": "/opleidingen/?q=zzzzqqq",
        "course page": reverse("course_detail", kwargs={"slug": course.slug}),
        "interest form": interest,
        "status page": reverse("referral_status", kwargs={"token": referral.token}),
        "sign-in": "/accounts/login/",
        "password reset": "/accounts/password/reset/",
    }
    for name, path in extra.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    pages["interest form with errors"] = client.post(interest, {}).content.decode()
    pages["sign-in with an error"] = client.post(
        "/accounts/login/", {"login": "nobody@example.nl", "password": "wrong password"}
    ).content.decode()
    pages |= intake_pages(Client())
    return pages


def test_every_public_page_is_valid_html(tmp_path):
    command = checker_command()
    files = {}
    for number, (name, html) in enumerate(rendered_pages().items()):
        file = tmp_path / f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', name)}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = name

    # One run for all pages: the JVM's start is most of the time.
    result = subprocess.run(
        [*command, *(str(tmp_path / file) for file in sorted(files))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}, "
        f"line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
        if message.get("type") == "error" or message.get("subType") == "fatal"
    ]
    assert errors == [], f"{len(errors)} errors on {len(files)} pages:\n" + "\n".join(errors)
    assert len(files) >= 25
