"""The public read API: courses, schemes, the funding check, regions, desks, initiatives.

Each operation is a typed function like a view of the site: it validates with the site's
forms, asks the same querysets and model methods, and shapes the answer (docs/api.md)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from funding.engine import Profile, check
from funding.models import Scheme
from regions.models import Desk, Initiative, Municipality, Region
from trajectories.catalogue.forms import CatalogueForm
from trajectories.models.catalogue import Course

from . import schemas
from .edge import problem
from .forms import FundingCheckQuery, invalid_params

router = Router(tags=["openbaar"])
BAD_REQUEST = {400: schemas.Problem}
NOT_FOUND = {404: schemas.Problem}


def link(name: str, *args, query: str = "") -> dict[str, str]:
    return {"href": reverse(f"api:{name}", args=args) + query}


def bad_request(form) -> HttpResponse:
    return problem(400, _("The request is not valid"), invalid_params=invalid_params(form))


class CourseSearch(Schema):
    """The parameters of /opleidingen/ (docs/catalogue.md, "The address of a search")."""

    q: str | None = None
    vakgebied: str | None = None
    regio: str | None = None
    gemeente: str | None = None
    niveau: str | None = None
    leerweg: str | None = None
    vorm: str | None = None
    certificaat: str | None = None
    start: str | None = None
    maxprijs: str | None = None
    sorteer: str | None = None
    per: str | None = None
    page: str | None = None


def course_summary(course: Course) -> dict:
    return {
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary,
        "provider": course.provider.name,
        "sector": {"slug": course.sector.slug, "name": course.sector.name},
        "level": course.level,
        "certificate_kind": course.certificate_kind,
        "learning_path": course.learning_path,
        "mode": course.mode,
        "price": str(course.price),
        "next_start": getattr(course, "next_start", None),
        "_links": {
            "self": link("course", course.slug),
            "page": {"href": course.get_absolute_url()},
        },
    }


@router.get(
    "/opleidingen",
    response={200: schemas.CoursePage, **BAD_REQUEST},
    by_alias=True,
    summary="Opleidingen zoeken, met filters, tellingen per filteroptie en sortering",
)
def courses(request: HttpRequest, search: Query[CourseSearch]):
    form = CatalogueForm(request.GET)
    if not form.is_valid():
        return bad_request(form)
    query = form.catalogue_query()
    summary = query.summary()
    page = query.page(request.GET.get("page"), form.page_size, summary)
    pages = {"self": page.number}
    if page.has_next():
        pages["next"] = page.next_page_number()
    if page.has_previous():
        pages["prev"] = page.previous_page_number()
    return {
        "total": summary.counts["total"],
        "page": page.number,
        "page_size": form.page_size,
        "pages": page.paginator.num_pages,
        "results": [course_summary(course) for course in page],
        "facets": {
            facet.field.name: [
                {**option.__dict__, "label": str(option.label)} for option in facet.options
            ]
            for facet in form.facets(summary.counts)
        },
        "_links": {
            name: link("courses", query=form.url(page=str(number)))
            for name, number in pages.items()
        },
    }


@router.get(
    "/opleidingen/{slug}",
    response={200: schemas.CourseDetail, **NOT_FOUND},
    by_alias=True,
    url_name="course",
    summary="Eén opleiding met haar startmomenten",
)
def course(request: HttpRequest, slug: str, response: HttpResponse):
    course = get_object_or_404(
        Course.objects.published().select_related("provider", "sector"), slug=slug
    )
    offerings = course.offerings.upcoming().nearest_first(None)
    response["Last-Modified"] = http_date(course.updated_at.timestamp())
    return course_summary(course) | {
        "description": course.description,
        "duration_weeks": course.duration_weeks,
        "hours_per_week": course.hours_per_week,
        "crebo_code": course.crebo_code,
        "next_start": offerings[0].start_date if offerings else None,
        "offerings": [
            {
                "start_date": offering.start_date,
                "end_date": offering.end_date,
                "municipality": offering.municipality.code if offering.municipality else None,
                "place": offering.municipality.name if offering.municipality else "online",
                "region": offering.municipality.region.code if offering.municipality else None,
                "price": str(offering.price if offering.price is not None else course.price),
                "seats": offering.seats,
                "application_deadline": offering.application_deadline,
            }
            for offering in offerings
        ],
    }


def scheme_out(scheme: Scheme) -> dict:
    return {
        "slug": scheme.slug,
        "name": scheme.name,
        "funder": scheme.funder,
        "level": scheme.level,
        "summary": scheme.summary,
        "live_status": scheme.live_status,
        "closing_soon": scheme.closing_soon,
        "opens_on": scheme.opens_on,
        "closes_on": scheme.closes_on,
        "maximum_amount": None if scheme.maximum_amount is None else str(scheme.maximum_amount),
        "percentage_covered": scheme.percentage_covered,
        "regions": [region.code for region in scheme.regions.all()],
        "sectors": [sector.slug for sector in scheme.sectors.all()],
        "apply_url": scheme.apply_url,
        "_links": {"self": link("scheme", scheme.slug)},
    }


def schemes_today():
    today = timezone.localdate()
    return (
        Scheme.objects.with_live_status(today).open_first().prefetch_related("regions", "sectors")
    )


@router.get(
    "/regelingen",
    response=list[schemas.SchemeOut],
    by_alias=True,
    summary="Alle regelingen met hun status van vandaag, open eerst",
)
def schemes(request: HttpRequest):
    return [scheme_out(scheme) for scheme in schemes_today()]


@router.get(
    "/regelingen/{slug}",
    response={200: schemas.SchemeOut, **NOT_FOUND},
    by_alias=True,
    url_name="scheme",
    summary="Eén regeling met haar status van vandaag",
)
def scheme(request: HttpRequest, slug: str):
    return scheme_out(get_object_or_404(schemes_today(), slug=slug))


class FundingCheckParameters(Schema):
    situatie: str = ""
    gemeente: str = ""
    opleiding: str | None = None
    werkgever: str | None = None


@router.get(
    "/financieringscheck",
    response={200: schemas.FundingCheckOut, **BAD_REQUEST},
    summary="Welke regelingen passen bij een situatie, een gemeente en eventueel een opleiding",
)
def funding_check(request: HttpRequest, parameters: Query[FundingCheckParameters]):
    form = FundingCheckQuery(request.GET)
    if not form.is_valid():
        return bad_request(form)
    answers = form.cleaned_data
    course, region = answers["opleiding"], answers["gemeente"].region
    asker = Profile(
        situation=answers["situatie"].value,
        region=region.code,
        employer_involved=answers["werkgever"],
    )
    facts = course.funding_facts() if course else None
    result = check(Scheme.objects.as_rules(), asker, facts, timezone.localdate())
    stack = result.stack
    return {
        "region": region.code,
        "course": course.slug if course else None,
        "verdicts": [
            {
                "scheme": verdict.scheme.slug,
                "name": verdict.scheme.name,
                "outcome": verdict.outcome.value,
                "reasons": [
                    {"outcome": reason.outcome.value, "text": str(reason)}
                    for reason in verdict.reasons
                ],
            }
            for verdict in result.verdicts
        ],
        "stack": None
        if stack is None
        else {
            "cost": str(stack.cost),
            "covered": str(stack.covered),
            "own_contribution": str(stack.own_contribution),
            "exact": stack.exact,
            "lines": [
                {
                    "scheme": line.scheme.slug,
                    "name": line.scheme.name,
                    "amount": str(line.amount),
                    "explanation": line.explanation_text,
                }
                for line in stack.lines
            ],
        },
    }


@router.get(
    "/regios",
    response=list[schemas.RegionOut],
    by_alias=True,
    summary="De arbeidsmarktregio's",
)
def regions(request: HttpRequest):
    return [
        {
            "code": region.code,
            "slug": region.slug,
            "name": region.name,
            "_links": {"desk": link("region_desk", region.code)},
        }
        for region in Region.objects.order_by("code")
    ]


def desk_out(desk: Desk) -> dict:
    return {
        "name": desk.name,
        "kind": desk.kind,
        "region": desk.region.code if desk.region else None,
        "email": desk.email,
        "phone": desk.phone,
        "address": desk.address,
        "opening_hours": desk.opening_hours,
        "website": desk.website,
        "contact_within_days": desk.contact_within_days,
    }


@router.get("/loketten", response=list[schemas.DeskOut], summary="De actieve loketten")
def desks(request: HttpRequest):
    desks = Desk.objects.filter(is_active=True).select_related("region")
    return [desk_out(desk) for desk in desks.order_by("region__code", "name")]


@router.get(
    "/regios/{code}/loket",
    response={200: schemas.DeskOut, **NOT_FOUND},
    url_name="region_desk",
    summary="Het loket van een regio (of het landelijke loket als de regio er geen heeft)",
)
def region_desk(request: HttpRequest, code: str):
    region = get_object_or_404(Region, code=code.upper())
    return desk_for(region)


def desk_for(region: Region) -> dict:
    try:
        return desk_out(Desk.objects.select_related("region").for_region(region))
    except Desk.DoesNotExist:
        return problem(404, _("No desk serves this region"))


@router.get(
    "/gemeenten/{code}/loket",
    response={200: schemas.MunicipalityDesk, **NOT_FOUND},
    summary="Welk loket deze gemeente bedient",
)
def municipality_desk(request: HttpRequest, code: str):
    municipality = Municipality.objects.by_code(code)
    if municipality is None:
        return problem(404, _("We do not know this municipality"))
    desk = desk_for(municipality.region)
    if isinstance(desk, HttpResponse):
        return desk
    return {
        "municipality": municipality.code,
        "name": municipality.name,
        "region": municipality.region.code,
        "desk": desk,
    }


@router.get(
    "/initiatieven",
    response=list[schemas.InitiativeOut],
    summary="De actieve regionale initiatieven",
)
def initiatives(request: HttpRequest):
    initiatives = Initiative.objects.filter(is_active=True).prefetch_related("regions", "sectors")
    return [
        {
            "slug": initiative.slug,
            "name": initiative.name,
            "summary": initiative.summary,
            "website": initiative.website,
            "regions": [region.code for region in initiative.regions.all()],
            "sectors": [sector.slug for sector in initiative.sectors.all()],
        }
        for initiative in initiatives
    ]
