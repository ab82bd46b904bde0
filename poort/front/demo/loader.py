"""Load the demo content into the database, matching rows on natural keys.

Running it again creates nothing and changes nothing: each row is compared field by field
with what is planned and written only when it differs. Fields that people may change in
the admin and that the demo does not set (is_active, is_published, passwords) are left alone.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from funding.models import Scheme
from poort.models import Notification, User
from regions.models import Desk, Initiative, Membership, Municipality, Region, Sector
from trajectories.models import (
    Candidate,
    CheckIn,
    ContactMoment,
    Course,
    Offering,
    OnwardReferral,
    Provider,
    Referral,
    ReferralStatusChange,
    Trajectory,
    TrajectoryStatusChange,
)

from . import accounts, catalogue, queue, regional, schemes


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
            "serves": {regions[code] for code in item["regions"]},
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


# The source id of the runs that the demo trajectories started on, before the catalogue's dates.
QUEUE_OFFERING_PREFIX = "demo-queue-"

# The timestamps the model methods set to "now", by the path from the row to its candidate.
STAMPED = [
    (Candidate, "pk", ("created_at",)),
    (Referral, "candidate", ("created_at", "updated_at", "first_contact_at", "closed_at")),
    (ReferralStatusChange, "referral__candidate", ("changed_at",)),
    (ContactMoment, "referral__candidate", ("at",)),
    (OnwardReferral, "referral__candidate", ("at",)),
    (Trajectory, "candidate", ("created_at", "updated_at")),
    (TrajectoryStatusChange, "trajectory__candidate", ("changed_at",)),
    (CheckIn, "trajectory__candidate", ("answered_at",)),
]


def load_queue(today: date, towns: dict[str, int]) -> Outcome:
    """The demo queue: requests of fictional people, each walked along its story.

    A person whose e-mail address is in the database already is left alone, whatever
    advisers did with their request since.
    """
    outcome = Outcome("demo queue (people)", total=len(queue.PEOPLE))
    emails = [person.email for person in queue.PEOPLE]
    existing = set(Candidate.objects.filter(email__in=emails).values_list("email", flat=True))
    if len(existing) == len(emails):
        return outcome
    advisers = {
        membership.region.code: membership.user
        for membership in Membership.objects.filter(
            role=Membership.Role.ADVISER,
            user__email__in=[account["email"] for account in accounts.ACCOUNTS],
        ).select_related("region", "user")
    }
    now = timezone.now()
    for number, person in enumerate(queue.PEOPLE):
        if person.email in existing:
            continue
        town = Municipality.objects.select_related("region").get(pk=towns[person.town])
        received = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=person.days_ago),
                datetime.time(8 + number % 8, 7 * number % 60),
            )
        )
        walk = Walk(person, town, advisers.get(town.region.code), min(received, now), today)
        walk.take_every_step(number)
        outcome.created.add(person.email)
    return outcome


@dataclass
class Walk:
    """One person's request, from the intake along the steps of their story."""

    person: queue.DemoPerson
    town: Municipality
    adviser: User | None
    received: datetime.datetime
    today: date
    candidate: Candidate = field(init=False)
    referral: Referral = field(init=False)
    course: Course = field(init=False)
    offering: Offering = field(init=False)

    def take_every_step(self, number: int) -> None:
        self.create_request(number)
        for step in queue.STORIES[self.person.story]:
            since = timezone.now()
            self.take(step)
            self.stamp(self.moment(step), since=since)
        self.mark_check_ins_sent()
        # The e-mails the steps queue (onward referral, plan, withdrawal): the demo sends none.
        for pk in self.candidate.referrals.values_list("pk", flat=True):
            Notification.objects.filter(idempotency_key__startswith=f"referral:{pk}:").delete()

    def create_request(self, number: int) -> None:
        person = self.person
        region = self.town.region
        self.course, self.offering = demo_offering(person.sector, region, self.today)
        # What intake_submit and interest_submit write, without their e-mails: a sign-up for
        # a course asks only for a name, an e-mail address and a place.
        interest = person.kind == Referral.Kind.INTEREST
        phoned = person.contact == Referral.ContactPreference.PHONE and not interest
        self.candidate = Candidate.objects.create(
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=f"06 00{number:06d}" if phoned else "",
            municipality=self.town,
            situation="" if interest else person.situation,
            occupation="" if interest else person.occupation,
        )
        self.referral = Referral.objects.create(
            candidate=self.candidate,
            kind=person.kind,
            region=region,
            desk=Desk.objects.for_region(region),
            course=self.course if interest else None,
            offering=self.offering if interest else None,
            contact_preference=Referral.ContactPreference.EMAIL if interest else person.contact,
            interests={
                "sectors": [] if interest else [person.sector],
                "what_matters": [] if interest else queue.WHAT_MATTERS[person.situation],
            },
        )
        ReferralStatusChange.objects.create(referral=self.referral, to_status=Referral.Status.NEW)
        self.stamp(self.received, since=self.candidate.created_at)

    def moment(self, step: queue.Step) -> datetime.datetime:
        return self.received + datetime.timedelta(days=step.day, hours=step.hours)

    def take(self, step: queue.Step) -> None:
        referral, adviser = self.referral, self.adviser
        referral.refresh_from_db()
        trajectory = referral.trajectories.first()
        if step.action == "assign" and adviser is not None:
            referral.assign_to(adviser)
        elif step.action == "contact":
            referral.log_contact(adviser, step.channel, step.note)
        elif step.action == "advise":
            referral.move_to(Referral.Status.ADVISING, adviser)
        elif step.action == "no_response":
            referral.move_to(Referral.Status.NO_RESPONSE, adviser, step.note)
        elif step.action == "withdraw":
            referral.withdraw()
        elif step.action == "refer_on":
            to_desk = Desk.objects.for_region(Region.objects.get(code=self.person.refer_to))
            moving = OnwardReferral.Reason.LIVES_THERE  # the story: they move there
            referral.refer_on(by=adviser, to_desk=to_desk, reason_code=moving, reason=step.note)
        elif step.action == "plan":
            offering = self.past_offering() or self.offering
            referral.plan_trajectory(by=adviser, offering=offering, agreements=step.note)
        elif step.action == "start":
            trajectory.start(by=adviser, on=self.moment(step).date())
        elif step.action == "check_in":
            first = trajectory.check_ins.order_by("months").first()
            first.record_answer(CheckIn.Answer.GOING_WELL, step.note)
        elif step.action == "end":
            trajectory.end(Trajectory.Status.COMPLETED, by=adviser, note=step.note)

    def past_offering(self) -> Offering | None:
        """A run of the course that starts on the story's day; the catalogue plans ahead only."""
        steps = {step.action: step for step in queue.STORIES[self.person.story]}
        if "start" not in steps:
            return None
        start = self.moment(steps["start"]).date()
        weeks = self.course.duration_weeks or 12
        end = self.moment(steps["end"]).date() if "end" in steps else None
        return Offering.objects.create(
            course=self.course,
            start_date=start,
            end_date=end or start + datetime.timedelta(weeks=weeks),
            municipality=self.town,
            source_id=QUEUE_OFFERING_PREFIX + self.person.email.split("@")[0],
        )

    def stamp(self, moment: datetime.datetime, *, since: datetime.datetime) -> None:
        """Give the person's rows that a step stamped "now" the moment of the story."""
        candidate = Candidate.objects.filter(pk=self.candidate.pk)
        for model, path, names in STAMPED:
            rows = model.objects.filter(**{f"{path}__in": candidate})
            for name in names:
                rows.filter(**{f"{name}__gte": since}).update(**{name: moment})
        Trajectory.objects.filter(candidate__in=candidate, ended_on__gte=since.date()).update(
            ended_on=moment.date()
        )

    def mark_check_ins_sent(self) -> None:
        """Check-ins whose day has come went out in the story (the demo sends no e-mail), so
        the daily task does not send them now."""
        due = CheckIn.objects.filter(
            trajectory__candidate=self.candidate, due_on__lte=self.today, sent_at=None
        ).exclude(trajectory__ended_on__lt=F("due_on"))
        for check_in in due:
            sent = datetime.datetime.combine(check_in.due_on, datetime.time(7, 0))
            CheckIn.objects.filter(pk=check_in.pk).update(sent_at=timezone.make_aware(sent))


def demo_offering(sector: str, region: Region, today: date) -> tuple[Course, Offering]:
    """The first upcoming demo offering in the field, one in the region when there is one."""
    offering = (
        Offering.objects.upcoming(today + datetime.timedelta(days=1))
        .filter(course__source=catalogue.SOURCE, course__sector__slug=sector)
        .exclude(source_id__startswith=QUEUE_OFFERING_PREFIX)
        .nearest_first(region)
        .select_related("course")
        .first()
    )
    return offering.course, offering


def facts() -> tuple[dict[str, int], dict[str, int]]:
    """Region ids by code and municipality ids by name, from the data migrations."""
    regions = dict(Region.objects.values_list("code", "pk"))
    towns = dict(Municipality.objects.values_list("name", "pk"))
    missing = sorted(
        ({code for code, *_ in regional.DESKS} - set(regions))
        | ({town for names in regional.TOWNS.values() for town in names} - set(towns))
        | ({person.town for person in queue.PEOPLE} - set(towns))
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
        load_queue(today, towns),
    ]
