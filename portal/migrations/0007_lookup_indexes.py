"""Indexes on Wagtail's own tables for the two lookups every reader's request makes.

- A page's address: routing looks a request's path up by ``url_path`` (all its prefixes in
  one query), which Wagtail leaves unindexed: a scan of every page on every request.
- A search: on PostgreSQL, Wagtail's database backend matches ``title || body``, an
  expression its separate ``title`` and ``body`` indexes cannot answer: a scan of the whole
  search index for each query, and twice more for its counts. A GIN index on that very
  expression lets PostgreSQL use it. (SQLite searches through its own FTS table.)
"""

from django.db import migrations

URL_PATH_INDEX = "portal_page_url_path_idx"
SEARCH_INDEX = "portal_search_title_body_idx"


def create(apps, schema_editor):
    run = schema_editor.execute
    run(f"CREATE INDEX IF NOT EXISTS {URL_PATH_INDEX} ON wagtailcore_page (url_path)")
    if schema_editor.connection.vendor == "postgresql":
        run(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} "
            "ON wagtailsearch_indexentry USING GIN ((title || body))"
        )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {URL_PATH_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_site_texts_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
