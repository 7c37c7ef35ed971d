"""Full-text search on PostgreSQL: a stored tsvector column and its GIN index.

PostgreSQL keeps the column up to date on every write, so a search neither
re-parses the stories to match them nor to rank them. Headline, standfirst and
body are weighted A, B and C. SQLite has no tsvector: there the migration does
nothing, and search reads an FTS5 index instead (``search/sqlite_index.py``, made
after every migrate). The column is not a model field, so no other query ever
loads it.
"""

from django.db import migrations

ADD = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')
) STORED;
CREATE INDEX article_search_idx ON articles_article USING gin (search_document);
"""
DROP = "ALTER TABLE articles_article DROP COLUMN search_document;"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_updated_by")]

    operations = [migrations.RunPython(on_postgresql(ADD), on_postgresql(DROP), elidable=False)]
