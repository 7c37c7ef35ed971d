"""SQLite's full-text index of the stories: an FTS5 table kept by triggers.

PostgreSQL needs none of this: its stories table has a stored tsvector column.

Besides a story's headline, standfirst and body, the index holds the names of the
people, films, shows and tags it is filed under, read from the names the story
keeps (``Article.labels``), so a search finds every story a hub page lists. The
table keeps its own copy of the text (FTS5 with no external content): the topics
are not a column of the stories' table to read back from.
"""

from django.db import OperationalError, connection, connections

FTS_TABLE = "articles_article_search"
# Earlier indexes, dropped when this one is made.
OLD_TABLES = ("articles_article_fts",)
FTS_COLUMNS = "headline, standfirst, body, topics"


def _topics(labels):
    """SQL for the entity and tag names in a story's stored ``labels`` JSON; ``labels``
    is one of two constant column references, never anyone's input."""
    return (
        "(SELECT group_concat(name, ' ') FROM ("  # noqa: S608
        f"SELECT json_extract(value, '$[1]') AS name FROM json_each({labels}, '$.entities') "
        f"UNION ALL SELECT json_extract(value, '$[0]') FROM json_each({labels}, '$.tags')))"
    )


# Constant SQL: table and column names only.
_FTS_FORGET = f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id;"  # noqa: S608
_FTS_ADD = (
    f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) "  # noqa: S608
    f"VALUES (new.id, new.headline, new.standfirst, new.body, {_topics('new.labels')});"
)
_FTS_FILL = (
    f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) "  # noqa: S608
    f"SELECT id, headline, standfirst, body, {_topics('labels')} FROM articles_article"
)
FTS_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"AFTER INSERT ON articles_article BEGIN {_FTS_ADD} END",
    f"{FTS_TABLE}_delete": f"AFTER DELETE ON articles_article BEGIN {_FTS_FORGET} END",
    f"{FTS_TABLE}_update": (
        "AFTER UPDATE OF headline, standfirst, body, labels ON articles_article "
        f"BEGIN {_FTS_FORGET} {_FTS_ADD} END"
    ),
}


def fts_query(terms):
    """The terms as an FTS5 query: each a quoted phrase, the excluded ones after NOT."""

    def phrase(text):
        return '"' + text.replace('"', '""') + '"'

    wanted = " AND ".join(phrase(text) for text, excluded in terms if not excluded)
    unwanted = "".join(f" NOT {phrase(text)}" for text, excluded in terms if excluded)
    return f"({wanted}){unwanted}"


def ensure_sqlite_index(using="default", **kwargs):
    """Create the FTS5 table and its triggers where they are missing, and fill the table.

    Run after every ``migrate``: Django rebuilds a SQLite table to alter it, and the
    triggers go with the old one. Refilling the whole table then keeps it exact.
    """
    target = connections[using]
    if target.vendor != "sqlite":
        return
    with target.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", ("articles_article_%",))
        present = {row[0] for row in cursor.fetchall()}
        if {FTS_TABLE, *FTS_TRIGGERS} <= present:
            return
        for old in OLD_TABLES:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {old}_{event}")
            cursor.execute(f"DROP TABLE IF EXISTS {old}")
        try:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({FTS_COLUMNS}, "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        except OperationalError:  # a SQLite without FTS5: search matches text instead
            return
        for name, body in FTS_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(_FTS_FILL)
    target.__dict__.pop("_newsroom_fts", None)


def has_sqlite_index():
    found = connection.__dict__.get("_newsroom_fts")
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", (FTS_TABLE,))
            found = connection.__dict__["_newsroom_fts"] = cursor.fetchone() is not None
    return found
