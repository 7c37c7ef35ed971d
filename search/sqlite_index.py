"""SQLite's full-text index of the stories: an FTS5 table kept by triggers.

PostgreSQL needs none of this: its stories table has a stored tsvector column.
"""

from django.db import OperationalError, connection, connections

# SQLite: an FTS5 table indexing the stories' text, kept up to date by triggers.
FTS_TABLE = "articles_article_fts"
FTS_COLUMNS = "headline, standfirst, body"
_FTS_ROW = "new.id, new.headline, new.standfirst, new.body"
# Constant SQL: table and column names only.
_FTS_FORGET = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {FTS_COLUMNS}) "  # noqa: S608
    "VALUES ('delete', old.id, old.headline, old.standfirst, old.body);"
)
_FTS_ADD = f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) VALUES ({_FTS_ROW});"  # noqa: S608
FTS_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"AFTER INSERT ON articles_article BEGIN {_FTS_ADD} END",
    f"{FTS_TABLE}_delete": f"AFTER DELETE ON articles_article BEGIN {_FTS_FORGET} END",
    f"{FTS_TABLE}_update": (
        f"AFTER UPDATE OF {FTS_COLUMNS} ON articles_article BEGIN {_FTS_FORGET} {_FTS_ADD} END"
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
    triggers go with the old one.
    """
    target = connections[using]
    if target.vendor != "sqlite":
        return
    with target.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", (f"{FTS_TABLE}%",))
        present = {row[0] for row in cursor.fetchall()}
        if {FTS_TABLE, *FTS_TRIGGERS} <= present:
            return
        try:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({FTS_COLUMNS}, "
                "content='articles_article', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        except OperationalError:  # a SQLite without FTS5: search matches text instead
            return
        for name, body in FTS_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    target.__dict__.pop("_newsroom_fts", None)


def has_sqlite_index():
    found = connection.__dict__.get("_newsroom_fts")
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", (FTS_TABLE,))
            found = connection.__dict__["_newsroom_fts"] = cursor.fetchone() is not None
    return found
