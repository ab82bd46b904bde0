"""The catalogue search on PostgreSQL (docs/catalogue.md).

Course.search_vector holds the Dutch full-text vector of a course: title (weight A),
summary (B), field, provider and crebo code (C) and description (D). A trigger fills it on
every insert or update of those columns, however the row is written (admin, imports, bulk
writes, COPY), and renaming a provider or a field refreshes their courses. pg_trgm with a
GIN index on the title lets a search with a typing error still find the course.

On SQLite the column stays empty and none of this is created: the search there is simpler.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION trajectories_course_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('dutch', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('dutch', concat_ws(' ',
            (SELECT name FROM regions_sector WHERE id = NEW.sector_id),
            (SELECT name FROM trajectories_provider WHERE id = NEW.provider_id),
            NEW.crebo_code)), 'C')
        || setweight(to_tsvector('dutch', coalesce(NEW.description, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

RENAME_FUNCTION = """
CREATE OR REPLACE FUNCTION trajectories_course_search_vector_rename() RETURNS trigger AS $$
BEGIN
    -- Setting a column the course trigger watches makes it compute the vector again.
    IF TG_TABLE_NAME = 'trajectories_provider' THEN
        UPDATE trajectories_course SET title = title WHERE provider_id = NEW.id;
    ELSE
        UPDATE trajectories_course SET title = title WHERE sector_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

CREATE = [
    VECTOR_FUNCTION,
    RENAME_FUNCTION,
    """
    CREATE TRIGGER trajectories_course_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, description, provider_id, sector_id, crebo_code
    ON trajectories_course
    FOR EACH ROW EXECUTE FUNCTION trajectories_course_search_vector()
    """,
    """
    CREATE TRIGGER trajectories_provider_name_search_vector
    AFTER UPDATE OF name ON trajectories_provider
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION trajectories_course_search_vector_rename()
    """,
    """
    CREATE TRIGGER trajectories_sector_name_search_vector
    AFTER UPDATE OF name ON regions_sector
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION trajectories_course_search_vector_rename()
    """,
    "UPDATE trajectories_course SET title = title",
    """
    CREATE INDEX trajectories_course_search_vector_gin
    ON trajectories_course USING gin (search_vector)
    """,
    """
    CREATE INDEX trajectories_course_title_trgm
    ON trajectories_course USING gin (title gin_trgm_ops)
    """,
]

DROP = [
    "DROP INDEX IF EXISTS trajectories_course_title_trgm",
    "DROP INDEX IF EXISTS trajectories_course_search_vector_gin",
    "DROP TRIGGER IF EXISTS trajectories_sector_name_search_vector ON regions_sector",
    "DROP TRIGGER IF EXISTS trajectories_provider_name_search_vector ON trajectories_provider",
    "DROP TRIGGER IF EXISTS trajectories_course_search_vector ON trajectories_course",
    "DROP FUNCTION IF EXISTS trajectories_course_search_vector_rename()",
    "DROP FUNCTION IF EXISTS trajectories_course_search_vector()",
]


def on_postgresql(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("trajectories", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Does nothing on a database other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
