"""People, films and shows a story's text names, for the desk to suggest.

A record is suggested when its whole name appears in the headline, standfirst or
body, compared word by word without case or punctuation ("Mission: Impossible –
Dead Reckoning" is found in "mission impossible dead reckoning"). A one-word name
must appear capitalised, so the film "Up" is not found in every "up".
"""

import re

from django.utils.html import strip_tags

from .models import Entity

WORD = re.compile(r"\w+(?:['’]\w+)*")
LONGEST_NAME = 10  # words
LIMIT = 8


def words(text):
    return WORD.findall(text)


def suggestions(*texts, exclude=(), limit=LIMIT):
    """Entities named in ``texts`` (HTML is read as text), those in ``exclude`` (ids)
    aside, in the order they first appear."""
    found_words = words(" ".join(strip_tags(text or "") for text in texts))
    folded = [word.casefold() for word in found_words]
    first_at = {}
    for size in range(1, LONGEST_NAME + 1):
        for start in range(len(folded) - size + 1):
            first_at.setdefault(" ".join(folded[start : start + size]), start)
    capitalised = {word for word in found_words if word[:1].isupper()}
    named = []
    for entity in Entity.objects.exclude(pk__in=exclude).only("pk", "name", "kind"):
        name_words = words(entity.name)
        key = " ".join(word.casefold() for word in name_words)
        if key not in first_at:
            continue
        if len(name_words) == 1 and name_words[0] not in capitalised:
            continue
        named.append((first_at[key], entity))
    named.sort(key=lambda pair: (pair[0], pair[1].name))
    return [entity for _position, entity in named[:limit]]
