"""The facts every database starts with: 35 labour market regions and 342 municipalities."""

import csv
import re
from pathlib import Path

import pytest
from django.db.models import Count

from regions.models import Municipality, Region

REPO = Path(__file__).resolve().parents[2]
PROJECT_DATA = REPO / "regions" / "data"
SHARED_DATA = REPO.parent / "shared" / "data"
FILES = ["arbeidsmarktregios-2025.csv", "gemeenten-2026.csv"]

pytestmark = pytest.mark.django_db


def test_there_are_35_regions_with_codes_am01_to_am38_except_04_16_and_31():
    codes = set(Region.objects.values_list("code", flat=True))

    assert len(codes) == 35
    assert all(re.fullmatch(r"AM[0-9]{2}", code) for code in codes)
    assert codes == {f"AM{n:02d}" for n in range(1, 39)} - {"AM04", "AM16", "AM31"}


def test_every_region_has_a_name_and_its_own_slug():
    regions = list(Region.objects.all())

    assert all(region.name and region.slug for region in regions)
    assert len({region.slug for region in regions}) == 35


def test_there_are_342_municipalities_with_gm_codes():
    codes = list(Municipality.objects.values_list("code", flat=True))

    assert len(codes) == len(set(codes)) == 342
    assert all(re.fullmatch(r"GM[0-9]{4}", code) for code in codes)


def test_every_municipality_has_a_name_a_province_and_one_region():
    municipalities = Municipality.objects.select_related("region")

    assert all(m.name and m.province and m.region.code.startswith("AM") for m in municipalities)
    assert len({m.province for m in municipalities}) == 12


def test_every_region_has_at_least_one_municipality():
    empty = Region.objects.annotate(n=Count("municipalities")).filter(n=0)

    assert list(empty.values_list("code", flat=True)) == []


def test_the_facts_are_known_places():
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"
    assert Municipality.objects.get(code="GM0363").region.name == "Groot Amsterdam"
    assert Municipality.objects.get(code="GM0153").region.code == "AM05"  # Enschede, Twente


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as file:
        return sorted(csv.DictReader(file), key=lambda row: row["code"])


@pytest.mark.skipif(
    not all((SHARED_DATA / name).exists() for name in FILES),
    reason=f"the shared reference facts are not at {SHARED_DATA}",
)
@pytest.mark.parametrize("name", FILES)
def test_the_project_facts_equal_the_shared_reference_facts(name):
    assert read(PROJECT_DATA / name) == read(SHARED_DATA / name)


def test_the_database_holds_exactly_the_project_facts():
    regions = {row["code"]: row["naam"] for row in read(PROJECT_DATA / FILES[0])}
    municipalities = {
        row["code"]: (row["gemeente"], row["arbeidsmarktregio"], row["provincie"])
        for row in read(PROJECT_DATA / FILES[1])
    }

    assert dict(Region.objects.values_list("code", "name")) == regions
    assert {
        m.code: (m.name, m.region.code, m.province)
        for m in Municipality.objects.select_related("region")
    } == municipalities
