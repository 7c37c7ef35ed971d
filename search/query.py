"""Full-text search over published stories.

On PostgreSQL: ranked full-text search with English stemming, the headline
weighted above the standfirst above the body, and the search box's syntax of
a web search engine ("quoted phrases", -exclusions), over the stored, indexed
``search_document`` column that the stories' migrations 0007 and 0027 add. On
SQLite: every word must appear somewhere in the story, newest first, found through
the FTS5 index of ``sqlite_index.py`` (English stemming too); a SQLite built without
FTS5 falls back to matching the text word by word.

Either way a story is found by the names of the people, films, shows and tags it is
filed under too, so a search finds what the hub pages list.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article

from .sqlite_index import FTS_TABLE, fts_query, has_sqlite_index

# Longer queries are cut: nobody types more, and the cost grows with every word.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
CONFIG = "english"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A word, or a "quoted phrase", each maybe with a leading minus.
TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def clean_query(raw):
    """The query as searched: control characters (PostgreSQL refuses NUL) and extra spaces
    gone, cut to a sane length."""
    return " ".join(CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def parse_terms(query):
    """The query's (text, excluded) terms: phrases kept whole, quotes and minus signs read."""
    terms = []
    for match in TERM.finditer(query):
        minus = match.group(1) or match.group(3)
        text = (match.group(2) if match.group(2) is not None else match.group(4)).strip('"')
        text = " ".join(re.findall(r"\w+(?:['’]\w+)*", text))
        if text:
            terms.append((text, bool(minus)))
    return terms[:MAX_TERMS]


def search_document():
    """The stored tsvector column (PostgreSQL only; it is not a model field)."""
    return RawSQL('"articles_article"."search_document"', (), output_field=SearchVectorField())


def search(raw_query):
    """Published stories matching ``raw_query``, best first. Empty when there are no words."""
    query = clean_query(raw_query)
    terms = parse_terms(query)
    if not any(not excluded for _text, excluded in terms):
        return Article.objects.none()
    stories = Article.objects.published()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        return (
            stories.annotate(rank=SearchRank(search_document(), search_query))
            .alias(document=search_document())
            .filter(document=search_query)
            .order_by("-rank", F("publish_at").desc(), "-pk")
        )
    if has_sqlite_index():
        # The table name is ours; the reader's words go in as a parameter.
        matching = RawSQL(  # noqa: S611
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            (fts_query(terms),),
        )
        return stories.filter(pk__in=matching).order_by("-publish_at", "-pk")
    for text, excluded in terms:
        match = Q(headline__icontains=text) | Q(standfirst__icontains=text)
        match |= Q(body__icontains=text) | Q(pk__in=filed_under(text))
        stories = stories.exclude(match) if excluded else stories.filter(match)
    return stories.order_by("-publish_at", "-pk")


def filed_under(text):
    """Ids of the stories with a tag or an entity whose name holds ``text``."""
    return (
        Article.objects.filter(
            Q(tags__name__icontains=text)
            | Q(about__name__icontains=text)
            | Q(mentions__name__icontains=text)
        )
        .values("pk")
        .order_by()
    )


def _stem(word):
    """A crude stem, enough to mark "jumped" for a search for "jumping"."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def highlight(text, raw_query):
    """``text`` escaped, with the words the query looked for marked up as <mark>."""
    stems = {
        _stem(word.lower())
        for phrase, excluded in parse_terms(clean_query(raw_query))
        if not excluded
        for word in phrase.split()
        if len(word) > 1
    }
    if not stems:
        return escape(text)
    # A word and its endings: "jump" marks "jumps" and "jumped".
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match[0]), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped)
