"""The partner API: a desk's own system works its region's referrals with a partner key, with
exactly the dashboard's rules (the same forms and model methods). Another region's referral
answers 404; every read and change is in the audit log with the key's name (docs/api.md)."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import APIKeyHeader

from trajectories.dashboard_forms import ContactForm, StatusForm
from trajectories.models import AuditEntry, Referral, ReferralError

from . import schemas
from .edge import KEY_HEADER, problem
from .forms import CursorQuery, invalid_params
from .models import PartnerKey

PAGE_SIZE = 50


class PartnerKeyAuth(APIKeyHeader):
    param_name = KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> PartnerKey | None:
        partner = PartnerKey.objects.by_secret(key or "")
        if partner is not None:
            partner.mark_used()
        return partner


router = Router(auth=PartnerKeyAuth(), tags=["partners"])
ERRORS = {400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem, 404: schemas.Problem}


def referrals_of(key: PartnerKey):
    return Referral.objects.filter(region=key.desk.region_id).select_related(
        "candidate__municipality", "course"
    )


def referral_for_key(request: HttpRequest, pk: int) -> Referral:
    """The referral when it lies in the key's region; 404 otherwise, as on the dashboard."""
    return get_object_or_404(referrals_of(request.auth), pk=pk)


def writing_refused(request: HttpRequest) -> HttpResponse | None:
    if request.auth.may_write:
        return None
    return problem(403, _("This key may only read"))


def referral_out(referral: Referral) -> dict:
    person = referral.candidate
    return {
        "id": referral.pk,
        "kind": referral.kind,
        "status": referral.status,
        "next_statuses": [status.value for status in referral.next_statuses()],
        "created_at": referral.created_at,
        "first_contact_at": referral.first_contact_at,
        "course": referral.course.slug if referral.course else None,
        "contact_preference": referral.contact_preference,
        "interests": referral.interests,
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "municipality": person.municipality.code if person.municipality else None,
            "situation": person.situation,
            "occupation": person.occupation,
        },
        "history": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "note": change.note,
                "at": change.changed_at,
            }
            for change in referral.history.all()
        ],
        "contacts": [
            {"channel": moment.channel, "note": moment.note, "at": moment.at}
            for moment in referral.contact_moments.all()
        ],
    }


def logged_read(key: PartnerKey, referrals: list[Referral]) -> None:
    with transaction.atomic():
        for referral in referrals:
            AuditEntry.objects.record(key.account, AuditEntry.Action.VIEWED_REFERRAL, referral)


@router.get(
    "/aanmeldingen",
    response={200: schemas.ReferralPage, **ERRORS},
    by_alias=True,
    summary="De aanmeldingen van de eigen regio, oudste eerst, nieuwer dan de cursor",
)
def referrals(request: HttpRequest, cursor: int | None = None, limit: int | None = None):
    form = CursorQuery(request.GET)
    if not form.is_valid():
        return problem(400, _("The request is not valid"), invalid_params=invalid_params(form))
    since, size = form.cleaned_data["cursor"] or 0, form.cleaned_data["limit"] or PAGE_SIZE
    found = referrals_of(request.auth).filter(pk__gt=since).order_by("pk")[:size]
    found = list(found.prefetch_related("history", "contact_moments"))
    logged_read(request.auth, found)
    last = str(found[-1].pk if found else since)
    return {
        "results": [referral_out(referral) for referral in found],
        "cursor": last,
        "_links": {"next": {"href": reverse("api:referrals") + f"?cursor={last}"}},
    }


@router.get(
    "/aanmeldingen/{pk}",
    response={200: schemas.ReferralOut, **ERRORS},
    url_name="referral",
    summary="Eén aanmelding van de eigen regio",
)
def referral(request: HttpRequest, pk: int):
    referral = referral_for_key(request, pk)
    logged_read(request.auth, [referral])
    return referral_out(referral)


@router.post(
    "/aanmeldingen/{pk}/statuswijzigingen",
    response={201: schemas.ReferralOut, 409: schemas.Problem, **ERRORS},
    summary="De status van een aanmelding een stap verder zetten, zoals op het dashboard",
)
def referral_status(request: HttpRequest, pk: int, change: schemas.StatusIn):
    referral = referral_for_key(request, pk)
    refused = writing_refused(request)
    if refused:
        return refused
    form = StatusForm(change.model_dump(), referral=referral)
    if not form.is_valid():
        return problem(400, _("The request is not valid"), invalid_params=invalid_params(form))
    try:
        referral.move_to(
            form.cleaned_data["status"], request.auth.account, form.cleaned_data["note"]
        )
    except ReferralError as error:
        return problem(409, _("This step is not allowed"), str(error))
    return Status(201, referral_out(referral))


@router.post(
    "/aanmeldingen/{pk}/contactmomenten",
    response={201: schemas.ReferralOut, 409: schemas.Problem, **ERRORS},
    summary="Een contactmoment met de persoon vastleggen, zoals op het dashboard",
)
def referral_contact(request: HttpRequest, pk: int, contact: schemas.ContactIn):
    referral = referral_for_key(request, pk)
    refused = writing_refused(request)
    if refused:
        return refused
    form = ContactForm(contact.model_dump())
    if not form.is_valid():
        return problem(400, _("The request is not valid"), invalid_params=invalid_params(form))
    try:
        referral.log_contact(request.auth.account, **form.cleaned_data)
    except ReferralError as error:
        return problem(409, _("This step is not allowed"), str(error))
    return Status(201, referral_out(referral))
