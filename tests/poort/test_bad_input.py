"""Bad input never gives a server error (issue 11): control characters, very long values, odd
Unicode and broken percent-encodings in the address, the query string, the form fields and the
headers answer 400, 404 or a form error next to the field.

Three sweeps, each with generated values (hypothesis):

1. every URL pattern of the URL conf, its path arguments and query string generated, for an
   anonymous visitor, an adviser and a coordinator of a region, and an editor;
2. every form of the site and the dashboard, with generated values in its fields: a refused
   value is shown on the page (an element with role="alert"), or answered with 400;
3. control characters and odd text in header values, and a forwarded address that is none.

Besides the generated values, every path argument, query parameter and form field also gets
each value of ALWAYS_TRIED (a NUL, "²", 5000 digits, ...), so what once broke is always tried.

The data (a region's referrals in each stage, a course, a scheme, signed-in sessions) is made
once for the module, inside a transaction that is rolled back at its end; each test runs in a
savepoint of it, and each request in one more, so a database error cannot spoil the next.
"""

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, quote_plus, urlencode

import pytest
from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ReauthenticateForm,
    ResetPasswordForm,
)
from allauth.mfa.base.forms import ReauthenticateForm as ReauthenticateWithCodeForm
from django.conf import settings
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.db import transaction
from django.forms import CharField, Form
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from funding.forms import SchemeBudgetForm, SchemeFilterForm
from funding.models import Scheme
from poort.front.forms import STEP_FORMS, InterestForm
from poort.front.funding_forms import FundingCheckForm
from poort.middleware import HEADER_CONTROL_CHARACTERS
from regions.forms import (
    AdviserAddForm,
    AdviserRemoveForm,
    DeskForm,
    InitiativeLinkForm,
    RegionForm,
)
from regions.models import Membership, Municipality
from tests.bad_bytes import expected_status
from tests.funding.factories import SchemeFactory
from tests.poort.factories import PASSWORD, EditorFactory, UserFactory
from tests.poort.front.test_intake_hypothesis import VALID as VALID_INTAKE_STEPS
from tests.poort.front.test_intake_hypothesis import url_of_step
from tests.public_pages import restore_region_facts
from tests.regions.factories import (
    DeskFactory,
    InitiativeFactory,
    SectorFactory,
    active_desk,
    region,
)
from tests.trajectories.factories import (
    OfferingFactory,
    ReferralFactory,
    TrajectoryFactory,
)
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff
from trajectories.catalogue.forms import CatalogueForm
from trajectories.dashboard_forms import ContactForm, QueueFilterForm, ReferOnForm, StatusForm
from trajectories.models import CheckIn, Referral, Trajectory
from trajectories.trajectory_forms import (
    CheckInAnswerForm,
    CourseSearchForm,
    EndForm,
    PlanForm,
    StartForm,
)
from trajectories.views.audit import AuditFilterForm
from trajectories.views.insights import InsightsForm

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sweep(max_examples: int) -> hypothesis_settings:
    return hypothesis_settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Generated values ------------------------------------------------------------------------

CONTROL_CHARACTERS = [chr(code) for code in range(0x20)] + ["\x7f"]
ODD_CHARACTERS = [
    "\u0301",  # combining acute accent
    "e\u0301\u0336",  # stacked combining marks
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u2028",  # line separator
    "\x85",  # next line (C1)
    "\x9f",  # C1 control
    "\xa0",  # no-break space
    "\ufdd0",  # non-character
    "\ufffe",  # non-character
    "\uffff",  # non-character
    "\U0001fffe",  # non-character
    "\U0010ffff",  # last code point, a non-character
    "\ufffd",  # replacement character
    "😀",
    "👩\u200d💻",  # emoji joined by a zero-width joiner
    "🇳🇱",
    "İ",  # lower-cases to two code points
    "ß",
    "ﬁ",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    "𝟗",  # mathematical digit nine
    "²①",  # digits to str.isdigit(), not to int()
]
LONG = 10_000
# Tried in every field and query parameter, besides the generated values: a NUL, digits that
# int() refuses, more digits than int() converts, text only a Unicode reader could love.
ALWAYS_TRIED = ["abc\x00", "²", "7" * 5000, "\u202e😀\ufffe\u200d", "a" * LONG]

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
with_control = st.builds(
    lambda before, controls, after: before + controls + after,
    any_text,
    # NUL, which PostgreSQL refuses in any text, more often than the others.
    st.text(
        alphabet=st.one_of(st.just("\x00"), st.sampled_from(CONTROL_CHARACTERS)),
        min_size=1,
        max_size=3,
    ),
    any_text,
)
odd_unicode = st.lists(
    st.one_of(st.sampled_from(ODD_CHARACTERS), st.characters(exclude_categories=("Cs",))),
    min_size=1,
    max_size=12,
).map("".join)
very_long = st.sampled_from(["a", "7", "é", "😀", "\u200d", "\x00", "%"]).map(
    lambda character: character * LONG
)
bad_text = st.one_of(with_control, odd_unicode, very_long, any_text)

# Already encoded, sent as they are: any bytes (also invalid UTF-8) and broken escapes.
percent_encoded = st.binary(min_size=1, max_size=12).map(
    lambda raw: "".join(f"%{byte:02X}" for byte in raw)
)
broken_escapes = st.sampled_from(
    [
        "%",
        "%%",
        "%zz",
        "%2",
        "%C0%80",
        "%ED%A0%80",
        "%F4%90%80%80",
        "%FF%FE",
        "%2F",
        "%5C",
        "%2e%2e",
    ]
)
encoded_segment = st.one_of(
    bad_text.map(lambda text: quote(text, safe="")), percent_encoded, broken_escapes
)
encoded_query_value = st.one_of(bad_text.map(quote_plus), percent_encoded, broken_escapes)


# The data of the module ------------------------------------------------------------------


@dataclass
class World:
    """One region (Groningen, AM01) with a referral in each stage, and who works there."""

    new: Referral  # contact, status, assign, refer on
    advising: Referral  # a trajectory plan
    planned: Referral  # its trajectory can start
    running: Referral  # its trajectory has started; a check-in went out
    check_in: CheckIn
    scheme: Scheme
    initiative_elsewhere: object  # not linked to the region yet
    colleague: object  # an account that may become an adviser here
    sessions: dict[str, str] = field(default_factory=dict)

    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """The role's client, signed in through the session made for the module, without the
        cookies an earlier test left. One client per role: each new one loads the middleware
        again, and WhiteNoise then reads every static file's name."""
        client = self.clients.setdefault(role, Client())
        client.cookies = SimpleCookie()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def path_values(self) -> dict[str, list[str]]:
        """Values that exist, per name of a path argument, so that the query strings also
        reach the views behind a real object."""
        course = self.advising.course
        return {
            "token": [self.new.token, self.check_in.token],
            "pk": [str(self.new.pk), str(self.running.pk)],
            "step": ["1", "3", "5"],
            "key": ["abcdefgh12"],
            "slug": [course.slug, "groningen", self.initiative_elsewhere.slug, self.scheme.slug],
            "scheme": [self.scheme.slug],
            "object_id": [str(self.new.pk), str(self.new.candidate.pk)],
            "content_type_id": ["1"],
            "app_label": ["trajectories", "regions"],
            "id": [str(self.colleague.pk)],
            "uidb36": ["1"],
            "url": ["bestaat-niet/"],
        }


def session_of(user) -> str:
    client = past_second_factor(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def build_world() -> World:
    restore_region_facts()
    groningen = region("AM01")
    active_desk(groningen)
    DeskFactory(national=True)
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    DeskFactory(region=Municipality.objects.get(code="GM0153").region)  # the intake's Enschede
    advising = ReferralFactory(interest=True, status=Referral.Status.ADVISING)
    OfferingFactory(course=advising.course)
    planned = TrajectoryFactory().referral
    running = TrajectoryFactory(
        status=Trajectory.Status.STARTED, referral__status=Referral.Status.IN_TRAJECTORY
    )
    check_in = CheckIn.objects.create(
        trajectory=running,
        months=1,
        due_on=timezone.localdate(),
        sent_at=timezone.now(),
    )
    InitiativeFactory(regions=[groningen])
    coordinator = staff(Membership.Role.COORDINATOR)
    adviser = staff(Membership.Role.ADVISER)
    world = World(
        new=ReferralFactory(),
        advising=advising,
        planned=planned,
        running=running.referral,
        check_in=check_in,
        scheme=SchemeFactory(level=Scheme.Level.REGIONAL, regions=[groningen]),
        initiative_elsewhere=InitiativeFactory(regions=[region("AM10")]),
        colleague=UserFactory(),
    )
    world.sessions = {
        "adviser": session_of(adviser),
        "coordinator": session_of(coordinator),
        "editor": session_of(EditorFactory()),
    }
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            made = build_world()
        yield made
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _no_rate_limit_on_the_intake(settings):
    settings.INTAKE_RATE_LIMIT = "10000/h"


@contextmanager
def example_undone():
    """Each example starts from the module's data: what it changed is rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def shortened(value: object) -> str:
    text = repr(value)
    return text if len(text) < 300 else f"{text[:300]}... ({len(text)} characters)"


def send(client: Client, method: str, path: str, data=None, **extra):
    """One request in a savepoint of its own; a server error fails with what was sent."""
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(path, data or {}, **extra)
            if isinstance(response, StreamingHttpResponse):
                b"".join(response.streaming_content)
    except Exception as error:
        raise AssertionError(f"{method} {shortened(path)} {shortened(data)}: {error!r}") from error
    assert response.status_code < 500, f"{method} {shortened(path)}: {response.status_code}"
    return response


# 1. Every URL pattern ----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


def every_route() -> list[str]:
    """Every URL pattern of the URL conf, as a path with its arguments as <name>."""
    patterns = extract_views_from_urlpatterns(get_resolver().url_patterns)
    return sorted({simplify_regex(pattern) for _view, pattern, _namespace, _name in patterns})


ROUTES = every_route()

# Query parameters that forms or views read; generated names come on top.
QUERY_NAMES = sorted(
    {
        *CatalogueForm.base_fields,
        *SchemeFilterForm.base_fields,
        *FundingCheckForm.base_fields,
        *QueueFilterForm.base_fields,
        *AuditFilterForm.base_fields,
        *InsightsForm.base_fields,
        *CourseSearchForm.base_fields,
        *("page", "antwoord", "municipality", "municipality_code", "next", "language"),
        *("o", "p", "e", "all", "_changelist_filters", "_popup", "_to_field", "term"),
        *("app_label", "model_name", "field_name"),
    }
)

query_strings = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(QUERY_NAMES), bad_text.map(quote_plus)),
        st.one_of(encoded_query_value, st.sampled_from(["", "1", "AM01", "groningen"])),
    ),
    max_size=4,
).map(lambda pairs: "&".join(f"{name}={value}" for name, value in pairs))


def path_arguments(route: str, known: dict[str, list[str]]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            name: st.one_of(encoded_segment, st.sampled_from(known.get(name, ["1"])))
            for name in PLACEHOLDER.findall(route)
        }
    )


def filled(route: str, arguments: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: arguments[match.group(1)], route)


def test_the_sweep_reaches_every_kind_of_page():
    assert len(ROUTES) > 150
    assert {"/aanvraag/<str:token>/", "/dashboard/export.csv", "/beheer/"} <= set(ROUTES)


def is_the_admin(route: str) -> bool:
    """The admin's 150 patterns are Django's own: fewer values each, to keep the time."""
    return route.startswith("/beheer/")


def roles_for(route: str) -> tuple[str, ...]:
    """Who asks: anyone and staff of a region; the dashboard and the admin also an editor."""
    if route.startswith("/dashboard/"):
        return ("anonymous", "adviser", "coordinator", "editor")
    if is_the_admin(route):
        return ("anonymous", "coordinator", "editor")
    return ("anonymous", "adviser")


@pytest.mark.parametrize("route", ROUTES)
def test_no_address_and_no_query_string_gives_a_server_error(world, route):
    roles = roles_for(route)
    known = world.path_values()

    @sweep(max_examples=1 if is_the_admin(route) else 4 if PLACEHOLDER.search(route) else 2)
    @given(arguments=path_arguments(route, known), query=query_strings)
    def check(arguments, query):
        path = filled(route, arguments) + (f"?{query}" if query else "")
        with example_undone():
            for role in roles:
                for method in ("GET", "POST"):
                    send(world.client(role), method, path)

    for arguments, query in always_tried_addresses(route, known):
        check = example(arguments=arguments, query=query)(check)
    check()


def always_tried_addresses(route: str, known: dict[str, list[str]]) -> list[tuple[dict, str]]:
    """Each value of ALWAYS_TRIED once in every path argument, and once in every query
    parameter of an address that exists."""
    names = PLACEHOLDER.findall(route)
    existing = {name: known.get(name, ["1"])[0] for name in names}
    values = ALWAYS_TRIED[:2] if is_the_admin(route) else ALWAYS_TRIED
    in_the_path = [({name: quote(value, safe="") for name in names}, "") for value in values]
    # A query string of 40 values of 10 000 characters tells nothing new.
    in_the_query = [(existing, urlencode(dict.fromkeys(QUERY_NAMES, value))) for value in values]
    return (in_the_path if names else []) + [
        (arguments, query) for arguments, query in in_the_query if len(query) < 300_000
    ]


# 2. Every form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormPage:
    """A form of the site: where it is sent, who sends it, its forms and a valid answer.

    `more` names the fields the view reads besides those of its forms; `honeypot` is a field
    that takes any text on purpose."""

    name: str
    role: str
    url: Callable[[World, Client], str]
    forms: tuple[type[Form], ...]
    valid: Callable[[World], dict] = lambda world: {}
    method: str = "POST"
    more: tuple[str, ...] = ()
    honeypot: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        names = [name for form in self.forms for name in form.base_fields]
        return tuple(dict.fromkeys([*names, *self.more]))

    @property
    def text_fields(self) -> set[str]:
        """The fields whose form refuses a NUL: Django's CharField (e-mail and URL too)."""
        return {
            name
            for form in self.forms
            for name, form_field in form.base_fields.items()
            if isinstance(form_field, CharField) and name != self.honeypot
        }


def referral_url(stage: str, action: str) -> Callable[[World, Client], str]:
    return lambda world, client: f"/dashboard/aanmeldingen/{getattr(world, stage).pk}/{action}"


def intake_step(step: int) -> FormPage:
    return FormPage(
        f"intake step {step}",
        "anonymous",
        lambda world, client: url_of_step(client, step),
        (STEP_FORMS[step],),
        lambda world: {**VALID_INTAKE_STEPS[step], "next": ""},
        more=("next", "previous"),
        honeypot="website",
    )


def desk_as_posted(world: World) -> dict:
    desk = active_desk(region("AM01"))
    return {name: getattr(desk, name) for name in DeskForm.base_fields}


GRONINGEN = "/dashboard/regio/groningen/"
INTEREST = {
    "first_name": "Sanne",
    "email": "sanne@example.nl",
    "municipality": "Enschede",
    "consent": "on",
}

FORM_PAGES = [
    # The public site.
    *(intake_step(step) for step in STEP_FORMS),
    FormPage(
        "intake municipality typeahead",
        "anonymous",
        lambda world, client: "/orienteren/gemeenten/",
        (),
        method="GET",
        more=("municipality", "q", "municipality_code"),
        headers={"HX-Request": "true"},
    ),
    FormPage(
        "interest in a course",
        "anonymous",
        lambda world, client: f"/opleidingen/{world.advising.course.slug}/interesse/",
        (InterestForm,),
        lambda world: INTEREST,
        honeypot="website",
    ),
    FormPage(
        "catalogue filters",
        "anonymous",
        lambda world, client: "/opleidingen/",
        (CatalogueForm,),
        method="GET",
        more=("page",),
    ),
    FormPage(
        "scheme filters",
        "anonymous",
        lambda world, client: "/regelingen/",
        (SchemeFilterForm,),
        method="GET",
    ),
    FormPage(
        "funding check",
        "anonymous",
        lambda world, client: "/regelingen/check/",
        (FundingCheckForm,),
        lambda world: {"situatie": "employed", "gemeente": "Groningen"},
        method="GET",
    ),
    FormPage(
        "withdraw a request",
        "anonymous",
        lambda world, client: f"/aanvraag/{world.new.token}/intrekken/",
        (),
        more=("confirm",),
    ),
    FormPage(
        "erase a request",
        "anonymous",
        lambda world, client: f"/aanvraag/{world.new.token}/verwijderen/",
        (),
        more=("confirm",),
    ),
    FormPage(
        "check-in answer",
        "anonymous",
        lambda world, client: f"/hoe-gaat-het/{world.check_in.token}/",
        (CheckInAnswerForm,),
        lambda world: {"answer": "going_well", "note": "Het gaat goed."},
    ),
    FormPage(
        "language switch",
        "anonymous",
        lambda world, client: "/i18n/setlang/",
        (),
        lambda world: {"language": "en", "next": "/opleidingen/"},
        more=("language", "next"),
    ),
    FormPage(
        "sign-in",
        "anonymous",
        lambda world, client: "/accounts/login/",
        (LoginForm,),
        lambda world: {"login": world.colleague.email, "password": PASSWORD},
        more=("login",),
    ),
    FormPage(
        "password reset",
        "anonymous",
        lambda world, client: "/accounts/password/reset/",
        (ResetPasswordForm,),
        lambda world: {"email": world.colleague.email},
    ),
    # The adviser's dashboard.
    FormPage(
        "queue filters",
        "adviser",
        lambda world, client: "/dashboard/",
        (QueueFilterForm,),
        method="GET",
        more=("page",),
    ),
    FormPage(
        "contact moment",
        "adviser",
        referral_url("new", "contact/"),
        (ContactForm,),
        lambda world: {"channel": "phone", "note": "Gebeld."},
    ),
    FormPage(
        "status change",
        "adviser",
        referral_url("new", "status/"),
        (StatusForm,),
        lambda world: {"status": "contacted", "note": ""},
    ),
    FormPage(
        "refer on",
        "adviser",
        referral_url("new", "doorverwijzen/"),
        (ReferOnForm,),
        lambda world: {
            "to_provider": world.advising.course.provider_id,
            "reason_code": "provider_signs_up",
            "reason": "Verhuisd.",
        },
    ),
    FormPage(
        "trajectory plan: course search",
        "adviser",
        referral_url("advising", "traject/"),
        (CourseSearchForm,),
        method="GET",
    ),
    FormPage(
        "trajectory plan",
        "adviser",
        lambda world, client: (
            f"/dashboard/aanmeldingen/{world.advising.pk}/traject/"
            f"?opleiding={world.advising.course_id}"
        ),
        (PlanForm,),
        lambda world: {
            "offering": world.advising.offering_id,
            "situation": "employed",
            "agreements": "Start in september.",
        },
    ),
    FormPage(
        "trajectory start",
        "adviser",
        referral_url("planned", "traject/start/"),
        (StartForm,),
    ),
    FormPage(
        "trajectory end",
        "adviser",
        referral_url("running", "traject/einde/"),
        (EndForm,),
        lambda world: {"outcome": "completed", "note": ""},
    ),
    FormPage(
        "confirm access with the password",
        "adviser",
        lambda world, client: "/accounts/reauthenticate/",
        (ReauthenticateForm,),
    ),
    FormPage(
        "confirm access with a code",
        "adviser",
        lambda world, client: "/accounts/2fa/reauthenticate/",
        (ReauthenticateWithCodeForm,),
    ),
    FormPage(
        "password change",
        "adviser",
        lambda world, client: "/accounts/password/change/",
        (ChangePasswordForm,),
    ),
    # The coordinator's pages.
    FormPage(
        "region page",
        "coordinator",
        lambda world, client: GRONINGEN,
        (RegionForm,),
        lambda world: {"introduction": "Werk en leren in Groningen."},
    ),
    FormPage(
        "desk details",
        "coordinator",
        lambda world, client: f"{GRONINGEN}loket/",
        (DeskForm,),
        desk_as_posted,
    ),
    FormPage(
        "initiatives of the region",
        "coordinator",
        lambda world, client: f"{GRONINGEN}initiatieven/",
        (InitiativeLinkForm,),
        lambda world: {"initiative": world.initiative_elsewhere.pk},
    ),
    FormPage(
        "advisers of the region",
        "coordinator",
        lambda world, client: f"{GRONINGEN}adviseurs/",
        (AdviserAddForm, AdviserRemoveForm),
        lambda world: {"email": world.colleague.email},
    ),
    FormPage(
        "history of the region",
        "coordinator",
        lambda world, client: f"{GRONINGEN}geschiedenis/",
        (),
        method="GET",
        more=("page",),
    ),
    FormPage(
        "scheme budget",
        "coordinator",
        lambda world, client: f"/dashboard/regelingen/{world.scheme.slug}/",
        (SchemeBudgetForm,),
        lambda world: {"budget_total": "1000", "budget_remaining": "500", "status": "open"},
    ),
    FormPage(
        "audit log filters",
        "coordinator",
        lambda world, client: "/dashboard/logboek/",
        (AuditFilterForm,),
        method="GET",
        more=("page",),
    ),
    FormPage(
        "export filter",
        "coordinator",
        lambda world, client: "/dashboard/export.csv",
        (),
        method="GET",
        more=("regio",),
    ),
    FormPage(
        "insights filters",
        "coordinator",
        lambda world, client: "/dashboard/inzicht/",
        (InsightsForm,),
        method="GET",
    ),
]

field_value = st.one_of(
    bad_text,
    st.lists(bad_text, min_size=2, max_size=3),
    st.sampled_from(["", "on", "1", "0", "-1", "1e400", "NaN", "9" * 30, "AM01", "groningen"]),
)


def filled_in(fields: tuple[str, ...]) -> st.SearchStrategy[dict]:
    """Generated values for one to three of the fields, and sometimes for an unknown one."""
    return st.dictionaries(
        st.one_of(st.sampled_from(fields), any_text.map(lambda name: f"x{name}")),
        field_value,
        min_size=1,
        max_size=3,
    )


def as_read(value: str | list[str]) -> str:
    """What a form's text field reads of a value sent more than once: the last one."""
    return (value or [""])[-1] if isinstance(value, list) else value


def names_and_values(data: dict) -> list[str]:
    return [
        text
        for name, values in data.items()
        for text in [name, *(values if isinstance(values, list) else [values])]
    ]


def shows_a_refusal(response) -> bool:
    """A posted form that comes back (200) says what is wrong; a bot filling in the honeypot
    gets the same "received" page as a person."""
    templates = {template.name for template in response.templates}
    return 'role="alert"' in response.content.decode() or "poort/intake/received.html" in templates


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda page: page.name)
def test_no_form_input_gives_a_server_error_and_a_refusal_is_shown(world, page):
    valid = page.valid(world)
    fields = page.fields or ("x",)

    @sweep(max_examples=20)
    @given(generated=filled_in(fields))
    def check(generated):
        client = world.client(page.role)
        with example_undone():
            url = page.url(world, client)
            response = send(client, page.method, url, {**valid, **generated}, headers=page.headers)
        if page.method == "GET":
            if expected_status(names_and_values(generated)) == 400:
                assert response.status_code == 400
            return
        if response.status_code == 200:
            assert shows_a_refusal(response), f"{page.name}: {shortened(generated)} is not shown"
        with_nul = [name for name in page.text_fields if "\x00" in as_read(generated.get(name, ""))]
        if with_nul and "previous" not in generated:
            assert response.status_code in (200, 400, 429), f"{page.name}: NUL in {with_nul}"

    for value in ALWAYS_TRIED:
        every_field = [name for name in fields if name != "previous"]
        check = example(generated=dict.fromkeys(every_field, value))(check)
    check()


# 3. Headers --------------------------------------------------------------------------------

HEADER_PAGES = [
    ("anonymous", "GET", "/"),
    ("anonymous", "GET", "/opleidingen/"),
    ("anonymous", "POST", "/accounts/login/"),
    ("adviser", "GET", "/dashboard/"),
]


def as_a_server_passes_it(value: str) -> str:
    """WSGI hands header values over as ISO-8859-1; what is not Latin-1 arrives as its bytes."""
    return value.encode("utf-8").decode("iso-8859-1")


header_values = st.one_of(
    with_control,
    bad_text,
    st.sampled_from(["http://[", "http://x:99999/", "unknown", "1.2.3.4:80", "::1::"]),
).map(as_a_server_passes_it)
headers = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "User-Agent",
                "Accept-Language",
                "Referer",
                "HX-Current-URL",
                "HX-Target",
                "Origin",
                "Host",
                "X-Forwarded-For",
            ]
        ),
        header_values,
    ),
    st.tuples(
        st.just("Cookie"),
        st.builds(
            "{}={}".format,
            st.sampled_from(
                [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "django_language"]
            ),
            header_values,
        ),
    ),
)


@sweep(max_examples=40)
@given(header=headers)
def test_control_characters_in_a_header_answer_400_and_nothing_in_one_a_server_error(world, header):
    name, value = header
    for role, method, path in HEADER_PAGES:
        extra = {"HTTP_HX_REQUEST": "true"} if name.startswith("HX-") else {}
        with example_undone():
            response = send(world.client(role), method, path, headers={name: value}, **extra)
        if HEADER_CONTROL_CHARACTERS.search(value):
            assert response.status_code == 400, (name, shortened(value))


@sweep(max_examples=15)
@given(forwarded=header_values)
@example(forwarded="unknown")
@example(forwarded="203.0.113.7:51234")
def test_behind_a_proxy_a_forwarded_address_that_is_none_still_signs_up(world, settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    url = f"/opleidingen/{world.advising.course.slug}/interesse/"

    with example_undone():
        response = send(
            world.client("anonymous"), "POST", url, INTEREST, headers={"X-Forwarded-For": forwarded}
        )

    assert response.status_code == (400 if HEADER_CONTROL_CHARACTERS.search(forwarded) else 302)


# Found by the sweeps above; kept as plain examples.


@pytest.mark.parametrize("chosen", ["²", "7" * LONG, "abc"])
def test_a_chosen_course_that_is_no_number_shows_the_plan_page(world, chosen):
    url = f"/dashboard/aanmeldingen/{world.advising.pk}/traject/?opleiding={chosen}"

    with example_undone():
        response = send(world.client("adviser"), "GET", url)

    assert response.status_code == 200
