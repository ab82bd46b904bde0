"""The scheme pages: /regelingen/ (all schemes, filtered) and /regelingen/<slug>/.

The funding check itself (/regelingen/check/) is a page of the front door, because it lets
people choose a course: poort/views/funding_check.py.
"""

import json
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from poort import profile
from poort.vocabulary import Situation
from regions.models import Municipality

from .engine import (
    CERTIFICATE_NAMES,
    LEARNING_PATH_NAMES,
    LEVEL_NAMES,
    SITUATION_GROUPS,
    CourseFacts,
    FundingStack,
    Profile,
    check,
    in_sentence,
)
from .forms import SchemeFilterForm
from .models import Scheme, stored_list


@require_safe
def scheme_list(request: HttpRequest) -> HttpResponse:
    """All schemes; an htmx request gets the form's content alone (filters and results)."""
    form = SchemeFilterForm(request.GET)
    context = {"form": form, "schemes": form.schemes(timezone.localdate())}
    fragment = bool(request.htmx and not request.htmx.history_restore_request)
    template = "funding/partials/scheme_list_form.html" if fragment else "funding/scheme_list.html"
    response = render(request, template, context)
    if fragment:
        response["HX-Push-Url"] = request.path + form.url()
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    schemes = Scheme.objects.with_live_status(timezone.localdate())
    scheme = get_object_or_404(schemes.prefetch_related("regions", "sectors"), slug=slug)
    context = {"scheme": scheme, "conditions": conditions_in_words(scheme)}
    return render(request, "funding/scheme_detail.html", context)


def conditions_in_words(scheme: Scheme) -> dict[str, list[str]]:
    """The vocabulary conditions of a scheme by their names; an empty list means "all"."""

    def names(vocabulary: dict, stored: object) -> list[str]:
        values = stored_list(json.dumps(stored))
        return [in_sentence(name) for key, name in vocabulary.items() if key in values]

    ceiling = scheme.level_ceiling
    return {
        "groups": names(SITUATION_GROUPS, scheme.target_groups),
        "certificates": names(CERTIFICATE_NAMES, scheme.certificate_kinds),
        "paths": names(LEARNING_PATH_NAMES, scheme.learning_paths),
        "level": [str(LEVEL_NAMES.get(ceiling, ceiling))] if ceiling else [],
    }


@dataclass(frozen=True)
class CourseFunding:
    """What the course page shows of the funding for the person whose profile we know."""

    situation: str
    municipality: Municipality
    stack: FundingStack


def course_funding(request: HttpRequest, course: CourseFacts) -> dict:
    """The context of funding/partials/course_funding.html for one course.

    With the person's situation and municipality in the session (from the funding check
    or the intake): the funding stack for them. Without: nothing, and the partial offers
    the check.
    """
    person = profile.get(request.session)
    municipality = (
        Municipality.objects.select_related("region").filter(code=person.municipality).first()
        if person.is_complete
        else None
    )
    if municipality is None:
        return {"funding": None}
    asker = Profile(situation=person.situation, region=municipality.region.code)
    result = check(Scheme.objects.as_rules(), asker, course, timezone.localdate())
    situation = str(Situation(person.situation).label)
    return {"funding": CourseFunding(situation, municipality, result.stack)}
