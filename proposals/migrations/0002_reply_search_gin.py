"""The GIN index behind the replies' full-text search, on PostgreSQL only.

Its expression is exactly the one proposals/search.py filters with, so the planner uses it:
to_tsvector('simple'::regconfig, search_tokens). SQLite (the embedded set-up) has no GIN; it
matches the stored tokens directly, and this migration does nothing there.
"""

from django.db import migrations

INDEX = "proposals_reply_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_reply "
        "USING gin (to_tsvector('simple'::regconfig, search_tokens))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
