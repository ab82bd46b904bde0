"""Factories for trajectories' models: the catalogue, candidates, referrals and trajectories."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level, Situation
from tests.poort.factories import UserFactory
from tests.regions.factories import SectorFactory, active_desk, municipality, region
from trajectories.models import (
    Candidate,
    Course,
    Offering,
    Provider,
    Referral,
    ReferralStatusChange,
    Trajectory,
    TrajectoryStatusChange,
)

PROVIDERS = [
    "Techniekschool Noord",
    "Vakopleidingen Midden",
    "Opleidingscentrum De Werkplaats",
    "Installatie Opleidingen Zuid",
    "Metaal Leerbedrijf Oost",
]

COURSES = [
    "Monteur warmtepompen",
    "Installateur zonnepanelen",
    "Lasser MIG/MAG",
    "Eerste monteur elektrotechnische installaties",
    "Monteur laadpalen",
    "Allround CNC-verspaner",
    "Medewerker ICT-support",
]

OCCUPATIONS = [
    "Productiemedewerker",
    "Chauffeur",
    "Winkelmedewerker",
    "Magazijnmedewerker",
    "Kok",
    "Schoonmaker",
]


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"{PROVIDERS[n % len(PROVIDERS)]} {n + 1}")
    slug = factory.LazyAttribute(lambda provider: slugify(provider.name))
    website = factory.LazyAttribute(lambda provider: f"https://{provider.slug}.example.nl/")
    intake_email = factory.LazyAttribute(lambda provider: f"intake@{provider.slug}.example.nl")


class CourseFactory(factory.django.DjangoModelFactory):
    """A published mbo 3 certificate course, learnt in practice, for € 2.450."""

    class Meta:
        model = Course

    title = factory.Sequence(lambda n: COURSES[n % len(COURSES)])
    slug = factory.Sequence(lambda n: f"opleiding-{n}")
    summary = factory.LazyAttribute(lambda course: f"Word {course.title.lower()} in een jaar.")
    description = "Je leert het vak in de praktijk, bij een leerbedrijf, met één lesdag per week."
    provider = factory.SubFactory(ProviderFactory)
    sector = factory.SubFactory(SectorFactory)
    level = Level.NLQF3
    certificate_kind = CertificateKind.MBO_CERTIFICATE
    learning_path = LearningPath.WORKPLACE
    mode = CourseMode.CLASSROOM
    duration_weeks = 20
    hours_per_week = 8
    price = Decimal("2450.00")
    is_published = True

    class Params:
        diploma = factory.Trait(
            certificate_kind=CertificateKind.DIPLOMA,
            learning_path=LearningPath.BBL,
            crebo_code="25252",
            duration_weeks=78,
            price=Decimal("6800.00"),
        )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class OfferingFactory(factory.django.DjangoModelFactory):
    """A start in Groningen a month from today; `online=True` for one without a place."""

    class Meta:
        model = Offering

    course = factory.SubFactory(CourseFactory)
    start_date = factory.LazyFunction(lambda: in_days(30))
    end_date = factory.LazyAttribute(
        lambda offering: offering.start_date + datetime.timedelta(weeks=20, days=-3)
    )
    municipality = factory.LazyFunction(municipality)
    seats = 12

    class Params:
        online = factory.Trait(municipality=None)


class CandidateFactory(factory.django.DjangoModelFactory):
    """A person in work who lives in Groningen (region AM01), without an account."""

    class Meta:
        model = Candidate

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"kandidaat{n}@voorbeeld.example")
    phone = "06 12345678"
    municipality = factory.LazyFunction(municipality)
    situation = Situation.EMPLOYED
    occupation = factory.Iterator(OCCUPATIONS)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A new intake referral to the active desk of the candidate's home region.

    The desk is made when the region has none. `interest=True` makes it an interest
    sign-up for a course.
    """

    class Meta:
        model = Referral

    candidate = factory.SubFactory(CandidateFactory)
    kind = Referral.Kind.INTAKE
    region = factory.LazyAttribute(
        lambda referral: (
            referral.candidate.municipality.region if referral.candidate.municipality else region()
        )
    )
    desk = factory.LazyAttribute(lambda referral: active_desk(referral.region))
    status = Referral.Status.NEW
    contact_preference = Referral.ContactPreference.PHONE
    interests = factory.LazyFunction(lambda: {"sectors": ["elektrotechniek"]})

    class Params:
        interest = factory.Trait(
            kind=Referral.Kind.INTEREST,
            course=factory.SubFactory(CourseFactory),
            offering=factory.SubFactory(OfferingFactory, course=factory.SelfAttribute("..course")),
        )


class ReferralStatusChangeFactory(factory.django.DjangoModelFactory):
    """The adviser's first contact: new → contacted."""

    class Meta:
        model = ReferralStatusChange

    referral = factory.SubFactory(ReferralFactory)
    from_status = Referral.Status.NEW
    to_status = Referral.Status.CONTACTED
    changed_by = factory.SubFactory(UserFactory)
    note = "Gebeld en een afspraak gemaakt voor een adviesgesprek."


class TrajectoryFactory(factory.django.DjangoModelFactory):
    """A planned trajectory for the candidate of a referral, on an offering."""

    class Meta:
        model = Trajectory

    referral = factory.SubFactory(ReferralFactory, status=Referral.Status.TRAJECTORY_PLANNED)
    candidate = factory.SelfAttribute("referral.candidate")
    offering = factory.SubFactory(OfferingFactory)
    status = Trajectory.Status.PLANNED
    agreements = "Start na de zomer. Werkgever betaalt de helft, het regionale fonds de rest."


class TrajectoryStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrajectoryStatusChange

    trajectory = factory.SubFactory(TrajectoryFactory)
    from_status = Trajectory.Status.PLANNED
    to_status = Trajectory.Status.STARTED
    changed_by = factory.SubFactory(UserFactory)
    note = "Eerste lesdag gehad."


def varied_catalogue() -> None:
    """30 courses that differ in every fact the catalogue filters on, 9 of 10 published,
    with 0 to 3 offerings in three regions or online, past and upcoming: the data on which
    the ways of counting (tally, index, courses) are compared."""
    places = [municipality("Groningen"), municipality("Enschede"), municipality("Utrecht"), None]
    fields = [SectorFactory(), SectorFactory()]
    for number in range(30):
        course = CourseFactory(
            title=f"{'Monteur' if number % 3 else 'Vakman'} techniek {number}",
            sector=fields[number % 2],
            level=number % 4 + 1,
            learning_path=list(LearningPath)[number % 3],
            mode=list(CourseMode)[number % 4],
            certificate_kind=list(CertificateKind)[number % 4],
            price=Decimal([0, 450, 900, 2000, 4800, 7000][number % 6]),
            is_published=number % 10 != 9,
        )
        for offset in range(number % 4):
            OfferingFactory(
                course=course,
                municipality=places[(number + offset) % 4],
                start_date=in_days([-20, 3, 45, 120, 300][(number + offset * 2) % 5]),
            )


# Searches to count on varied_catalogue(); "region" names a municipality of the region.
SEARCHES = [
    {},
    {"text": "monteur"},
    {"region": "Enschede"},
    {"region": "Groningen", "starts_within": "3-maanden"},
    {"starts_within": "deze-maand", "max_price": 1000},
    {"text": "techniek", "level": 2, "mode": "online"},
    {"region": "Utrecht", "learning_path": "bbl", "max_price": 0},
]


def normalised(counts: dict) -> dict:
    """The counts without the options that count nothing."""
    return {
        name: {key: number for key, number in options.items() if number}
        if isinstance(options, dict)
        else options
        for name, options in counts.items()
    }
