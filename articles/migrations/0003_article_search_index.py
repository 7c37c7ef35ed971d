"""A GIN index for full-text search, on PostgreSQL only (SQLite searches without one).

The expression must stay exactly the one ``articles.search.SEARCH_VECTOR``
builds, or PostgreSQL will not use the index; tests/test_search.py checks
that it does. It is written out here, not imported, so that this migration
keeps meaning what it meant when it ran.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_idx"


def search_index():
    vector = (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_default_sections")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
