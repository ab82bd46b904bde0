"""The scheme pages: /regelingen/ (all schemes, filtered) and /regelingen/<slug>/.

The funding check itself (/regelingen/check/) is a page of the front door, because it lets
people choose a course: poort/front/views/funding_check.py.
"""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from poort.htmx import render_page_or_partial

from .engine import (
    CERTIFICATE_NAMES,
    LEARNING_PATH_NAMES,
    LEVEL_NAMES,
    SITUATION_GROUPS,
    in_sentence,
)
from .forms import SchemeFilterForm
from .models import Scheme, stored_list


@require_safe
def scheme_list(request: HttpRequest) -> HttpResponse:
    """All schemes; an htmx request gets the form's content alone (filters and results)."""
    form = SchemeFilterForm(request.GET)
    context = {"form": form, "schemes": form.schemes(timezone.localdate())}
    return render_page_or_partial(
        request,
        "funding/scheme_list.html",
        "scheme_list_form",
        context,
        push_url=request.path + form.url(),
    )


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
