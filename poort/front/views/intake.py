"""The orientation intake: five short steps, then a referral to the regional desk.

Each step is GET/POST on /orienteren/<key>/<step>/. The key is random and names one
intake in the session, so a second intake in another tab keeps its own answers. The
answers stay in the session until the referral is made; then only its id stays. Pages
that show what someone typed are never cached. Decisions: docs/intake.md.
"""

import logging
import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_ratelimit.core import is_ratelimited

from poort import profile
from poort.bsn import contains_bsn
from poort.front.forms import MAX_CHOICES_SHOWN, STEP_FORMS, IntakeStepForm, MunicipalityForm
from poort.front.services import intake_submit
from regions.models import Desk, Region
from trajectories.models import Referral

logger = logging.getLogger(__name__)

LAST_STEP = max(STEP_FORMS)
MAX_VALUE_LENGTH = 1000


class IntakeDraft:
    """The answers of one intake as typed, per step, in the session (never a BSN)."""

    SESSION_KEY = "intakes"
    MAX_DRAFTS = 5

    def __init__(self, session: SessionBase, key: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]{8,32}", key):
            raise Http404
        self.session, self.key = session, key
        self.state = session.get(self.SESSION_KEY, {}).get(key, {"answers": {}, "done": []})

    @property
    def referral_id(self) -> int | None:
        return self.state.get("referral_id")

    @property
    def region(self) -> Region | None:
        """The region the intake was started for (a region's page or its site's widget)."""
        slug = self.state.get("region")
        return Region.objects.filter(slug=slug).first() if slug else None

    def preset(self, region: Region) -> None:
        self.state["region"] = region.slug
        self._store()

    def data(self, step: int) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in self.state["answers"].get(str(step), {}).items():
            data.setlist(name, values)
        return data

    def initial(self, step: int) -> dict:
        """The saved answers as a form's initial values, so they show without errors."""
        fields = STEP_FORMS[step].base_fields
        return {
            name: values
            if getattr(fields[name].widget, "allow_multiple_selected", False)
            else values[-1]
            for name, values in self.data(step).lists()
            if name in fields and values
        }

    def first_open_step(self) -> int:
        return min(
            (step for step in STEP_FORMS if step not in self.state["done"]), default=LAST_STEP
        )

    def save(self, step: int, form: IntakeStepForm) -> None:
        self.state["answers"][str(step)] = {
            name: [
                "" if contains_bsn(value) else value[:MAX_VALUE_LENGTH]
                for value in form.data.getlist(name)[:50]
            ]
            for name in form.fields
        }
        done = set(self.state["done"]) - {step}
        self.state["done"] = sorted(done | ({step} if form.is_valid() else set()))
        self._store()

    def finish(self, referral: Referral) -> None:
        """Forget the answers; keep only which referral this intake made."""
        self.state = {"answers": {}, "done": [], "referral_id": referral.pk}
        self._store()

    def _store(self) -> None:
        drafts = self.session.get(self.SESSION_KEY, {})
        drafts.pop(self.key, None)
        drafts[self.key] = self.state
        self.session[self.SESSION_KEY] = dict(list(drafts.items())[-self.MAX_DRAFTS :])


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """A new intake; `?regio=<slug>` presets it to a region: its municipalities are offered
    to choose from (someone who lives elsewhere types their own)."""
    key = secrets.token_urlsafe(12)
    region = Region.objects.filter(slug=str(request.GET.get("regio", ""))[:100]).first()
    if region is not None:
        IntakeDraft(request.session, key).preset(region)
    return redirect("intake_step", key=key, step=1)


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, key: str, step: int) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404
    draft = IntakeDraft(request.session, key)
    if draft.referral_id:
        return redirect("intake_done", key=key)
    if request.method == "GET":
        if step > draft.first_open_step():
            return redirect("intake_step", key=key, step=draft.first_open_step())
        return _render_step(request, draft, step, STEP_FORMS[step](initial=draft.initial(step)))
    form = STEP_FORMS[step](request.POST)
    draft.save(step, form)
    if "previous" in request.POST and step > 1:
        return redirect("intake_step", key=key, step=step - 1)
    if not form.is_valid():
        return _render_step(request, draft, step, form)
    if step < LAST_STEP:
        return redirect("intake_step", key=key, step=step + 1)
    return _submit(request, draft)


def _submit(request: HttpRequest, draft: IntakeDraft) -> HttpResponse:
    forms = {step: form_class(draft.data(step)) for step, form_class in STEP_FORMS.items()}
    for step, form in forms.items():
        if not form.is_valid():
            return _render_step(request, draft, step, form)
    answers = {name: value for form in forms.values() for name, value in form.answers().items()}
    referral = guarded_submit(
        request,
        from_a_bot=forms[LAST_STEP].is_from_a_bot(),
        submit=lambda: intake_submit(**answers, language=get_language()),
        unsaved=lambda: render(
            request,
            "poort/intake/error.html",
            {"key": draft.key, "last_step": LAST_STEP},
            status=503,
        ),
    )
    if isinstance(referral, HttpResponse):
        return referral
    draft.finish(referral)
    # The funding check and the course pages use what the person told us here.
    profile.store(
        request.session,
        situation=answers.get("situation") or "",
        municipality=answers["municipality"].code,
    )
    return redirect("intake_done", key=draft.key)


def guarded_submit(
    request: HttpRequest,
    *,
    from_a_bot: bool,
    submit: Callable[[], Referral],
    unsaved: Callable[[], HttpResponse],
) -> Referral | HttpResponse:
    """The guard of the public forms that refer a person (the intake and "ik heb interesse"):
    a bot that filled the honeypot is thanked and nothing is saved; past the rate limit (one
    limit for both forms) the 429 page; when the referral cannot be saved, `unsaved()` (the
    form with what was typed), with the error logged. Else the new referral."""
    if from_a_bot:
        return render(request, "poort/intake/received.html")
    if is_ratelimited(
        request, group="intake-submit", key="ip", rate=settings.INTAKE_RATE_LIMIT, increment=True
    ):
        return render(request, "429.html", status=429)
    try:
        return submit()
    except (DatabaseError, Desk.DoesNotExist):
        logger.exception("A referral from a public form could not be saved")
        return unsaved()


def _render_step(
    request: HttpRequest, draft: IntakeDraft, step: int, form: IntakeStepForm
) -> HttpResponse:
    context = {"form": form, "step": step, "last_step": LAST_STEP, "key": draft.key}
    if isinstance(form, MunicipalityForm):
        typed = form["municipality"].value() or ""
        context |= _municipality_choices(typed)
        context["chosen_code"] = form["municipality_code"].value()
        region = draft.region
        if region is not None and not typed.strip():
            context |= {
                "preset_region": region,
                "choices": list(region.municipalities.select_related("region").order_by("name")),
            }
    if step == LAST_STEP:
        context |= {"summary": _summary(draft), "retention_months": settings.RETENTION_MONTHS}
    return render(request, f"poort/intake/step_{step}.html", context)


def _summary(draft: IntakeDraft) -> list[tuple[str, str]]:
    """The answers of the earlier steps as (question, answer) rows, to check before sending."""
    rows = []
    for step in range(1, LAST_STEP):
        form = STEP_FORMS[step](draft.data(step))
        if form.is_valid():
            rows += [
                (form.fields[name].label, _shown(value)) for name, value in form.answers().items()
            ]
    return rows


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    return str(getattr(value, "label", value))


def _municipality_choices(text: str) -> dict:
    matches = MunicipalityForm.matches(text)
    return {
        "query": text,
        "choices": matches[:MAX_CHOICES_SHOWN],
        "more_choices": len(matches) > MAX_CHOICES_SHOWN,
    }


@require_GET
@vary_on_headers("HX-Request")
def municipalities(request: HttpRequest) -> HttpResponse:
    """The typeahead: municipalities fitting ?municipality=..., as a group of radio buttons."""
    if not request.htmx:
        return redirect("orientation")
    text = request.GET.get("municipality", request.GET.get("q", ""))[:100]
    context = _municipality_choices(text) | {
        "chosen_code": request.GET.get("municipality_code"),
        "oob": True,
    }
    return render(request, "components/municipality_choices.html", context)


@never_cache
@require_GET
def done(request: HttpRequest, key: str) -> HttpResponse:
    draft = IntakeDraft(request.session, key)
    if not draft.referral_id:
        return redirect("orientation")
    referral = get_object_or_404(
        Referral.objects.select_related("desk"), pk=draft.referral_id, candidate__anonymised_at=None
    )
    return render(request, "poort/intake/done.html", {"referral": referral})
