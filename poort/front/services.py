"""Use cases of the front door that span apps and have side effects.

Each one is a keyword-only, typed function that runs in one database transaction.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from poort.emails import absolute_url
from poort.outbox import enqueue
from regions.models import Desk, Membership, Municipality, Sector
from trajectories.models import (
    Candidate,
    Course,
    Offering,
    Referral,
    WhatMatters,
)

DESK_LANGUAGE = "nl"


@transaction.atomic
def intake_submit(
    *,
    first_name: str,
    email: str,
    municipality: Municipality,
    contact_preference: str,
    last_name: str = "",
    phone: str = "",
    situation: str = "",
    occupation: str = "",
    sectors: Iterable[Sector] = (),
    what_matters: Iterable[str] = (),
    course: Course | None = None,
    offering: Offering | None = None,
    language: str = DESK_LANGUAGE,
) -> Referral:
    """Refer a person to the desk of the region they live in, and queue the e-mails.

    A region without an active desk sends the referral to the national desk and tells the
    region's coordinators. Raises Desk.DoesNotExist when there is no national desk either.
    """
    desk = Desk.objects.for_region(municipality.region)
    sectors, what_matters = list(sectors), [WhatMatters(value) for value in what_matters]
    candidate = Candidate.objects.create(
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        municipality=municipality,
        situation=situation,
        occupation=occupation,
        language=language,
    )
    referral = Referral.objects.open(
        candidate=candidate,
        kind=Referral.Kind.INTEREST if course else Referral.Kind.INTAKE,
        region=municipality.region,
        desk=desk,
        course=course,
        offering=offering,
        contact_preference=contact_preference,
        interests={
            "sectors": [sector.slug for sector in sectors],
            "what_matters": [str(value) for value in what_matters],
        },
    )
    _notify_desk(referral)
    _confirm_to_candidate(referral, language)
    if desk.region_id is None:
        _tell_coordinators_their_desk_is_missing(referral)
    return referral


@transaction.atomic
def interest_submit(
    *,
    first_name: str,
    email: str,
    municipality: Municipality,
    course: Course,
    offering: Offering | None = None,
    last_name: str = "",
    language: str = DESK_LANGUAGE,
) -> Referral:
    """Sign a person up for a course ("ik heb interesse"): a referral of kind interest.

    It goes to the desk of their region like an intake, and the course's provider hears
    of it when it has an intake address; the desk makes the contact (docs/intake.md).
    """
    referral = intake_submit(
        first_name=first_name,
        email=email,
        municipality=municipality,
        contact_preference=Referral.ContactPreference.EMAIL,
        last_name=last_name,
        course=course,
        offering=offering,
        language=language,
    )
    if course.provider.intake_email:
        _notify_provider(referral)
    return referral


def _course_title(referral: Referral) -> dict:
    return {"course_title": referral.course.title} if referral.course else {}


def _notify_desk(referral: Referral) -> None:
    desk = referral.desk
    enqueue(
        kind="referral_new",
        recipient=desk.email,
        context=referral.desk_notification_context(desk.name, desk),
        idempotency_key=f"referral:{referral.pk}:new",
        language=DESK_LANGUAGE,
    )


def _confirm_to_candidate(referral: Referral, language: str) -> None:
    desk = referral.desk
    with translation.override(language):
        contact_preference = str(referral.get_contact_preference_display())
    enqueue(
        kind="referral_confirmation",
        recipient=referral.candidate.email,
        context={
            "first_name": referral.candidate.first_name,
            "desk_name": desk.name,
            "desk_phone": desk.phone,
            "desk_email": desk.email,
            "desk_website": desk.website,
            "contact_within_days": desk.contact_within_days,
            "contact_preference": contact_preference,
            "status_url": absolute_url("referral_status", referral.token),
            **_course_title(referral),
        },
        idempotency_key=f"referral:{referral.pk}:confirmation",
        language=language,
    )


def _notify_provider(referral: Referral) -> None:
    """Only what the provider needs to expect the person: no contact details, the desk connects."""
    with translation.override(DESK_LANGUAGE):
        offering = referral.offering.describe() if referral.offering else ""
    enqueue(
        kind="interest_provider",
        recipient=referral.course.provider.intake_email,
        context={
            "provider_name": referral.course.provider.name,
            "first_name": referral.candidate.first_name,
            "course_title": referral.course.title,
            "offering": offering,
            "municipality": referral.candidate.municipality.name,
            "desk_name": referral.desk.name,
        },
        idempotency_key=f"referral:{referral.pk}:provider",
        language=DESK_LANGUAGE,
    )


def _tell_coordinators_their_desk_is_missing(referral: Referral) -> None:
    coordinators = Membership.objects.filter(
        region=referral.region, role=Membership.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    for membership in coordinators:
        enqueue(
            kind="desk_missing",
            recipient=membership.user.email,
            context={
                "region": referral.region.name,
                "referral_id": referral.pk,
                "dashboard_url": absolute_url("dashboard:home"),
            },
            idempotency_key=f"referral:{referral.pk}:desk_missing:{membership.user_id}",
            language=DESK_LANGUAGE,
        )
