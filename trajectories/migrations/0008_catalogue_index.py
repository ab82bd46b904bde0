"""The catalogue index (docs/catalogue.md "The catalogue index").

CatalogueIndexPart holds the index's sets of courses; CatalogueState one row whose `changes`
database triggers raise in the same transaction as every statement that writes courses,
offerings, providers, fields or municipalities (PostgreSQL; per statement, TRUNCATE
included), so that an index built before a change is never used after it.
"""

from django.db import migrations, models

CHANGED_TABLES = [
    "trajectories_course",
    "trajectories_offering",
    "trajectories_provider",
    "regions_sector",
    "regions_municipality",
]
CREATE = [
    "INSERT INTO trajectories_cataloguestate (id, changes) VALUES (1, 0)",
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_changed() RETURNS trigger AS $$
    BEGIN
        UPDATE trajectories_cataloguestate SET changes = changes + 1 WHERE id = 1;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    # A misspelt word is compared with each distinct title once (title parts of the index).
    """
    CREATE INDEX catalogue_index_part_title ON trajectories_catalogueindexpart
    USING gin (substring(name, 7) gin_trgm_ops) WHERE name LIKE 'title:%%'
    """,
    *[
        f"""
        CREATE TRIGGER {table}_catalogue_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION trajectories_catalogue_changed()
        """
        for table in CHANGED_TABLES
    ],
]
DROP = [
    *[f"DROP TRIGGER IF EXISTS {table}_catalogue_changed ON {table}" for table in CHANGED_TABLES],
    "DROP FUNCTION IF EXISTS trajectories_catalogue_changed()",
]


def on_postgresql(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0007_catalogueentry"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changes", models.BigIntegerField(default=0)),
                ("index_generation", models.BigIntegerField(null=True)),
                ("index_changes", models.BigIntegerField(null=True)),
                ("index_day", models.DateField(null=True)),
                ("index_built_at", models.DateTimeField(null=True)),
                ("index_seconds", models.FloatField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="CatalogueIndexPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generation", models.BigIntegerField()),
                ("name", models.CharField(max_length=300)),
                ("courses", models.PositiveIntegerField()),
                ("bits", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("generation", "name"), name="index_part_unique_name"
                    )
                ],
            },
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
