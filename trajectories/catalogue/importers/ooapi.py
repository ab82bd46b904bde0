"""OOAPI v5 programs and courses → courses, with their program and course offerings.

Reads objects as the Open Education API v5 returns them: lists or pages ({"items": [...]})
of organizations, education specifications, programs, courses and offerings, in one
document {"organizations": [...], "educationSpecifications": [...], "programs": [...],
"courses": [...], "offerings": [...]}, or spread over several files or JSON lines. Each
object is recognised by its id attribute (offeringId, courseId, programId, …). Offerings
point at their program or course, so everything is read before anything is saved. The
field names below are OOAPI's own; docs/imports.md lists how each maps onto ours.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from poort.vocabulary import CertificateKind, CourseMode, LearningPath

from . import schemas
from .common import (
    LEVELS_BY_NLQF,
    MAX_PRICE,
    CourseRecord,
    Document,
    InvalidRecord,
    OfferingRecord,
    Parsed,
    ProviderRecord,
    Vocabulary,
    as_list,
    as_text,
    check_offerings,
    crebo_code,
    dig,
    lowest_price,
    one_line,
    optional_date,
    parse_amount,
    parse_date,
    required_title,
    shortened,
    small_number,
    summary_of,
    text_items,
    weeks_from,
)

SOURCE = "ooapi"
CONSUMER_KEY = "gouden-poort"  # our own consumer block: {"consumerKey": …, "sector": "…"}
COLLECTIONS = ("organizations", "educationSpecifications", "programs", "courses", "offerings")
KINDS = (  # id attribute → kind, in the order an object is recognised
    ("offeringId", "offering"),
    ("courseId", "course"),
    ("programId", "program"),
    ("educationSpecificationId", "educationSpecification"),
    ("organizationId", "organization"),
)
LEVELS = {
    "secondary vocational education 1": 1,
    "secondary vocational education 2": 2,
    "secondary vocational education 3": 3,
    "secondary vocational education 4": 4,
    "associate degree": 5,
    "bachelor": 6,
}
MBO = "secondary vocational education"
OFFERING_SCHEMAS = {"course": "CourseOffering", "program": "ProgramOffering"}
ONLINE_DELIVERY = {"online", "distance-learning"}
NO_CERTIFICATE = {"no official document", "testimonial", "school advice"}
ISO_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T[\d.HMS]*)?")


@dataclass
class Catalogue:
    """Every OOAPI object in the source, by kind and id."""

    organizations: dict[str, dict] = field(default_factory=dict)
    specifications: dict[str, dict] = field(default_factory=dict)
    courses: dict[str, tuple[str, dict]] = field(default_factory=dict)  # id → (kind, object)
    offerings: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Parsed] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)  # program or course id → problem

    def check(self, schema: str, item: dict, expanded: bool = False) -> str:
        """The first problem of an object against the OOAPI v5 schema, "" for none."""
        return "" if expanded else schemas.ooapi_check(schema).problems(item)

    def add(self, label: str, item: Any, *, expanded: bool = False) -> None:
        """One object, or a document or page of them. An expanded reference (a whole object
        where an id could stand) was checked with the object that holds it."""
        if not isinstance(item, dict):
            self.problems.append(Parsed(label, reason=_("This is not an OOAPI object.")))
            return
        kind = next((kind for key, kind in KINDS if as_text(item.get(key))), None)
        if kind is None and any(key in item for key in (*COLLECTIONS, "items")):
            for key in (*COLLECTIONS, "items"):
                for child in as_list(dig(item, key, "items") or item.get(key)):
                    self.add(label, child)
        elif kind is None:
            self.problems.append(Parsed(label, reason=_("This is not an OOAPI object.")))
        elif kind == "offering":
            self.add_offering(label, item)
        elif kind in ("course", "program"):
            key = as_text(item[f"{kind}Id"])
            problem = self.check(kind.capitalize(), item, expanded)
            if problem and key not in self.invalid:
                self.invalid[key] = problem
            self.courses[key] = (kind, merged(self.courses.get(key, (kind, {}))[1], item))
            self.add_expanded(item.get("organization"))
            self.add_expanded(item.get("educationSpecification"))
        elif kind == "educationSpecification":
            problem = self.check("EducationSpecification", item, expanded)
            if problem:
                self.problems.append(
                    Parsed(f"educationSpecification {item[kind + 'Id']}", reason=problem)
                )
                return
            key = as_text(item["educationSpecificationId"])
            self.specifications[key] = merged(self.specifications.get(key, {}), item)
            self.add_expanded(item.get("organization"))
        else:
            problem = self.check("Organization", item, expanded)
            if problem:
                self.problems.append(
                    Parsed(f"organization {item['organizationId']}", reason=problem)
                )
                return
            key = as_text(item["organizationId"])
            self.organizations[key] = merged(self.organizations.get(key, {}), item)

    def add_expanded(self, reference: Any) -> None:
        """An expanded reference is a whole object; keep it like any other."""
        if isinstance(reference, dict):
            self.add("", reference, expanded=True)

    def add_offering(self, label: str, offering: dict) -> None:
        kind = as_text(offering.get("offeringType"))
        if kind == "component":
            return  # part of a course; our catalogue has no components
        reference = offering.get(kind) if kind in ("course", "program") else None
        self.add_expanded(reference)
        target = as_text(dig(reference, f"{kind}Id") if isinstance(reference, dict) else reference)
        if not target:
            self.problems.append(
                Parsed(
                    offering_label(offering),
                    reason=_("The offering names no program or course."),
                )
            )
            return
        problem = self.check(OFFERING_SCHEMAS[kind], offering)
        if problem and target not in self.invalid:
            self.invalid[target] = f"{offering_label(offering)}: {problem}"
        self.offerings[target].append(offering)

    def organization(self, reference: Any) -> dict | None:
        if isinstance(reference, dict):
            return reference
        return self.organizations.get(as_text(reference))

    def specification(self, reference: Any) -> dict:
        if isinstance(reference, dict):
            return reference
        return self.specifications.get(as_text(reference), {})

    def root_organization(self) -> dict | None:
        roots = [o for o in self.organizations.values() if o.get("organizationType") == "root"]
        candidates = roots or list(self.organizations.values())
        return candidates[0] if len(candidates) == 1 else None


def merged(known: dict, item: dict) -> dict:
    """The same object seen twice, e.g. in full and as a smaller expanded reference."""
    smaller, larger = sorted([known, item], key=len)
    return {**smaller, **larger}


def parse(documents: Iterable[Document], vocabulary: Vocabulary) -> Iterator[Parsed]:
    catalogue = Catalogue()
    for document in documents:
        if document.error:
            catalogue.problems.append(Parsed(document.label, reason=document.error))
        else:
            catalogue.add(document.label, document.data)
    yield from catalogue.problems
    for course_id, (kind, item) in catalogue.courses.items():
        label = f"{kind} {as_text(dig(item, 'primaryCode', 'code')) or course_id}"
        if course_id in catalogue.invalid:
            yield Parsed(label, reason=catalogue.invalid[course_id])
            continue
        try:
            yield Parsed(label, course_from(kind, item, catalogue, vocabulary))
        except InvalidRecord as error:
            yield Parsed(label, reason=str(error))
    for course_id, offerings in catalogue.offerings.items():
        if course_id not in catalogue.courses:
            for offering in offerings:
                yield Parsed(
                    offering_label(offering),
                    reason=_("Its program or course %(id)s is not in the source.")
                    % {"id": course_id},
                )


def offering_label(offering: dict) -> str:
    code = as_text(dig(offering, "primaryCode", "code")) or as_text(offering.get("offeringId"))
    return f"offering {code or '?'}"


def language_typed(value: Any) -> str:
    """From [{"language": "nl-NL", "value": "…"}, …]: Dutch, else English, else the first."""
    if isinstance(value, str):
        return value.strip()
    texts = [
        (as_text(dig(entry, "language")).lower(), as_text(dig(entry, "value")))
        for entry in as_list(value)
    ]
    texts = [(language, text) for language, text in texts if text]
    for prefix in ("nl", "en", ""):
        for language, text in texts:
            if language.startswith(prefix):
                return text
    return ""


def course_from(
    kind: str, item: dict, catalogue: Catalogue, vocabulary: Vocabulary
) -> CourseRecord:
    source_id = as_text(item.get(f"{kind}Id"))
    if len(source_id) > 200:
        raise InvalidRecord(_("The id is longer than 200 characters."))
    spec = catalogue.specification(item.get("educationSpecification"))
    level_name = as_text(item.get("level")) or as_text(spec.get("level"))
    level = LEVELS.get(level_name) or LEVELS_BY_NLQF.get(
        as_text(item.get("levelOfQualification")) or as_text(spec.get("levelOfQualification"))
    )
    is_mbo = level_name.startswith(MBO) or MBO in (item.get("sector"), spec.get("sector"))
    is_mbo = is_mbo or (level is not None and level <= 4)
    offerings = catalogue.offerings.get(source_id, [])
    deliveries = set(text_items(item.get("modeOfDelivery"))) or {
        mode for offering in offerings for mode in text_items(offering.get("modeOfDelivery"))
    }
    description = language_typed(item.get("description")) or language_typed(spec.get("description"))
    offering_records = [
        offering_from(offering, item, deliveries, vocabulary) for offering in offerings
    ]
    check_offerings(offering_records, "offering")
    title = required_title(language_typed(item.get("name")) or language_typed(spec.get("name")))
    sector_id, sector_rule = vocabulary.classify(
        title=title,
        consumer=[*consumer_values(item, "sector"), *consumer_values(spec, "sector")],
        isced=[as_text(item.get("fieldsOfStudy")), as_text(spec.get("fieldsOfStudy"))],
    )
    return CourseRecord(
        source_id=source_id,
        provider=provider_of(item, spec, catalogue),
        title=title,
        summary=summary_of("", description),
        description=description,
        sector_id=sector_id,
        sector_rule=sector_rule,
        level=level,
        certificate_kind=certificate_of(item, spec, is_mbo),
        learning_path=learning_path_of(item, is_mbo),
        mode=mode_of(deliveries),
        duration_weeks=duration_of(item.get("duration")),
        hours_per_week=None,
        price=lowest_price(offering_records),
        crebo_code=crebo_of(item, spec) if is_mbo else "",
        offerings=offering_records,
    )


def provider_of(item: dict, spec: dict, catalogue: Catalogue) -> ProviderRecord:
    reference = item.get("organization") or spec.get("organization")
    organization = catalogue.organization(reference) if reference else None
    organization = organization or (None if reference else catalogue.root_organization())
    if organization is None:
        if as_text(reference):  # known only by its id: keep the name it has
            return ProviderRecord(as_text(reference), "")
        raise InvalidRecord(_("It names no organization (provider)."))
    name = language_typed(organization.get("name")) or as_text(organization.get("shortName"))
    link = as_text(organization.get("link"))
    return ProviderRecord(
        source_id=as_text(organization.get("organizationId")),
        name=shortened(one_line(name), 200),
        website=link if re.match(r"https?://", link) and len(link) <= 200 else "",
    )


def consumer_values(item: dict, key: str) -> list[str]:
    values = []
    for consumer in as_list(item.get("consumers")):
        if dig(consumer, "consumerKey") == CONSUMER_KEY:
            values += text_items(consumer.get(key))
    return values


def certificate_of(item: dict, spec: dict, is_mbo: bool) -> str:
    document = as_text(spec.get("formalDocument"))
    if document == "diploma":
        return CertificateKind.DIPLOMA
    if document == "certificate":
        return CertificateKind.MBO_CERTIFICATE if is_mbo else CertificateKind.INDUSTRY_CERTIFICATE
    qualification = as_text(item.get("qualificationAwarded"))
    if document not in NO_CERTIFICATE and qualification not in ("", "None"):
        return CertificateKind.DIPLOMA
    return CertificateKind.ATTENDANCE


def learning_path_of(item: dict, is_mbo: bool) -> str:
    mode_of_study = as_text(item.get("modeOfStudy"))
    if mode_of_study == "dual training":
        return LearningPath.BBL
    if mode_of_study == "full-time" and is_mbo:
        return LearningPath.BOL
    return ""


def mode_of(deliveries: set[str]) -> str:
    if deliveries and deliveries <= ONLINE_DELIVERY:
        return CourseMode.ONLINE
    if "hybrid" in deliveries or deliveries & ONLINE_DELIVERY:
        return CourseMode.HYBRID
    if deliveries == {"situated"}:
        return CourseMode.PRACTICE
    return CourseMode.CLASSROOM


def duration_of(value: Any) -> int | None:
    match = ISO_DURATION.fullmatch(as_text(value))
    if not match:
        return None
    years, months, weeks, days = (min(int(part or 0), 10000) for part in match.groups())
    return weeks_from(years=years, months=months, weeks=weeks, days=days)


def crebo_of(item: dict, spec: dict) -> str:
    for code in [*as_list(item.get("otherCodes")), *as_list(spec.get("otherCodes"))]:
        if dig(code, "codeType") == "crohoCreboCode":
            return crebo_code(dig(code, "code"))
    return ""


def city_of(*address_lists: Any) -> str:
    for addresses in address_lists:
        for address in as_list(addresses):
            if as_text(dig(address, "city")):
                return as_text(address["city"])
    return ""


def price_of(costs: Any, where: str) -> Decimal | None:
    """What the learner pays, VAT included: the "total costs" entry of priceInformation, else
    the first one with a price; its `amount`, else `amountWithoutVat` plus `vatAmount`."""
    costs = [cost for cost in as_list(costs) if cost_amounts(cost)]
    costs.sort(key=lambda cost: dig(cost, "costType") != "total costs")
    if not costs:
        return None
    currency = as_text(costs[0].get("currency")).upper() or "EUR"
    if currency != "EUR":
        raise InvalidRecord(
            _("%(where)s has a price in %(currency)s; only euros can be imported.")
            % {"where": where, "currency": currency}
        )
    price = sum(
        (
            parse_amount(costs[0][name], f"{where} priceInformation {name}")
            for name in cost_amounts(costs[0])
        ),
        Decimal(0),
    )
    if price > MAX_PRICE:
        raise InvalidRecord(_("The price of %(where)s is too high.") % {"where": where})
    return price


def cost_amounts(cost: Any) -> tuple[str, ...]:
    """The fields of a Cost that add up to its price: `amount` is the total; without it,
    the part without VAT and the VAT (a cost exempt from VAT has no vatAmount)."""
    if as_text(dig(cost, "amount")):
        return ("amount",)
    if as_text(dig(cost, "amountWithoutVat")):
        return (
            ("amountWithoutVat", "vatAmount")
            if as_text(cost.get("vatAmount"))
            else ("amountWithoutVat",)
        )
    return ()


def offering_from(
    offering: dict, item: dict, course_deliveries: set, vocabulary: Vocabulary
) -> OfferingRecord:
    offering_id = as_text(offering.get("offeringId"))
    where = f"offering {as_text(dig(offering, 'primaryCode', 'code')) or offering_id}"
    deliveries = set(text_items(offering.get("modeOfDelivery"))) or course_deliveries
    online = bool(deliveries) and deliveries <= ONLINE_DELIVERY
    place = city_of(offering.get("addresses"), item.get("addresses"))
    return OfferingRecord(
        source_id=offering_id,
        start_date=parse_date(offering.get("startDate"), f"{where} startDate"),
        end_date=optional_date(offering.get("endDate"), f"{where} endDate"),
        municipality_id=None if online else vocabulary.municipality(place, where),
        seats=small_number(offering.get("maxNumberStudents")),
        price=price_of(offering.get("priceInformation"), where),
        application_deadline=optional_date(offering.get("enrollEndDate"), f"{where} enrollEndDate"),
    )
