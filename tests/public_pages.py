"""Every public page of the site, in one list.

The security header tests (tests/poort/test_security_headers.py) and the browser sweep with
axe-core (tests/e2e/test_public_pages.py) both run over this list. When you add a public
page, add it here, and add what it needs to show to `create_public_page_content`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from regions.models import Region
from tests.funding.factories import SchemeFactory
from tests.regions.factories import DeskFactory, InitiativeFactory, municipality, region
from tests.trajectories.factories import CourseFactory, OfferingFactory, in_days


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200  # after following redirects


PUBLIC_PAGES = [
    PublicPage("home", "/"),
    PublicPage("catalogue", "/opleidingen/"),
    PublicPage("orientation intake", "/orienteren/"),
    PublicPage("accessibility statement", "/toegankelijkheid/"),
    PublicPage("accessibility testing", "/toegankelijkheid/hoe-we-testen/"),
    PublicPage("privacy statement", "/privacy/"),
    PublicPage("contact", "/contact/"),
    PublicPage("region list", "/regio/"),
    PublicPage("region with a desk", "/regio/groningen/"),
    PublicPage("region without a desk", "/regio/zeeland/"),
    PublicPage("initiative", "/initiatieven/het-noorden-leert-door/"),
    PublicPage("funding schemes", "/regelingen/"),
    PublicPage("funding scheme", "/regelingen/scholingsbudget-het-noorden-leert-door/"),
    PublicPage("funding check", "/regelingen/check/"),
    PublicPage(
        "funding check with an answer",
        "/regelingen/check/?situatie=employed&gemeente=Groningen&opleiding=Monteur+warmtepompen",
    ),
    PublicPage("page not found", "/bestaat-niet/", status=404),
]


def restore_region_facts() -> None:
    """Load the regions and municipalities again when a live-server test flushed them.

    The data migration puts them in every test database, but a live-server test empties all
    tables when it ends. Django's serialized rollback cannot bring them back here: once
    Playwright runs, its event loop gives the test a database connection of its own, without
    the snapshot taken when the test database was made.
    """
    if not Region.objects.exists():
        import_module("regions.migrations.0002_regions_and_municipalities").load_facts(apps, None)


def create_public_page_content() -> None:
    """The desks and the initiative that the pages above show, on top of the region facts."""
    restore_region_facts()
    DeskFactory(
        region=region("AM01"),
        name="Werkcentrum Groningen",
        phone="050 123 45 67",
        website="https://werkcentrum-groningen.example/",
        contact_within_days=3,
    )
    DeskFactory(national=True, phone="088 123 45 00")
    InitiativeFactory(
        name="Het Noorden Leert Door",
        summary="Gratis mbo-trajecten van hooguit een jaar voor werkenden in het Noorden.",
        body="Kies uit ongeveer 160 trajecten.\n\nJe leert naast je werk.",
        regions=[region("AM01"), region("AM02"), region("AM03")],
    )
    SchemeFactory(
        name="Scholingsbudget Het Noorden Leert Door",
        level="regional",
        regions=[region("AM01"), region("AM02"), region("AM03")],
        maximum_amount=Decimal("1500"),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
        is_demo=True,
    )
    SchemeFactory(name="Leerrekening Techniek", employer_required=True)
    course = CourseFactory(title="Monteur warmtepompen")
    # It starts in Groningen, so the region page shows its courses too.
    OfferingFactory(course=course, municipality=municipality("Groningen"), start_date=in_days(14))
