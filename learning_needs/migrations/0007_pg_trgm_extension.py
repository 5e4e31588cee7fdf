"""pg_trgm for the duplication finder (TrigramSimilarity and the `%` operator), with trigram
indexes on activity titles and competency names so that similar titles are found through an
index instead of comparing every pair. Only PostgreSQL has extensions: on SQLite every step
does nothing and the finder uses its Python trigram fallback."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlyTrigramExtension(TrigramExtension):
    """CreateExtension skips other backends going forwards but not backwards: guard both."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresOnlyRunSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("learning_needs", "0006_joint_programme_run_cost"),
    ]

    operations = [
        PostgresOnlyTrigramExtension(),
        PostgresOnlyRunSQL(
            "CREATE INDEX IF NOT EXISTS planactivity_title_trgm "
            "ON learning_needs_planactivity USING gin (title gin_trgm_ops)",
            "DROP INDEX IF EXISTS planactivity_title_trgm",
        ),
        PostgresOnlyRunSQL(
            "CREATE INDEX IF NOT EXISTS competency_name_trgm ON learning_needs_competency USING gin (name gin_trgm_ops)",
            "DROP INDEX IF EXISTS competency_name_trgm",
        ),
    ]
