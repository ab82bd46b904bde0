"""Factories for regions' models.

The 35 regions and 342 municipalities come from a data migration and exist in every test
database: pick them with `region("AM01")` and `municipality("Groningen")`, never create them.
"""

import factory
from django.utils.text import slugify

from regions.models import Desk, Initiative, Membership, Municipality, Region, Sector
from tests.poort.factories import UserFactory


def region(code: str = "AM01") -> Region:
    """An existing labour market region by its code (AM01 is Groningen)."""
    return Region.objects.get(code=code)


def municipality(name: str = "Groningen") -> Municipality:
    """An existing municipality by its CBS name, e.g. "Utrecht" or "'s-Gravenhage"."""
    return Municipality.objects.get(name=name)


def region_without_desk() -> Region:
    """The first region, by code, that has no active desk yet."""
    return Region.objects.exclude(desks__is_active=True).order_by("code").first()


FIELDS = [
    "Koudetechniek",
    "Procestechniek",
    "Scheepsbouw",
    "Luchtvaarttechniek",
    "Railtechniek",
    "Waterbouw",
    "Domotica",
    "Liftentechniek",
]


class SectorFactory(factory.django.DjangoModelFactory):
    """A technical field; returns the existing one when the name is taken."""

    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(
        lambda n: FIELDS[n % len(FIELDS)] + (f" {n // len(FIELDS) + 1}" if n >= len(FIELDS) else "")
    )
    slug = factory.LazyAttribute(lambda sector: slugify(sector.name))


class DeskFactory(factory.django.DjangoModelFactory):
    """An active Werkcentrum, by default for the first region that has no active desk."""

    class Meta:
        model = Desk

    region = factory.LazyFunction(region_without_desk)
    name = factory.LazyAttribute(lambda desk: f"Werkcentrum {desk.region.name}")
    kind = Desk.Kind.WERKCENTRUM
    email = factory.LazyAttribute(
        lambda desk: f"aanmeldingen@{slugify(desk.name.replace('/', ' '))}.example"
    )
    phone = "050 760 01 01"
    address = "Stationsplein 1\n9726 AE Groningen"
    opening_hours = "Maandag tot en met vrijdag van 9.00 tot 17.00 uur"
    contact_within_days = 5
    is_active = True

    class Params:
        national = factory.Trait(
            region=None,
            name="Landelijk loket Gouden Poort",
            kind=Desk.Kind.NATIONAL,
            email="aanmeldingen@goudenpoort.example",
        )


def active_desk(region: Region) -> Desk:
    """The region's active desk, made when it has none."""
    return Desk.objects.filter(region=region, is_active=True).first() or DeskFactory(region=region)


INITIATIVES = [
    "Zeeuws Techniektalent",
    "Haags Leerwerkakkoord",
    "Amsterdamse Technische Talentenpool",
    "Flevolands Vakfonds",
    "Kennemer Vakschool",
    "Drechtsteden Leert",
]


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A regional initiative in Groningen (AM01) unless `regions=[...]` says otherwise; it
    serves the regions it is linked to, and `serves=[...]` adds more."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"{INITIATIVES[n % len(INITIATIVES)]} {n + 1}")
    slug = factory.LazyAttribute(lambda initiative: slugify(initiative.name))
    summary = "Gratis advies en scholing voor werk in de techniek."
    body = "Je krijgt een adviseur, een opleiding die bij je past en hulp bij het betalen."
    website = factory.LazyAttribute(lambda initiative: f"https://www.{initiative.slug}.example/")

    @factory.post_generation
    def regions(initiative: Initiative, create: bool, regions: list | None, **kwargs) -> None:
        if create:
            linked = regions if regions is not None else [region("AM01")]
            initiative.regions.set(linked)
            initiative.serves.add(*linked)

    @factory.post_generation
    def serves(initiative: Initiative, create: bool, serves: list | None, **kwargs) -> None:
        if create and serves:
            initiative.serves.add(*serves)

    @factory.post_generation
    def sectors(initiative: Initiative, create: bool, sectors: list | None, **kwargs) -> None:
        if create and sectors:
            initiative.sectors.set(sectors)


class MembershipFactory(factory.django.DjangoModelFactory):
    """An adviser in Groningen (AM01); pass role=Membership.Role.COORDINATOR for a coordinator."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    region = factory.LazyFunction(region)
    role = Membership.Role.ADVISER
