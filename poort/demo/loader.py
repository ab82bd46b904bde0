"""Load the demo content into the database, matching rows on natural keys.

Running it again creates nothing and changes nothing: each row is compared field by field
with what is planned and written only when it differs. Fields that people may change in
the admin and that the demo does not set (is_active, is_published, passwords) are left alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from funding.models import Scheme
from poort.models import User
from regions.models import Desk, Initiative, Membership, Municipality, Region, Sector
from trajectories.models import Course, Offering, Provider

from . import accounts, catalogue, regional, schemes


class DemoDataError(Exception):
    """The database lacks facts the demo builds on (run `manage.py migrate` first)."""


@dataclass
class Outcome:
    """What loading one kind of row did, by natural key."""

    label: str
    total: int = 0
    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)
    kept: int = 0  # planned rows left out because people set up their own

    @property
    def unchanged(self) -> int:
        return self.total - len(self.created) - len(self.updated)


@dataclass
class Synced:
    outcome: Outcome
    objects: dict = field(default_factory=dict)


def sync(
    label: str,
    queryset: models.QuerySet,
    key: tuple[str, ...],
    rows: Iterable[dict],
    links: dict | None = None,
) -> Synced:
    """Create the rows that are missing and update the ones that differ, in bulk.

    `rows` hold field values by attname (`region_id`, not `region`); `links` maps a row's
    key to the many-to-many values it should have, e.g. {("slug",): {"regions": {1, 2}}}.
    Returns what happened and every row of the queryset by key.
    """
    outcome = write_rows(label, queryset, key, rows)
    if links:
        queryset = queryset.prefetch_related(*next(iter(links.values())))
    objects = {tuple(getattr(obj, name) for name in key): obj for obj in queryset.all()}
    for row_key, wanted in (links or {}).items():
        for relation, ids in wanted.items():
            related = getattr(objects[row_key], relation)
            if {obj.pk for obj in related.all()} != ids:
                related.set(ids)
                if row_key not in outcome.created:
                    outcome.updated.add(row_key)
    return Synced(outcome, objects)


def write_rows(
    label: str, queryset: models.QuerySet, key: tuple[str, ...], rows: Iterable[dict]
) -> Outcome:
    model = queryset.model
    existing = {tuple(getattr(obj, name) for name in key): obj for obj in queryset}
    outcome = Outcome(label)
    new, changed, changed_fields = [], [], set()
    for row in rows:
        row_key = tuple(row[name] for name in key)
        outcome.total += 1
        obj = existing.get(row_key)
        if obj is None:
            new.append(model(**row))
            outcome.created.add(row_key)
            continue
        differences = [name for name, value in row.items() if getattr(obj, name) != value]
        if differences:
            for name in differences:
                setattr(obj, name, row[name])
            changed.append(obj)
            changed_fields.update(differences)
            outcome.updated.add(row_key)
    model.objects.bulk_create(new)
    if changed:
        now = timezone.now()
        stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for obj in changed:
            for name in stamped:
                setattr(obj, name, now)
        model.objects.bulk_update(changed, [*changed_fields, *stamped])
    return outcome


def claim_slugs(rows: list[dict], queryset: models.QuerySet, ours: Q) -> None:
    """Give a planned row another slug when someone else's row already has it."""
    planned = [row["slug"] for row in rows]
    taken = set(queryset.filter(slug__in=planned).exclude(ours).values_list("slug", flat=True))
    for row in rows:
        if row["slug"] in taken:
            row["slug"] = f"{row['slug']}-demo"


def load_sectors() -> Synced:
    rows = [{"slug": slug, "name": name} for slug, name in regional.SECTORS]
    return sync("technical fields", Sector.objects.all(), ("slug",), rows)


def desk_row(
    index: int, region_id: int | None, name: str, address: str, phone: str, days: int
) -> dict:
    domain = (
        "goudenpoort.example" if region_id is None else f"{slugify(name.replace('/', ' '))}.example"
    )
    return {
        "region_id": region_id,
        "name": name,
        "kind": "national" if region_id is None else name.split()[0].lower(),
        "email": f"aanmeldingen@{domain}",
        "phone": phone,
        "address": address.replace(", ", "\n"),
        "opening_hours": regional.OPENING_HOURS[index % len(regional.OPENING_HOURS)],
        "website": f"https://www.{domain}/",
        "contact_within_days": days,
    }


def load_desks(regions: dict[str, int]) -> Synced:
    rows = [
        desk_row(index, regions.get(code), name, address, phone, days)
        for index, (code, name, address, phone, days) in enumerate(
            [*regional.DESKS, regional.NATIONAL_DESK]
        )
    ]
    ours = {(row["region_id"], row["name"]) for row in rows}
    # A region whose people set up an active desk of their own keeps it.
    own_desk = {
        desk.region_id
        for desk in Desk.objects.filter(is_active=True)
        if (desk.region_id, desk.name) not in ours
    }
    planned = [row for row in rows if row["region_id"] not in own_desk]
    synced = sync("desks", Desk.objects.all(), ("region_id", "name"), planned)
    synced.outcome.kept = len(rows) - len(planned)
    return synced


def load_initiatives(regions: dict[str, int], sectors: dict[str, int]) -> Synced:
    fields = ("slug", "name", "summary", "body", "website")
    rows = [{name: item[name] for name in fields} for item in regional.INITIATIVES]
    links = {
        (item["slug"],): {
            "regions": {regions[code] for code in item["regions"]},
            "sectors": {sectors[slug] for slug in item["sectors"]},
        }
        for item in regional.INITIATIVES
    }
    return sync("initiatives", Initiative.objects.all(), ("slug",), rows, links)


def load_schemes(regions: dict[str, int], sectors: dict[str, int]) -> Synced:
    rows, links = [], {}
    for item in schemes.SCHEMES:
        scheme = {**schemes.DEFAULTS, **item}
        links[(scheme["slug"],)] = {
            "regions": {regions[code] for code in scheme.pop("regions")},
            "sectors": {sectors[slug] for slug in scheme.pop("sectors")},
        }
        rows.append(scheme)
    return sync("funding schemes", Scheme.objects.all(), ("slug",), rows, links)


def load_providers() -> Synced:
    rows = [
        {
            "source": catalogue.SOURCE,
            "source_id": provider.slug,
            "slug": provider.slug,
            "name": provider.name,
            "website": provider.website,
            "intake_email": provider.intake_email,
        }
        for provider in catalogue.PROVIDERS
    ]
    demo = Q(source=catalogue.SOURCE)
    claim_slugs(rows, Provider.objects.all(), demo)
    return sync("providers", Provider.objects.filter(demo), ("source_id",), rows)


def load_courses(
    courses: list[catalogue.DemoCourse], providers: dict, sectors: dict[str, int]
) -> Synced:
    rows = [
        {
            "source": catalogue.SOURCE,
            "source_id": course.source_id,
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "description": course.description,
            "provider_id": providers[(course.provider.slug,)].pk,
            "sector_id": sectors[course.template.sector],
            "level": course.level,
            "certificate_kind": course.certificate_kind,
            "learning_path": course.learning_path,
            "mode": course.mode,
            "duration_weeks": course.duration_weeks,
            "hours_per_week": course.hours_per_week,
            "price": course.price,
            "crebo_code": course.crebo_code,
        }
        for course in courses
    ]
    demo = Q(source=catalogue.SOURCE)
    claim_slugs(rows, Course.objects.all(), demo)
    return sync("courses", Course.objects.filter(demo), ("source_id",), rows)


def load_offerings(
    courses: list[catalogue.DemoCourse], saved: dict, towns: dict[str, int], today: date
) -> Synced:
    first_of_month = today.replace(day=1)
    rows = []
    for course in courses:
        course_id = saved[(course.source_id,)].pk
        for offering in catalogue.demo_offerings(course, first_of_month):
            town = offering.pop("town")
            rows.append(
                {
                    **offering,
                    "course_id": course_id,
                    "municipality_id": towns[town] if town else None,
                }
            )
    queryset = Offering.objects.filter(course__source=catalogue.SOURCE)
    return sync("offerings", queryset, ("course_id", "source_id"), rows)


def load_accounts(regions: dict[str, int]) -> list[Outcome]:
    users = Outcome("demo users")
    addresses = Outcome("verified e-mail addresses")
    memberships = Outcome("memberships")
    password = None  # hashed once, only when an account is new
    for account in accounts.ACCOUNTS:
        email = account["email"]
        values = {
            "first_name": account["first_name"],
            "last_name": account["last_name"],
            "is_staff": account.get("is_staff", False),
            "is_superuser": account.get("is_superuser", False),
            "is_active": True,
        }
        users.total += 1
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = password or make_password(accounts.PASSWORD)
            user = User.objects.create(email=email, password=password, **values)
            users.created.add(email)
        elif any(getattr(user, name) != value for name, value in values.items()):
            User.objects.filter(pk=user.pk).update(**values)
            users.updated.add(email)

        addresses.total += 1
        address, created = EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if created:
            addresses.created.add(email)
        elif not (address.verified and address.primary):
            EmailAddress.objects.filter(pk=address.pk).update(verified=True, primary=True)
            addresses.updated.add(email)

        for code, role in account["memberships"]:
            memberships.total += 1
            _, created = Membership.objects.get_or_create(
                user=user, region_id=regions[code], role=role
            )
            if created:
                memberships.created.add((email, code, role))
    return [users, addresses, memberships]


def facts() -> tuple[dict[str, int], dict[str, int]]:
    """Region ids by code and municipality ids by name, from the data migrations."""
    regions = dict(Region.objects.values_list("code", "pk"))
    towns = dict(Municipality.objects.values_list("name", "pk"))
    missing = sorted(
        ({code for code, *_ in regional.DESKS} - set(regions))
        | ({town for names in regional.TOWNS.values() for town in names} - set(towns))
    )
    if missing:
        raise DemoDataError(
            "The database lacks regions or municipalities the demo uses: "
            + ", ".join(missing)
            + ". Run `manage.py migrate` first."
        )
    return regions, towns


@transaction.atomic
def load_demo(today: date | None = None) -> list[Outcome]:
    """Load all demo content; returns what was created, updated and left unchanged."""
    today = today or timezone.localdate()
    regions, towns = facts()
    sectors = load_sectors()
    sector_ids = {slug: sector.pk for (slug,), sector in sectors.objects.items()}
    desks = load_desks(regions)
    initiatives = load_initiatives(regions, sector_ids)
    funding = load_schemes(regions, sector_ids)
    providers = load_providers()
    planned = catalogue.demo_courses()
    courses = load_courses(planned, providers.objects, sector_ids)
    offerings = load_offerings(planned, courses.objects, towns, today)
    return [
        sectors.outcome,
        desks.outcome,
        initiatives.outcome,
        funding.outcome,
        providers.outcome,
        courses.outcome,
        offerings.outcome,
        *load_accounts(regions),
    ]
