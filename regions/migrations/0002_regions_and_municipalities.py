"""The 35 labour market regions of 2025 and the 342 municipalities of 2026 (CBS facts)."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data"


def load_facts(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    with (DATA / "arbeidsmarktregios-2025.csv").open(encoding="utf-8") as file:
        regions = {
            row["code"]: Region.objects.create(
                code=row["code"], name=row["naam"], slug=slugify(row["naam"].replace("/", " "))
            )
            for row in csv.DictReader(file)
        }
    with (DATA / "gemeenten-2026.csv").open(encoding="utf-8") as file:
        Municipality.objects.bulk_create(
            Municipality(
                code=row["code"],
                name=row["gemeente"],
                province=row["provincie"],
                region=regions[row["arbeidsmarktregio"]],
            )
            for row in csv.DictReader(file)
        )


def remove_facts(apps, schema_editor):
    apps.get_model("regions", "Municipality").objects.all().delete()
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load_facts, remove_facts)]
