"""Two people saving one story: what each changed since they opened it, field by field.

The form carries, signed, the values it was opened with (``snapshot``). When
someone else saved in between, each field falls in one of four cases:

- nobody changed it, or both made the same change: nothing to do;
- only I changed it: mine is saved;
- only they changed it: theirs is kept (``Merge.taken``), whatever my form held;
- both changed it, differently: a clash, shown side by side, and the editor
  chooses "keep mine" or "take theirs" for each before the story saves.

A form opened without the snapshot (an old tab, a page cached before this
existed) cannot tell who changed what, so every field that differs is a clash.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core import signing

from articles.models import Article

from .dates import when
from .revisions import paragraphs

# What the desk compares, in the order the form shows it.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "hero",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "hero_focal_x",
    "hero_focal_y",
    "trailer_url",
    "trailer_still",
    "video_kind",
    "spoilers",
    "spoils",
    "section",
    "authors",
    "about",
    "mentions",
    "tags",
    "status",
    "publish_at",
    "featured",
    # Live coverage: "End coverage" on the live desk saves the story, so a form opened
    # before it must keep that end rather than save its own empty box over it.
    "coverage_start",
    "coverage_end",
    "key_points",
    "entries_reviewed",
]
# Time boxes (a date and a time) and ticks, as the form shows them.
SPLIT_DATETIMES = ("publish_at", "coverage_start", "coverage_end")
CHECKBOXES = ("featured", "entries_reviewed")
# The story's many-to-many fields the form edits as lists of rows.
RELATED_LISTS = ("authors", "about", "mentions")
CHOICES = ("mine", "theirs")
_SALT = "desk.conflicts.snapshot"
STATUS_LABELS = dict(Article.Status.choices)
SPOILER_LABELS = dict(Article.Spoilers.choices)


def comparable(value):
    """A field's value reduced to what two editors would call the same (JSON-friendly)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        # The form's time box goes to the second.
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, bool | int | float):
        return value
    # Bylines (a queryset or list of people) and tags (names or Tag rows): order aside.
    items = [item.pk if hasattr(item, "pk") else str(item) for item in value]
    return sorted(items, key=str) or None


def snapshot(values):
    """The signed token of ``values`` (field name -> saved value) a form was opened with."""
    return signing.dumps(
        {name: comparable(value) for name, value in values.items()}, salt=_SALT, compress=True
    )


def opened_with(token):
    """The values a form was opened with, or None if the token is missing or was altered."""
    try:
        return signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None


def readable(name, value):
    """A saved or typed value as the conflict view writes it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if name == "body":
        return paragraphs(value) or "(empty)"
    if name in CHECKBOXES:
        return "yes" if value else "no"
    if name == "status":
        return STATUS_LABELS.get(value, value)
    if name == "spoilers":
        return SPOILER_LABELS.get(value, value)
    if name in SPLIT_DATETIMES:
        return when(value, seconds=True)
    if name in (*RELATED_LISTS, "tags"):
        return ", ".join(sorted((str(item) for item in value), key=str.casefold))
    return str(value)


@dataclass
class Clash:
    name: str
    label: str
    mine: str
    theirs: str
    choice: str = ""


@dataclass
class Merge:
    """What came of comparing my form with the story as someone else saved it."""

    taken: list = field(default_factory=list)  # labels of fields where theirs was kept
    clashes: list = field(default_factory=list)  # names of fields both changed


def merge(base, mine, theirs):
    """Sort the fields of ``mine`` (name -> value) against ``theirs`` since ``base``.

    ``base`` is what the form was opened with (``opened_with``), or None if unknown.
    """
    result = Merge()
    for name in COMPARED_FIELDS:
        if name not in mine:
            continue
        my_value, their_value = comparable(mine[name]), comparable(theirs[name])
        if my_value == their_value:
            continue
        if base is not None and name in base:
            if base[name] == their_value:
                continue  # only I changed it
            if base[name] == my_value:
                result.taken.append(name)  # only they changed it
                continue
        result.clashes.append(name)
    return result
