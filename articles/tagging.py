"""How typed tags are read: case aside (``TAGGIT_CASE_INSENSITIVE``) and spacing aside.

"Box  office", " box office " and "Box office" are one tag, so an editor's stray
space never makes a second page for the same topic.
"""

from taggit.utils import _parse_tags


def tidy(name):
    return " ".join(name.split())


def parse_tags(tagstring):
    """taggit's reading of the tag box, each name's spaces tidied, each name once."""
    seen, names = set(), []
    for name in map(tidy, _parse_tags(tagstring)):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return sorted(names)
