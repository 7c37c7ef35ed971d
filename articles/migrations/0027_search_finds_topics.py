"""Search finds a story by the people, films, shows and tags it is filed under.

On PostgreSQL the stored tsvector gains the entity and tag names the story keeps in
``labels`` (weighted B, as the standfirst), so a search for "cruise" finds every
story the Tom Cruise hub lists, whether or not its text says the name. SQLite's
FTS5 index gains them through ``search/sqlite_index.py``, remade after migrate.
"""

from django.db import migrations

DOCUMENT = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')
    {topics}
) STORED;
CREATE INDEX article_search_idx ON articles_article USING gin (search_document);
"""
TOPICS = """
    || setweight(to_tsvector('english',
        coalesce(jsonb_path_query_array(labels, '$.entities[*][1]'), '[]'::jsonb)), 'B')
    || setweight(to_tsvector('english',
        coalesce(jsonb_path_query_array(labels, '$.tags[*][0]'), '[]'::jsonb)), 'B')
"""
DROP = "ALTER TABLE articles_article DROP COLUMN search_document;"
WITH_TOPICS = DROP + DOCUMENT.format(topics=TOPICS)
WITHOUT_TOPICS = DROP + DOCUMENT.format(topics="")


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_video_kind")]

    operations = [
        migrations.RunPython(
            on_postgresql(WITH_TOPICS), on_postgresql(WITHOUT_TOPICS), elidable=False
        )
    ]
