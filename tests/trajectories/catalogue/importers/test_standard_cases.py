"""Cases written from the two specifications, not from our models: a course taught in
English, canceled and full runs, prices with and without VAT, optional costs, and a value
outside a standard's list.

samples/edudex/cases.json follows the EDU-DEX Data API 1.0.2 description (`program_out`,
`ProgramCost`: `amount` without VAT plus `amountVAT`; `isRequiredCost`; run `status`).
samples/ooapi/cases.json follows OOAPI v5 (`Cost`: `amount` is the total, else
`amountWithoutVat` plus `vatAmount`; `costType` is an extensible enumeration,
`modesOfDelivery` a closed one).
"""

from decimal import Decimal

import pytest

from trajectories.catalogue.importers import import_courses
from trajectories.models import Course

from .conftest import EDUDEX, OOAPI

pytestmark = pytest.mark.django_db

ENGLISH_COURSE = "c0a80101-0000-4000-8000-000000000011"
VAT_EXEMPT_COURSE = "c0a80101-0000-4000-8000-000000000012"


def starts(course: Course) -> dict[str, tuple]:
    return {
        offering.source_id: (str(offering.start_date), offering.seats, offering.price)
        for offering in course.offerings.all()
    }


def test_an_edudex_program_taught_in_english_is_imported_with_its_english_texts(sectors):
    import_courses("edudex", str(EDUDEX / "cases.json"))

    course = Course.objects.get(source_id="noord-techniek/heat-pumps-english")
    assert course.title == "Heat pump installer (taught in English)"
    assert course.summary == "Install and service heat pumps, in eight weeks."
    assert course.provider.name == "Noord Techniek Opleidingen"


def test_a_canceled_edudex_run_is_left_out_and_a_closed_one_kept(sectors):
    import_courses("edudex", str(EDUDEX / "cases.json"))

    course = Course.objects.get(source_id="noord-techniek/heat-pumps-english")
    assert starts(course) == {
        "gro-2026-09": ("2026-09-07", 14, Decimal("1210.00")),
        "gro-2026-06": ("2026-06-08", 14, Decimal("1149.50")),
    }


def test_an_edudex_price_adds_the_vat_and_leaves_out_the_optional_costs(sectors):
    import_courses("edudex", str(EDUDEX / "cases.json"))

    with_vat = Course.objects.get(source_id="noord-techniek/heat-pumps-english")
    exempt = Course.objects.get(source_id="noord-techniek/vca-vrijgesteld")
    assert with_vat.price == Decimal("1149.50")  # the cheaper run: 950.00 + 199.50 VAT
    assert exempt.price == Decimal("490.00")  # tuition and exam without VAT; lunch is optional


def test_an_edudex_cost_type_outside_the_standard_makes_the_program_invalid(sectors):
    report = import_courses("edudex", str(EDUDEX / "cases.json"))

    assert report.created == 2
    ((label, reason),) = report.invalid
    assert label == "noord-techniek/eigen-kostensoort"
    assert reason.startswith("programSchedule.programRun[0].cost[0].costType: 'lesgeld' is not")
    assert not Course.objects.filter(source_id="noord-techniek/eigen-kostensoort").exists()


def test_an_ooapi_course_taught_in_english_is_imported_with_its_english_texts(sectors):
    import_courses("ooapi", str(OOAPI / "cases.json"))

    course = Course.objects.get(source_id=ENGLISH_COURSE)
    assert course.title == "Offshore wind technician"
    assert course.description == "Maintain wind turbines at sea.\n\nTaught in English."
    assert course.provider.name == "Noordzee College"


def test_an_ooapi_price_without_amount_is_the_amount_without_vat_plus_the_vat(sectors):
    import_courses("ooapi", str(OOAPI / "cases.json"))

    course = Course.objects.get(source_id=ENGLISH_COURSE)
    assert starts(course) == {
        "c0a80101-0000-4000-8000-000000000101": ("2026-09-07", 16, Decimal("2420.00")),
        # full (16 of 16 enrolled), still a start moment; its amount is the total
        "c0a80101-0000-4000-8000-000000000102": ("2026-04-06", 16, Decimal("2541.00")),
    }
    assert course.price == Decimal("2420.00")


def test_an_ooapi_price_exempt_from_vat_is_its_total_costs_without_optional_costs(sectors):
    import_courses("ooapi", str(OOAPI / "cases.json"))

    course = Course.objects.get(source_id=VAT_EXEMPT_COURSE)
    assert course.price == Decimal("575.00")  # "total costs", not the study material


def test_an_ooapi_value_outside_a_closed_list_makes_the_course_invalid(sectors):
    report = import_courses("ooapi", str(OOAPI / "cases.json"))

    assert report.created == 2  # "lesmateriaal" is fine: costType is an extensible list
    ((label, reason),) = report.invalid
    assert label == "course BLEND-01"
    assert reason.startswith("modeOfDelivery[0]: 'blended' is not one of")
