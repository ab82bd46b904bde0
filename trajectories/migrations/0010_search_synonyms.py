from django.db import migrations, models

# Words people search with, and the words of the catalogue they stand for: reference facts
# of the trades (docs/catalogue.md); editors change them in /beheer/.
SYNONYMS = {
    "elektricien": "elektrotechniek, elektrotechnische installaties, elektrische installaties",
    "elektromonteur": "elektrotechniek, elektrotechnische installaties",
    "pv": "zonnepanelen",
    "solar": "zonnepanelen",
    "zonne energie": "zonnepanelen, duurzame energie",
    "cv ketel": "cv ketel, installatietechniek",
    "loodgieter": "sanitair, installatietechniek",
    "installateur": "installateur, installatietechniek, installatiemonteur",
    "mechanica": "mechatronica, werktuigbouw",
    "airco": "koudemiddelen, koeltechniek, warmtepompen",
    "automonteur": "autotechnicus",
    "fietsenmaker": "fietstechnicus",
    "welder": "lassen, lasser",
    "programmeur": "programmeren",
    "dakdekker": "dakwerk, dakbedekking",
    "installeren": "installeren, installateur",
    "installatiemonteur": "installatietechniek, elektrotechnische installaties, "
    "werktuigkundige installaties",
}


def add_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("trajectories", "SearchSynonym")
    SearchSynonym.objects.bulk_create(
        SearchSynonym(term=term, means=means) for term, means in SYNONYMS.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0009_course_feeds"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "term",
                    models.CharField(
                        help_text="One word, or two (“cv ketel”); capitals and hyphens do not matter.",
                        max_length=100,
                        unique=True,
                        verbose_name="word people use",
                    ),
                ),
                (
                    "means",
                    models.CharField(
                        help_text="Words of the catalogue, separated by commas; a course that holds one of them is found. Words between two commas must all be in the course.",
                        max_length=300,
                        verbose_name="stands for",
                    ),
                ),
            ],
            options={
                "verbose_name": "search synonym",
                "verbose_name_plural": "search synonyms",
                "ordering": ["term"],
            },
        ),
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
    ]
