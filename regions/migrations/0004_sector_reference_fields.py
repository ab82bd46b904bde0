"""The technical fields with their ISCED-F 2013 codes and keywords: reference facts the
course importers need on every site, not only on one with demo data (docs/imports.md)."""

import json
from pathlib import Path

import django.core.validators
from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "vakgebieden.json"


def load_fields(apps, schema_editor):
    """Create the fields, or give fields of the same slug their codes and keywords; an
    editor's own fields are left as they are."""
    Sector = apps.get_model("regions", "Sector")
    for row in json.loads(DATA.read_text(encoding="utf-8"))["fields"]:
        values = {"isced_codes": " ".join(row["isced"]), "keywords": "\n".join(row["keywords"])}
        sector = Sector.objects.filter(slug=row["slug"]).first()
        if sector is None and not Sector.objects.filter(name=row["name"]).exists():
            Sector.objects.create(slug=row["slug"], name=row["name"], **values)
        elif sector is not None and not (sector.isced_codes or sector.keywords):
            Sector.objects.filter(pk=sector.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_change_record")]

    operations = [
        migrations.AddField(
            model_name="sector",
            name="isced_codes",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The ISCED-F 2013 detailed fields (four digits, separated by spaces) whose "
                    "courses belong here, e.g. 0713 for electricity and energy."
                ),
                max_length=300,
                validators=[
                    django.core.validators.RegexValidator(
                        "^([0-9]{4}( |$))*$",
                        "Use four-digit ISCED-F codes separated by spaces, e.g. 0713 0714.",
                    )
                ],
                verbose_name="ISCED-F codes",
            ),
        ),
        migrations.AddField(
            model_name="sector",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text=(
                    "One per line. A course whose themes, search words or title hold one of "
                    "these (at the start of a word; capitals and accents do not matter) "
                    "belongs here."
                ),
                verbose_name="keywords",
            ),
        ),
        migrations.RunPython(load_fields, migrations.RunPython.noop),
    ]
