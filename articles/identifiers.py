"""Public identifiers of people and works: their formats, and the addresses they name.

Wikidata items are ``Q`` and a number; IMDb names a person ``nm`` and seven or more
digits, a film or show ``tt`` and seven or more, a company ``co``; TMDB a number, in
a namespace of its own per kind (person 500 and movie 500 are not the same record).
"""

import re

from django.core.exceptions import ValidationError

WIKIDATA = re.compile(r"Q[1-9][0-9]{0,11}")
IMDB = {
    "person": re.compile(r"nm[0-9]{7,10}"),
    "film": re.compile(r"tt[0-9]{7,10}"),
    "show": re.compile(r"tt[0-9]{7,10}"),
    "studio": re.compile(r"co[0-9]{7,10}"),
}
IMDB_EXAMPLES = {
    "person": "nm0000129",
    "film": "tt9603212",
    "show": "tt0944947",
    "studio": "co0023400",
}
TMDB_PATHS = {
    "person": "person",
    "film": "movie",
    "show": "tv",
    "franchise": "collection",
    "studio": "company",
}


def validate_wikidata(value):
    if not WIKIDATA.fullmatch(value):
        raise ValidationError(
            "A Wikidata item is Q and its number, e.g. Q37079 (from the item's address).",
            code="wikidata",
        )


def check_imdb(kind, value):
    """The message for an IMDb id that does not fit ``kind``, or None."""
    pattern = IMDB.get(kind)
    if pattern is None:
        return "IMDb has no page for a franchise: leave it empty."
    if not pattern.fullmatch(value):
        return (
            f"An IMDb id for this kind starts with {IMDB_EXAMPLES[kind][:2]} and has at "
            f"least seven digits, e.g. {IMDB_EXAMPLES[kind]} (from the page's address)."
        )
    return None


def imdb_url(value):
    folder = {"nm": "name", "tt": "title", "co": "company"}[value[:2]]
    return f"https://www.imdb.com/{folder}/{value}/"


def wikidata_url(value):
    return f"https://www.wikidata.org/wiki/{value}"


def tmdb_url(kind, value):
    return f"https://www.themoviedb.org/{TMDB_PATHS[kind]}/{value}"
