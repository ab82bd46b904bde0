"""EDU-DEX programs → courses, with each programRun as an offering.

Reads the JSON of the EDU-DEX Data API (program_in / program_out, version 1): a single
program, a list of programs, or a bulk answer {"suppliers": [...], "programs": [{"orgUnitId",
"programId", "clientId", "data": program}]}. The field names below are EDU-DEX's own; how
each maps onto ours is in docs/imports.md.
"""

from collections.abc import Iterable, Iterator
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

SOURCE = "edudex"
PUBLIC_CLIENTS = {"", "public"}
LEVELS = {
    "mbo niveau 1": 1,
    "mbo niveau 2": 2,
    "mbo niveau 3": 3,
    "mbo niveau 4": 4,
    "associate": 5,
    "bachelor": 6,
    "academic bachelor": 6,
}
CERTIFICATES = {
    "diploma": CertificateKind.DIPLOMA,
    "mbo niveau 1": CertificateKind.DIPLOMA,
    "mbo niveau 2": CertificateKind.DIPLOMA,
    "mbo niveau 3": CertificateKind.DIPLOMA,
    "mbo niveau 4": CertificateKind.DIPLOMA,
    "mbo-certificaat": CertificateKind.MBO_CERTIFICATE,
    "certificate": CertificateKind.INDUSTRY_CERTIFICATE,
    "certificate on request": CertificateKind.INDUSTRY_CERTIFICATE,
    "module certificate": CertificateKind.INDUSTRY_CERTIFICATE,
    "": CertificateKind.ATTENDANCE,
    "none": CertificateKind.ATTENDANCE,
    "certificate of participation": CertificateKind.ATTENDANCE,
    "testimonial": CertificateKind.ATTENDANCE,
    "mbo-verklaring": CertificateKind.ATTENDANCE,
}
LEARNING_PATHS = {"BBL": LearningPath.BBL, "BOL": LearningPath.BOL, "OVO": LearningPath.WORKPLACE}
ONLINE_FORMS = {"e-learning", "distance learning", "virtual classroom"}
SKIPPED_RUNS = {"canceled"}
DISCOUNTS = {"single payment discount"}


def parse(documents: Iterable[Document], vocabulary: Vocabulary) -> Iterator[Parsed]:
    suppliers: dict[str, str] = {}
    for document in documents:
        if document.error:
            yield Parsed(document.label, reason=document.error)
            continue
        for label, program, problem in programs_in(document.label, document.data, suppliers):
            problem = problem or schemas.edudex_check().problems(program)
            if problem:
                yield Parsed(label, reason=problem)
                continue
            try:
                yield Parsed(label, course_from_program(program, suppliers, vocabulary))
            except InvalidRecord as error:
                yield Parsed(label, reason=str(error))


def programs_in(
    label: str, data: Any, suppliers: dict[str, str]
) -> Iterator[tuple[str, dict, str]]:
    """(label, program, problem) for each program in one JSON value; collects supplier names."""
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        where = f"{label} #{number}" if isinstance(data, list) else label
        if not isinstance(item, dict):
            yield where, {}, _("This is not an EDU-DEX program.")
        elif "suppliers" in item or "programs" in item:
            for supplier in as_list(item.get("suppliers")):
                if as_text(dig(supplier, "id")):
                    suppliers[as_text(supplier["id"])] = localized(supplier.get("name"))
            yield from programs_in(label, as_list(item.get("programs")), suppliers)
        elif "data" in item or "error" in item:
            yield bulk_item(where, item)
        elif "programClassification" in item:
            yield program_label(item, where), item, ""
        else:
            yield where, {}, _("This is not an EDU-DEX program.")


def bulk_item(where: str, item: dict) -> tuple[str, dict, str]:
    if as_text(item.get("orgUnitId")) and as_text(item.get("programId")):
        where = f"{as_text(item['orgUnitId'])}/{as_text(item['programId'])}"
    if item.get("error"):
        return where, {}, _("EDU-DEX could not deliver it: %(error)s") % {"error": item["error"]}
    if as_text(item.get("clientId")) not in PUBLIC_CLIENTS:
        return where, {}, _("This program is for one client only, not for everyone.")
    if not isinstance(item.get("data"), dict):
        return where, {}, _("This is not an EDU-DEX program.")
    return program_label(item["data"], where), item["data"], ""


def program_label(program: dict, fallback: str) -> str:
    org_unit = as_text(dig(program, "programClassification", "orgUnitId"))
    program_id = as_text(dig(program, "programClassification", "programId"))
    return f"{org_unit}/{program_id}" if org_unit and program_id else fallback


def localized(value: Any) -> str:
    """Dutch if there is Dutch, else English, else any language."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    texts = [value.get("nl"), value.get("en"), *value.values()]
    return next((text.strip() for text in texts if isinstance(text, str) and text.strip()), "")


def course_from_program(
    program: dict, suppliers: dict[str, str], vocabulary: Vocabulary
) -> CourseRecord:
    classification = program.get("programClassification")
    if not isinstance(classification, dict):
        raise InvalidRecord(_("The program has no programClassification."))
    org_unit = as_text(classification.get("orgUnitId"))
    program_id = as_text(classification.get("programId"))
    if not org_unit or not program_id:
        raise InvalidRecord(_("The program has no orgUnitId or programId."))
    if len(org_unit) + len(program_id) > 199:
        raise InvalidRecord(_("The id is longer than 200 characters."))
    if program.get("clientId"):
        raise InvalidRecord(_("This program is for one client only, not for everyone."))
    descriptions = program.get("programDescriptions")
    description = localized(dig(descriptions, "programDescriptionText"))
    offerings = offerings_from_runs(program, classification, vocabulary)
    generic_price = required_costs(
        dig(program, "programSchedule", "genericProgramRun", "cost"), "genericProgramRun"
    )
    acknowledgements = program.get("programExternalAcknowledgements")
    title = required_title(localized(dig(descriptions, "programName")))
    sector_id, sector_rule = vocabulary.classify(
        title=title, themes=sector_candidates(program, classification)
    )
    return CourseRecord(
        source_id=f"{org_unit}/{program_id}",
        provider=ProviderRecord(org_unit, shortened(one_line(suppliers.get(org_unit, "")), 200)),
        title=title,
        summary=summary_of(localized(dig(descriptions, "programSummaryText")), description),
        description=description,
        sector_id=sector_id,
        sector_rule=sector_rule,
        level=level_of(classification, acknowledgements),
        certificate_kind=certificate_of(classification, acknowledgements),
        learning_path=learning_path_of(acknowledgements),
        mode=mode_of(program, classification),
        duration_weeks=duration_of(classification.get("programDuration")),
        hours_per_week=hours_per_week_of(program),
        price=generic_price if generic_price is not None else lowest_price(offerings),
        crebo_code=crebo_of(classification, acknowledgements),
        offerings=offerings,
    )


def sector_candidates(program: dict, classification: dict) -> list[str]:
    """Search words (Dutch first) and themes: the standard's own words for what it is about."""
    searchwords = dig(program, "programDescriptions", "searchword")
    words = []
    if isinstance(searchwords, dict):
        for language in sorted(searchwords, key=lambda language: language != "nl"):
            words += text_items(searchwords[language])
    return words + text_items(classification.get("theme"))


def level_of(classification: dict, acknowledgements: Any) -> int | None:
    level = LEVELS.get(as_text(classification.get("programLevel")))
    if level is None:
        for registration in as_list(dig(acknowledgements, "nlqfRegistration")):
            level = level or LEVELS_BY_NLQF.get(as_text(dig(registration, "nlqfLevel")))
    return level


def certificate_of(classification: dict, acknowledgements: Any) -> str:
    degree = as_text(classification.get("degree"))
    kind = CERTIFICATES.get(degree, CertificateKind.DIPLOMA)  # the rest are hbo/wo degrees
    if kind == CertificateKind.ATTENDANCE and as_list(
        dig(acknowledgements, "industryExamOrCertificate")
    ):
        kind = CertificateKind.INDUSTRY_CERTIFICATE
    return kind


def learning_path_of(acknowledgements: Any) -> str:
    for registration in as_list(dig(acknowledgements, "creboRegistration")):
        path = LEARNING_PATHS.get(as_text(dig(registration, "learningPath")).upper())
        if path:
            return path
    return ""


def crebo_of(classification: dict, acknowledgements: Any) -> str:
    code = as_text(classification.get("creboCode"))
    for registration in as_list(dig(acknowledgements, "creboRegistration")):
        code = code or as_text(dig(registration, "creboCode"))
    return crebo_code(code)


def forms_of(classification: dict) -> set[str]:
    return set(text_items(classification.get("programForm")))


def runs_of(program: dict) -> list[dict]:
    runs = as_list(dig(program, "programSchedule", "programRun"))
    return [
        run
        for run in runs
        if isinstance(run, dict)
        and as_text(run.get("status")) not in SKIPPED_RUNS
        and as_text(run.get("openTo")) != "client only"
    ]


def mode_of(program: dict, classification: dict) -> str:
    forms = forms_of(classification)
    runs = runs_of(program)
    online_runs = [run for run in runs if run.get("fullyOnline") is True]
    if (
        classification.get("fullyOnline") is True
        or (forms and forms <= ONLINE_FORMS)
        or (runs and len(online_runs) == len(runs))
    ):
        return CourseMode.ONLINE
    if dig(program, "programBasicProfile", "location") == "blended" or forms & ONLINE_FORMS:
        return CourseMode.HYBRID
    if online_runs:
        return CourseMode.HYBRID
    if "dual" in forms:
        return CourseMode.PRACTICE
    return CourseMode.CLASSROOM


def duration_of(duration: Any) -> int | None:
    if not isinstance(duration, dict):
        return None
    parts = {
        unit: value
        for unit, value in duration.items()
        if unit in ("years", "months", "weeks", "days")
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= 1000
    }
    return weeks_from(**parts) if parts else None


def hours_per_week_of(program: dict) -> int | None:
    hours = small_number(dig(program, "programCurriculum", "studyLoad", "week"))
    return hours if hours and hours <= 168 else None


def required_costs(costs: Any, where: str) -> Decimal | None:
    """What a learner must pay: the required costs, with VAT, without discounts."""
    total = None
    for cost in as_list(costs):
        if not isinstance(cost, dict) or cost.get("isRequiredCost") is False:
            continue
        if as_text(cost.get("costType")) in DISCOUNTS:
            continue
        currency = as_text(cost.get("currency")).upper() or "EUR"
        if currency != "EUR":
            raise InvalidRecord(
                _("%(where)s has a price in %(currency)s; only euros can be imported.")
                % {"where": where, "currency": currency}
            )
        amount = parse_amount(cost.get("amount"), f"{where} cost amount")
        if cost.get("amountVAT") not in (None, ""):
            amount += parse_amount(cost["amountVAT"], f"{where} cost amountVAT")
        total = (total or Decimal(0)) + amount
    if total is not None and total > MAX_PRICE:
        raise InvalidRecord(_("The price of %(where)s is too high.") % {"where": where})
    return total


def run_date(value: Any) -> Any:
    """EDU-DEX dates are {"date": "2026-09-01", "isFinal": true}; a bare date is fine too."""
    return dig(value, "date") if isinstance(value, dict) else value


def offerings_from_runs(
    program: dict, classification: dict, vocabulary: Vocabulary
) -> list[OfferingRecord]:
    places = [
        as_text(dig(location, "description"))
        for location in as_list(classification.get("programLocation"))
    ]
    program_place = places[0] if len(places) == 1 else ""
    forms = forms_of(classification)
    offerings = []
    for run in runs_of(program):
        run_id = as_text(run.get("id"))
        where = f"programRun {run_id}"
        online = (
            run.get("fullyOnline") is True
            or classification.get("fullyOnline") is True
            or as_text(run.get("programForm")) in ONLINE_FORMS
            or (bool(forms) and forms <= ONLINE_FORMS)
        )
        place = as_text(dig(run, "location", "city")) or program_place
        offerings.append(
            OfferingRecord(
                source_id=run_id,
                start_date=parse_date(run_date(run.get("startDate")), f"{where} startDate"),
                end_date=optional_date(run_date(run.get("endDate")), f"{where} endDate"),
                municipality_id=None if online else vocabulary.municipality(place, where),
                seats=small_number(run.get("maxNumberOfParticipants")),
                price=required_costs(run.get("cost"), where),
                application_deadline=optional_date(
                    run.get("applicationDeadline"), f"{where} applicationDeadline"
                ),
            )
        )
    check_offerings(offerings, "programRun")
    return offerings
