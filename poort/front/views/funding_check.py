"""The funding check, /regelingen/check/: situation, municipality and (optionally) a course.

The answer: every scheme's verdict with a reason per rule, fitting schemes first, and with
a course the funding stack. A plain GET form; with htmx the form and the answer are
replaced in place. The situation and municipality are kept in the session (poort.profile)
so the course pages can show the funding stack too.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from funding.engine import Outcome, Profile, check
from funding.models import Scheme, closes_soon
from poort import profile
from poort.front.funding_forms import FundingCheckForm
from poort.htmx import render_page_or_partial
from regions.models import Municipality
from trajectories.models import Course

ANSWERS = ("situatie", "gemeente", "opleiding")


@require_safe
def funding_check(request: HttpRequest) -> HttpResponse:
    form = FundingCheckForm(**form_arguments(request))
    context = {
        "form": form,
        "result": None,
        # A lazy query: only the whole page runs it, for its list of names.
        "municipality_names": Municipality.objects.values_list("name", flat=True),
    }
    if form.is_bound and form.is_valid():
        answers = form.cleaned_data
        municipality, course = answers["gemeente"], answers["opleiding"]
        profile.store(
            request.session, situation=answers["situatie"], municipality=municipality.code
        )
        today, rules = timezone.localdate(), Scheme.objects.as_rules()
        asker = Profile(situation=answers["situatie"].value, region=municipality.region.code)
        result = check(rules, asker, course.funding_facts() if course else None, today)
        context |= {
            "result": result,
            "municipality": municipality,
            "course": course,
            "fits": result.with_outcome(Outcome.FITS),
            "may_fit": result.with_outcome(Outcome.UNKNOWN),
            "does_not_fit": result.with_outcome(Outcome.DOES_NOT_FIT),
            "closing_soon": {rule.id for rule in rules if closes_soon(rule.closes_on, today)},
        }
    return render_page_or_partial(request, "funding/check.html", "check_form", context)


def form_arguments(request: HttpRequest) -> dict:
    """The answers as sent; without them, what the session knows and the ?course= link.

    With a known situation and municipality the check runs at once; otherwise the form
    starts with what we know.
    """
    if any(name in request.GET for name in ANSWERS):
        return {"data": request.GET}
    person = profile.get(request.session)
    known: dict[str, str] = {"situatie": person.situation} if person.situation else {}
    place = Municipality.objects.from_profile(person)
    if place:
        known |= {"gemeente": place.name, "gemeente_code": place.code}
    slug = request.GET.get("course", "")[:220]
    course = slug and Course.objects.published().filter(slug=slug).first()
    if course:
        known |= {"opleiding": course.title, "course": course.slug}
    complete = "situatie" in known and "gemeente" in known
    return {"data": known} if complete else {"initial": known}
