"""What the database itself refuses for courses, offerings, candidates and referrals."""

import datetime
import math
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from regions.models import Desk, Municipality, Sector
from trajectories.models import (
    Candidate,
    Course,
    Offering,
    Provider,
    Referral,
    new_status_token,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
BSN_WORDS = ("bsn", "burgerservicenummer", "social security", "sofi", "citizen service")


@pytest.fixture
def provider() -> Provider:
    return Provider.objects.create(name="ROC Twente", slug="roc-twente")


@pytest.fixture
def course(provider) -> Course:
    return make_course(provider)


def make_course(provider: Provider, **values) -> Course:
    values = {
        "title": "Monteur elektrotechniek",
        "slug": f"monteur-{Course.objects.count()}",
        "summary": "Word monteur in twee jaar.",
        "provider": provider,
        "sector": Sector.objects.get_or_create(name="Elektrotechniek", slug="elektro")[0],
        "certificate_kind": "diploma",
        "mode": "classroom",
        "price": Decimal("1500.00"),
        **values,
    }
    return Course.objects.create(**values)


@pytest.fixture
def enschede() -> Municipality:
    return Municipality.objects.get(code="GM0153")


@pytest.fixture
def referral(course, enschede) -> Referral:
    region = enschede.region
    desk = Desk.objects.create(
        region=region, name="Werkcentrum Twente", kind="werkcentrum", email="wc@example.nl"
    )
    candidate = Candidate.objects.create(first_name="Sanne", municipality=enschede)
    return Referral.objects.create(
        candidate=candidate, kind=Referral.Kind.INTEREST, region=region, desk=desk, course=course
    )


def test_a_course_price_cannot_be_negative(provider):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_course(provider, price=Decimal("-0.01"))


def test_a_free_course_is_accepted(provider):
    assert make_course(provider, price=Decimal("0")).price == 0


@pytest.mark.parametrize("crebo", ["1234", "12a45", "abcde", " 1234"])
def test_a_crebo_code_has_five_digits(provider, crebo):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_course(provider, crebo_code=crebo)


@pytest.mark.parametrize("crebo", ["25269", ""])
def test_a_five_digit_crebo_code_or_none_is_accepted(provider, crebo):
    assert make_course(provider, crebo_code=crebo).crebo_code == crebo


def test_a_course_source_id_is_unique_within_its_source(provider):
    make_course(provider, source="edudex", source_id="program-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_course(provider, source="edudex", source_id="program-1")


def test_the_same_source_id_may_appear_in_another_source(provider):
    make_course(provider, source="edudex", source_id="program-1")
    make_course(provider, source="ooapi", source_id="program-1")

    assert Course.objects.count() == 2


def test_many_courses_may_have_no_source_id(provider):
    make_course(provider)
    make_course(provider)

    assert Course.objects.filter(source_id="").count() == 2


def test_a_provider_source_id_is_unique_within_its_source():
    Provider.objects.create(name="A", slug="a", source="edudex", source_id="42")

    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.create(name="B", slug="b", source="edudex", source_id="42")


def test_an_offering_source_id_is_unique_within_its_course(course, provider):
    Offering.objects.create(course=course, start_date=START, source_id="run-1")
    Offering.objects.create(course=make_course(provider), start_date=START, source_id="run-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.create(course=course, start_date=START, source_id="run-1")


def test_an_offering_cannot_end_before_it_starts(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.create(
            course=course, start_date=START, end_date=START - datetime.timedelta(days=1)
        )


def test_an_offering_may_end_on_its_first_day(course):
    assert Offering.objects.create(course=course, start_date=START, end_date=START).pk


def test_the_application_deadline_cannot_be_after_the_start(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.create(
            course=course,
            start_date=START,
            application_deadline=START + datetime.timedelta(days=1),
        )


def test_the_application_deadline_may_be_the_start_day(course):
    assert Offering.objects.create(course=course, start_date=START, application_deadline=START)


def test_an_offering_price_cannot_be_negative(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.create(course=course, start_date=START, price=Decimal("-1"))


def test_a_referral_for_interest_in_a_course_needs_the_course(referral):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            candidate=referral.candidate,
            kind=Referral.Kind.INTEREST,
            region=referral.region,
            desk=referral.desk,
        )


def test_an_intake_referral_needs_no_course(referral):
    intake = Referral.objects.create(
        candidate=referral.candidate,
        kind=Referral.Kind.INTAKE,
        region=referral.region,
        desk=referral.desk,
    )

    assert intake.course is None


@pytest.mark.parametrize("depends_on", ["region", "desk", "course", "candidate"])
def test_what_a_referral_depends_on_cannot_be_deleted(referral, depends_on):
    with pytest.raises(ProtectedError) as refusal, transaction.atomic():
        getattr(referral, depends_on).delete()

    assert referral in refusal.value.protected_objects
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_the_municipality_of_a_referred_candidate_cannot_be_deleted(referral):
    with pytest.raises(ProtectedError) as refusal, transaction.atomic():
        referral.candidate.municipality.delete()

    assert referral.candidate in refusal.value.protected_objects
    assert Referral.objects.get(pk=referral.pk).candidate.municipality.code == "GM0153"


def test_the_preferred_offering_of_a_referral_cannot_be_deleted(referral):
    offering = Offering.objects.create(course=referral.course, start_date=START)
    Referral.objects.filter(pk=referral.pk).update(offering=offering)

    with pytest.raises(ProtectedError) as refusal, transaction.atomic():
        offering.delete()

    assert referral in refusal.value.protected_objects
    assert Referral.objects.filter(pk=referral.pk, offering=offering).exists()


def test_a_status_token_holds_at_least_128_random_bits():
    tokens = [new_status_token() for _ in range(5000)]

    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)
    # Each position of a random URL-safe token takes up to 64 values (6 bits); over 5000
    # tokens every value a position can take shows up, so this adds up the bits per position.
    bits = sum(
        math.log2(len({token[position] for token in tokens}))
        for position in range(min(len(token) for token in tokens))
    )
    assert bits >= 128


def test_every_referral_gets_its_own_token(referral):
    for _ in range(50):
        Referral.objects.create(
            candidate=referral.candidate,
            kind=Referral.Kind.INTAKE,
            region=referral.region,
            desk=referral.desk,
        )

    tokens = list(Referral.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens) == 51
    assert all(len(token) >= 22 for token in tokens)


def test_two_referrals_cannot_share_a_token(referral):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            candidate=referral.candidate,
            kind=Referral.Kind.INTAKE,
            region=referral.region,
            desk=referral.desk,
            token=referral.token,
        )


def test_a_candidate_has_no_field_that_could_hold_a_bsn():
    for field in Candidate._meta.get_fields():
        described = " ".join(
            str(text).lower()
            for text in (
                field.name,
                getattr(field, "verbose_name", ""),
                getattr(field, "help_text", ""),
            )
        )
        assert not any(word in described for word in BSN_WORDS), field.name
