"""The catalogue's narrow table of course facts on PostgreSQL (docs/catalogue.md).

trajectories_catalogueentry holds, per course, only what the catalogue search filters and
counts on: published, field, level, learning path, mode, certificate, price, and the start
dates of its offerings (`days`, sorted) and each with its region (`starts`, sorted:
region id * 65536 + the day, online = region 0). A row is about 130 bytes where a course row
is 1,400, so counting the facets of 100,000 matches reads a tenth of the bytes.

Triggers keep it in the same transaction as the courses, offerings and municipalities it
is made from, however they are written (admin, importers' COPY, bulk updates, deletes,
TRUNCATE). They run once per statement over the changed rows (transition tables), so an
import batch of a thousand courses costs one set-based statement, not a thousand.

On SQLite the table is made but stays empty; the search there counts on the course table.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

# A day as a small number: days since 2000-01-01, within 0..65535 (past 2179 counts as
# 2179; a start before 2000 is never upcoming anyway).
DAY = "least(greatest(o.start_date - date '2000-01-01', 0), 65535)"
PLACED_DAY = f"coalesce(m.region_id, 0) * 65536 + {DAY}"

FUNCTIONS = [
    f"""
    CREATE OR REPLACE FUNCTION trajectories_catalogue_refresh_starts(courses bigint[])
    RETURNS void AS $$
        UPDATE trajectories_catalogueentry e SET
            starts = coalesce((
                SELECT array_agg({PLACED_DAY} ORDER BY {PLACED_DAY})
                FROM trajectories_offering o
                LEFT JOIN regions_municipality m ON m.id = o.municipality_id
                WHERE o.course_id = e.course_id), '{{}}'),
            days = coalesce((
                SELECT array_agg({DAY} ORDER BY {DAY})
                FROM trajectories_offering o WHERE o.course_id = e.course_id), '{{}}')
        WHERE e.course_id = ANY(courses)
    $$ LANGUAGE sql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_courses_inserted() RETURNS trigger AS $$
    BEGIN
        INSERT INTO trajectories_catalogueentry (course_id, is_published, sector_id, level,
            learning_path, mode, certificate_kind, price, starts, days)
        SELECT id, is_published, sector_id, level, learning_path, mode, certificate_kind,
            price, '{}', '{}'
        FROM new_rows;
        -- Offerings may come first in a transaction (the foreign key is checked at commit).
        PERFORM trajectories_catalogue_refresh_starts(array_agg(id))
        FROM new_rows WHERE EXISTS (
            SELECT 1 FROM trajectories_offering o WHERE o.course_id = new_rows.id);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_courses_updated() RETURNS trigger AS $$
    BEGIN
        UPDATE trajectories_catalogueentry e SET
            is_published = n.is_published, sector_id = n.sector_id, level = n.level,
            learning_path = n.learning_path, mode = n.mode,
            certificate_kind = n.certificate_kind, price = n.price
        FROM new_rows n
        WHERE e.course_id = n.id AND (e.is_published, e.sector_id, e.level, e.learning_path,
            e.mode, e.certificate_kind, e.price) IS DISTINCT FROM (n.is_published,
            n.sector_id, n.level, n.learning_path, n.mode, n.certificate_kind, n.price);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_courses_deleted() RETURNS trigger AS $$
    BEGIN
        DELETE FROM trajectories_catalogueentry WHERE course_id IN (SELECT id FROM old_rows);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_courses_truncated() RETURNS trigger AS $$
    BEGIN
        TRUNCATE trajectories_catalogueentry;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_offerings_changed() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM trajectories_catalogue_refresh_starts(array_agg(DISTINCT course_id))
            FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM trajectories_catalogue_refresh_starts(array_agg(DISTINCT course_id))
            FROM old_rows;
        ELSE
            PERFORM trajectories_catalogue_refresh_starts(array_agg(DISTINCT course_id))
            FROM (
                SELECT course_id FROM new_rows n
                WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id
                    AND o.course_id = n.course_id AND o.start_date = n.start_date
                    AND o.municipality_id IS NOT DISTINCT FROM n.municipality_id)
                UNION ALL
                SELECT course_id FROM old_rows o
                WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id
                    AND n.course_id = o.course_id)
            ) changed;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION trajectories_catalogue_municipalities_moved() RETURNS trigger AS $$
    BEGIN
        PERFORM trajectories_catalogue_refresh_starts(array_agg(DISTINCT o.course_id))
        FROM trajectories_offering o
        WHERE o.municipality_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE p.region_id IS DISTINCT FROM n.region_id);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
]

TRIGGERS = [
    ("trajectories_course", "INSERT", "NEW TABLE AS new_rows", "courses_inserted"),
    ("trajectories_course", "UPDATE", "NEW TABLE AS new_rows", "courses_updated"),
    ("trajectories_course", "DELETE", "OLD TABLE AS old_rows", "courses_deleted"),
    ("trajectories_offering", "INSERT", "NEW TABLE AS new_rows", "offerings_changed"),
    (
        "trajectories_offering",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "offerings_changed",
    ),
    ("trajectories_offering", "DELETE", "OLD TABLE AS old_rows", "offerings_changed"),
    (
        "regions_municipality",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "municipalities_moved",
    ),
]


def trigger_name(table: str, event: str) -> str:
    return f"{table}_catalogue_{event.lower()}"


TABLE = """
    CREATE TABLE trajectories_catalogueentry (
        course_id bigint PRIMARY KEY,
        is_published boolean NOT NULL,
        sector_id bigint NOT NULL,
        level smallint,
        learning_path varchar(20) NOT NULL,
        mode varchar(20) NOT NULL,
        certificate_kind varchar(30) NOT NULL,
        price numeric(9, 2) NOT NULL,
        starts bigint[] NOT NULL,
        days integer[] NOT NULL
    )
"""

CREATE = [
    TABLE,
    *FUNCTIONS,
    *[
        f"""
        CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table}
        REFERENCING {transition} FOR EACH STATEMENT
        EXECUTE FUNCTION trajectories_catalogue_{function}()
        """
        for table, event, transition, function in TRIGGERS
    ],
    """
    CREATE TRIGGER trajectories_course_catalogue_truncate AFTER TRUNCATE
    ON trajectories_course FOR EACH STATEMENT
    EXECUTE FUNCTION trajectories_catalogue_courses_truncated()
    """,
    # The courses there are already, each row written once.
    f"""
    INSERT INTO trajectories_catalogueentry (course_id, is_published, sector_id, level,
        learning_path, mode, certificate_kind, price, starts, days)
    SELECT c.id, c.is_published, c.sector_id, c.level, c.learning_path, c.mode,
        c.certificate_kind, c.price,
        coalesce(array_agg({PLACED_DAY} ORDER BY {PLACED_DAY})
            FILTER (WHERE o.id IS NOT NULL), '{{}}'),
        coalesce(array_agg({DAY} ORDER BY {DAY}) FILTER (WHERE o.id IS NOT NULL), '{{}}')
    FROM trajectories_course c
    LEFT JOIN trajectories_offering o ON o.course_id = c.id
    LEFT JOIN regions_municipality m ON m.id = o.municipality_id
    GROUP BY c.id
    """,
    # The planner then knows how few combinations of facts there are, and groups them in
    # a hash table.
    """
    CREATE STATISTICS trajectories_catalogueentry_facts (ndistinct)
    ON sector_id, level, learning_path, mode, certificate_kind FROM trajectories_catalogueentry
    """,
    "ANALYZE trajectories_catalogueentry",
]

DROP = [
    *[f"DROP TRIGGER IF EXISTS {trigger_name(t, e)} ON {t}" for t, e, _, _ in TRIGGERS],
    "DROP TRIGGER IF EXISTS trajectories_course_catalogue_truncate ON trajectories_course",
    *[
        f"DROP FUNCTION IF EXISTS trajectories_catalogue_{name}()"
        for name in {function for _, _, _, function in TRIGGERS} | {"courses_truncated"}
    ],
    "DROP FUNCTION IF EXISTS trajectories_catalogue_refresh_starts(bigint[])",
    "DROP TABLE IF EXISTS trajectories_catalogueentry",
]


def on_postgresql(statements: list[str]):
    """Run the statements on PostgreSQL; elsewhere only make or drop the table (it stays
    empty there), so that code going over every model's table finds it."""

    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
        elif statements is CREATE:
            schema_editor.execute(
                TABLE.replace("[]", "").replace("bigint PRIMARY", "integer PRIMARY")
            )
        else:
            schema_editor.execute("DROP TABLE IF EXISTS trajectories_catalogueentry")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_change_record"),
        ("trajectories", "0006_trajectory_plan_check_ins"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueEntry",
            fields=[
                (
                    "course",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="trajectories.course",
                    ),
                ),
                ("is_published", models.BooleanField()),
                ("level", models.PositiveSmallIntegerField(null=True)),
                ("learning_path", models.CharField(max_length=20)),
                ("mode", models.CharField(max_length=20)),
                ("certificate_kind", models.CharField(max_length=30)),
                ("price", models.DecimalField(decimal_places=2, max_digits=9)),
                (
                    "starts",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None
                    ),
                ),
                (
                    "days",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), size=None
                    ),
                ),
            ],
            options={
                "managed": False,
            },
        ),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(fields=["sector", "title", "id"], name="course_by_field_title"),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
