"""Factories for funding's models."""

from decimal import Decimal

import factory
from django.utils.text import slugify

from funding.models import Scheme

SCHEMES = [
    "Scholingsbudget Techniek",
    "Leerrekening Vakmanschap",
    "Omscholingsfonds Energie",
    "Talentfonds Maakindustrie",
    "Ontwikkelbudget Werkenden",
]


class SchemeFactory(factory.django.DjangoModelFactory):
    """An open national scheme for everyone: pays 100% up to € 2.500.

    `regions=[...]` and `sectors=[...]` limit it; empty means the whole country, every field.
    """

    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"{SCHEMES[n % len(SCHEMES)]} {n + 1}")
    slug = factory.LazyAttribute(lambda scheme: slugify(scheme.name))
    funder = "Ministerie van Sociale Zaken en Werkgelegenheid"
    level = Scheme.Level.NATIONAL
    summary = "Geld voor een opleiding in de techniek."
    body = (
        "Deze regeling betaalt een opleiding die je helpt om technisch werk te vinden of te houden."
    )
    target_groups = factory.LazyFunction(list)
    maximum_amount = Decimal("2500.00")
    percentage_covered = 100
    status = Scheme.Status.OPEN
    apply_url = factory.LazyAttribute(lambda scheme: f"https://www.{scheme.slug}.example/")

    @factory.post_generation
    def regions(scheme: Scheme, create: bool, regions: list | None, **kwargs) -> None:
        if create and regions:
            scheme.regions.set(regions)

    @factory.post_generation
    def sectors(scheme: Scheme, create: bool, sectors: list | None, **kwargs) -> None:
        if create and sectors:
            scheme.sectors.set(sectors)
