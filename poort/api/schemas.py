"""What the API's answers hold (their OpenAPI schemas). Amounts are euros as decimal strings
("1250.00"), dates ISO 8601; field names follow the glossary of DESIGN.md."""

import datetime

from ninja import Field, Schema

Links = dict[str, dict[str, str]]


class Named(Schema):
    slug: str
    name: str


class CourseSummary(Schema):
    slug: str
    title: str
    summary: str
    provider: str
    sector: Named
    level: int | None
    certificate_kind: str
    learning_path: str
    mode: str
    price: str
    next_start: datetime.date | None
    links: Links = Field(alias="_links")


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class CoursePage(Schema):
    total: int = Field(description="How many courses the search finds.")
    page: int
    page_size: int
    pages: int
    results: list[CourseSummary]
    facets: dict[str, list[FacetOption]] = Field(
        description="Per filter (its query parameter), how many results each option gives."
    )
    links: Links = Field(alias="_links")


class OfferingOut(Schema):
    start_date: datetime.date
    end_date: datetime.date | None
    municipality: str | None = Field(description="CBS code; empty when online.")
    place: str
    region: str | None = Field(description="Code of the labour market region.")
    price: str
    seats: int | None
    application_deadline: datetime.date | None


class CourseDetail(CourseSummary):
    description: str
    duration_weeks: int | None
    hours_per_week: int | None
    crebo_code: str
    offerings: list[OfferingOut]


class SchemeOut(Schema):
    slug: str
    name: str
    funder: str
    level: str
    summary: str
    live_status: str = Field(description="open, upcoming, paused, exhausted or closed.")
    closing_soon: bool
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    maximum_amount: str | None
    percentage_covered: int
    regions: list[str] = Field(description="Region codes; empty: the whole country.")
    sectors: list[str] = Field(description="Field slugs; empty: every field.")
    apply_url: str
    links: Links = Field(alias="_links")


class ReasonOut(Schema):
    outcome: str
    text: str


class VerdictOut(Schema):
    scheme: str = Field(description="The scheme's slug.")
    name: str
    outcome: str = Field(description="fits, unknown or does_not_fit.")
    reasons: list[ReasonOut]


class StackLineOut(Schema):
    scheme: str
    name: str
    amount: str
    explanation: str


class StackOut(Schema):
    cost: str
    covered: str
    own_contribution: str
    lines: list[StackLineOut]
    exact: bool


class FundingCheckOut(Schema):
    region: str
    course: str | None
    verdicts: list[VerdictOut]
    stack: StackOut | None


class RegionOut(Schema):
    code: str
    slug: str
    name: str
    links: Links = Field(alias="_links")


class DeskOut(Schema):
    name: str
    kind: str
    region: str | None = Field(description="Region code; empty for the national desk.")
    email: str
    phone: str
    address: str
    opening_hours: str
    website: str
    contact_within_days: int


class InitiativeOut(Schema):
    slug: str
    name: str
    summary: str
    website: str
    regions: list[str]
    sectors: list[str]


class MunicipalityDesk(Schema):
    municipality: str
    name: str
    region: str
    desk: DeskOut


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str = ""


class PersonOut(Schema):
    first_name: str
    last_name: str
    email: str
    phone: str
    municipality: str | None
    situation: str
    occupation: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    note: str
    at: datetime.datetime


class ContactOut(Schema):
    channel: str
    note: str
    at: datetime.datetime


class ReferralOut(Schema):
    id: int
    kind: str
    status: str
    next_statuses: list[str]
    created_at: datetime.datetime
    first_contact_at: datetime.datetime | None
    course: str | None
    contact_preference: str
    interests: dict
    person: PersonOut
    history: list[StatusChangeOut]
    contacts: list[ContactOut]


class ReferralPage(Schema):
    results: list[ReferralOut]
    cursor: str = Field(description="Pass as ?cursor= to get what is newer.")
    links: Links = Field(alias="_links")


class StatusIn(Schema):
    status: str
    note: str = ""


class ContactIn(Schema):
    channel: str
    note: str = ""
