"""The people of `bench/load.py`, for locust: visitors, people who send the intake, and advisers.

Started by bench/load.py, which passes what they need in the environment: LOAD_DATA (a JSON
file with courses, municipalities, filter values and the advisers' logins) and LOAD_RESULTS
(where every request is written, with its phase, when the test stops). LOAD_MODE "phases" runs
the two phases (LOAD_STEADY_USERS for LOAD_STEADY_SECONDS, then LOAD_SPIKE_USERS for
LOAD_SPIKE_SECONDS); LOAD_MODE "hammer" has 8 users ask LOAD_HAMMER_PATH without waiting (the
yardstick when wrk is missing).

Every person waits 1-3 s between clicks. A visitor starts without cookies on the home page,
like someone who arrives from a search engine. The advisers sign in once, with password and the
code of their authenticator app (TOTP, RFC 6238, as allauth.mfa checks it), and then work the
queue. The cookie jar sends the site's Secure cookies (DEBUG=0) over loopback HTTP, as a browser
does for 127.0.0.1.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, LoadTestShape, between, constant, events, task

DATA = json.loads(Path(os.environ["LOAD_DATA"]).read_text()) if os.environ.get("LOAD_DATA") else {}
MODE = os.environ.get("LOAD_MODE", "phases")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HTMX = {"HX-Request": "true"}
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERRAL_LINK = re.compile(r'href="/dashboard/aanmeldingen/(\d+)/"')

# Every request: [start time, name, milliseconds, HTTP status (0: no answer), failed].
requests: list[list] = []
# The phases as they ran: name, users, start and end (epoch seconds).
phases: list[dict] = []


@events.request.add_listener
def record(name, response_time, response, exception, start_time=None, **kwargs) -> None:
    status = getattr(response, "status_code", 0) or 0
    started = start_time or time.time() - response_time / 1000
    requests.append([started, name, response_time, status, exception is not None])


def end_phase() -> None:
    if phases and "end" not in phases[-1]:
        phases[-1] |= {
            "end": time.time(),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        }


@events.test_stop.add_listener
def write_results(**kwargs) -> None:
    end_phase()
    if os.environ.get("LOAD_RESULTS"):
        with open(os.environ["LOAD_RESULTS"], "w") as results:
            json.dump({"phases": phases, "requests": requests}, results)


def totp_code(secret: str, periods_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows for this secret (30-second periods, SHA-1)."""
    counter = int(time.time()) // 30 + periods_ahead
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def csrf_token(html: str) -> str:
    found = CSRF_TOKEN.search(html)
    return found.group(1) if found else ""


class Person(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        # The site sets its cookies Secure (DEBUG=0); a browser sends them to 127.0.0.1 over
        # HTTP, and so does this cookie jar.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))

    def page(self, path: str, name: str, **kwargs):
        return self.client.get(path, name=name, **kwargs)

    def send(self, path: str, fields: dict, name: str):
        """A form POST, its redirect not followed (the next page is its own request)."""
        body = urlencode(fields, doseq=True)
        return self.client.post(path, data=body, headers=FORM, name=name, allow_redirects=False)

    def new_visit(self) -> None:
        self.client.cookiejar.clear()


class Visitor(Person):
    """Arrives on the home page, searches and filters the catalogue, opens courses, and now and
    then checks which funding fits."""

    weight = 10

    @task
    def visit(self) -> None:
        self.new_visit()
        self.page("/", "home")
        roll = random.random()
        if roll < 0.1:
            return  # looked and left
        self.wait()
        if roll < 0.3:
            self.funding_check(course=None)
            self.wait()
            self.course_page(random.choice(DATA["courses"]))
            return
        self.page(
            f"/opleidingen/?{urlencode({'q': random.choice(DATA['words'])})}", "catalogue search"
        )
        self.wait()
        if random.random() < 0.6:
            self.catalogue_filters()
            self.wait()
        course = random.choice(DATA["courses"])
        self.course_page(course)
        if random.random() < 0.3:
            self.wait()
            self.funding_check(course=course)

    def catalogue_filters(self) -> None:
        filters = DATA["catalogue_filters"]
        chosen = random.sample(sorted(filters), k=random.randint(1, 3))
        query = {name: random.choice(filters[name]) for name in chosen}
        if random.random() < 0.5:
            query["q"] = random.choice(DATA["words"])
        # The filters update the results in place with htmx, as in a browser with JavaScript.
        headers = HTMX if random.random() < 0.7 else None
        self.page(f"/opleidingen/?{urlencode(query)}", "catalogue filters", headers=headers)

    def course_page(self, course: dict) -> None:
        self.page(f"/opleidingen/{course['slug']}/", "course page")

    def funding_check(self, course: dict | None) -> None:
        place = random.choice(DATA["municipalities"])
        query = {"situatie": random.choice(DATA["situations"]), "gemeente": place["name"]}
        if course:
            query["opleiding"] = course["title"]
        self.page(f"/regelingen/check/?{urlencode(query)}", "funding check")


class IntakeVisitor(Person):
    """Comes by the home page and sends the orientation intake: five steps, then a referral."""

    weight = 2

    @task
    def send_the_intake(self) -> None:
        self.new_visit()
        self.page("/", "home")
        self.wait()
        start = self.page("/orienteren/", "intake: start", allow_redirects=False)
        step_one = urlsplit(start.headers.get("Location", "")).path
        if not step_one.endswith("/1/"):
            return
        place = random.choice(DATA["municipalities"])
        preference = random.choice(DATA["contact_preferences"])
        answers = {
            1: {"situation": random.choice(DATA["situations"]), "occupation": ""},
            2: {"sectors": random.sample(DATA["sectors"], k=random.randint(0, 2))},
            3: {"municipality": place["name"], "municipality_code": place["code"]},
            4: {
                "first_name": "Sanne",
                "last_name": "de Vries",
                "email": f"load-{random.getrandbits(48):x}@example.nl",
                "phone": "06 12345678",
                "contact_preference": preference,
            },
            5: {"consent": "on", "website": ""},
        }
        for step in range(1, 6):
            path = step_one.replace("/1/", f"/{step}/")
            token = csrf_token(self.page(path, "intake: step page").text)
            self.wait()
            name = "intake: send (step 5)" if step == 5 else "intake: answer (steps 1-4)"
            fields = {**answers[step], "next": "", "csrfmiddlewaretoken": token}
            with self.client.post(
                path,
                data=urlencode(fields, doseq=True),
                headers=FORM,
                name=name,
                allow_redirects=False,
                catch_response=True,
            ) as sent:
                if sent.status_code != 302:
                    sent.failure(f"step {step} was not accepted ({sent.status_code})")
                    return
        self.page(step_one.replace("/1/", "/klaar/"), "intake: done page")


ADVISERS = itertools.cycle(DATA.get("advisers", []))


class Adviser(Person):
    """Signs in with password and app code, then works the queue: the list, a filter of it
    (htmx), and the referrals in it."""

    fixed_count = 2

    def on_start(self) -> None:
        super().on_start()
        self.referrals: list[str] = []
        self.sign_in(next(ADVISERS))

    def sign_in(self, adviser: dict) -> None:
        token = csrf_token(self.page("/accounts/login/", "sign-in: page").text)
        login = {"login": adviser["email"], "password": adviser["password"]}
        self.send("/accounts/login/", {**login, "csrfmiddlewaretoken": token}, "sign-in: password")
        token = csrf_token(self.page("/accounts/2fa/authenticate/", "sign-in: code page").text)
        # A code works once: when another sign-in used this period's code, the next one works.
        for periods_ahead in (0, 1):
            code = totp_code(adviser["totp_secret"], periods_ahead)
            sent = self.send(
                "/accounts/2fa/authenticate/",
                {"code": code, "csrfmiddlewaretoken": token},
                "sign-in: code",
            )
            if sent.status_code == 302:
                return

    @task(3)
    def queue(self) -> None:
        html = self.page("/dashboard/", "dashboard").text
        self.referrals = REFERRAL_LINK.findall(html) or self.referrals

    @task(2)
    def filter_the_queue(self) -> None:
        query = urlencode(random.choice(DATA["queue_filters"]))
        self.page(f"/dashboard/?{query}", "dashboard: filter (htmx)", headers=HTMX)

    @task(4)
    def referral(self) -> None:
        if not self.referrals:
            self.queue()
            return
        pk = random.choice(self.referrals)
        self.page(f"/dashboard/aanmeldingen/{pk}/", "referral page")


class Hammer(FastHttpUser):
    """The yardstick without wrk: one URL, asked again as soon as it answers."""

    wait_time = constant(0)

    @task
    def ask(self) -> None:
        self.client.get(os.environ.get("LOAD_HAMMER_PATH", "/"), name="hammer")


if MODE == "phases":

    class Phases(LoadTestShape):
        """LOAD_STEADY_USERS for LOAD_STEADY_SECONDS, then LOAD_SPIKE_USERS at once."""

        stages = [
            ("steady", int(os.environ.get("LOAD_STEADY_USERS", 20)), "LOAD_STEADY_SECONDS"),
            ("spike", int(os.environ.get("LOAD_SPIKE_USERS", 100)), "LOAD_SPIKE_SECONDS"),
        ]

        def tick(self):
            run_time, ends = self.get_run_time(), 0.0
            for name, users, seconds in self.stages:
                ends += float(os.environ.get(seconds, 60))
                if run_time < ends:
                    if not phases or phases[-1]["name"] != name:
                        end_phase()
                        phases.append({"name": name, "users": users, "start": time.time()})
                    return users, users
            return None
