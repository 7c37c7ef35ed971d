"""The query parameters the API understands, checked before any row is read.

Whatever a client sends, a bad value is a 400 naming the parameter, never a 500:
control characters (PostgreSQL refuses NUL), over-long text, dates out of range.
"""

import re
from datetime import UTC, datetime
from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field, field_validator

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
SLUG = r"^[-\w]+$"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Ordering = Literal["-published_at", "published_at", "-updated_at", "updated_at", "relevance"]

# What ``fields=`` may name; ``id`` is always sent.
STORY_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "summary",
    "spoiler_warning",
    "body",
    "section",
    "bylines",
    "tags",
    "about",
    "mentions",
    "hero",
    "trailer",
    "published_at",
    "updated_at",
    "revised_at",
    "notes",
    "url",
    "api_url",
)


def _iso_only(value):
    """Pydantic would read a number as seconds since 1970: only an ISO 8601 date is one."""
    if value is None:
        return None
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError("must be an ISO 8601 date and time, e.g. 2026-12-03T09:30:00Z")
    return value


def _moment(value):
    """A naive time is the site's own; any time must be one the database can store."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        # In UTC: PostgreSQL refuses offsets beyond 15:59, which ISO 8601 allows.
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="At most 100.")


_FIELD_NAME = "|".join(("id", *STORY_FIELDS))


class FieldsQuery(Schema):
    fields: str | None = Field(
        None,
        pattern=rf"^(({_FIELD_NAME})(,({_FIELD_NAME}))*)?$",
        description="Comma-separated fields to send, no spaces (id always is): "
        + ", ".join(STORY_FIELDS),
    )

    @field_validator("fields", mode="before")
    @classmethod
    def _known_fields(cls, value):
        """Names the unknown field, where the pattern alone would only say it does not match."""
        if not isinstance(value, str):
            return value
        unknown = sorted(set(value.split(",")) - set(STORY_FIELDS) - {"id", ""})
        if unknown:
            raise ValueError(
                f"has no field {', '.join(unknown)}; choose from id, {', '.join(STORY_FIELDS)}"
            )
        return value

    def chosen_fields(self):
        """The fields to send, or None for all."""
        if self.fields is None:
            return None
        return set(self.fields.split(",")) - {"", "id"}


MOMENTS = ("published_after", "published_before", "updated_after")


Kind = Literal["person", "film", "show", "franchise", "studio"]


class EntityQuery(PageQuery):
    kind: Kind | None = Field(None, description="Only people, only films…")


class EntryQuery(PageQuery):
    since: datetime | None = Field(
        None, description="ISO 8601: only entries posted or changed after this moment."
    )

    _iso = field_validator("since", mode="before")(_iso_only)
    _moments = field_validator("since")(_moment)


class StoryQuery(PageQuery, FieldsQuery):
    section: str | None = Field(None, max_length=60, pattern=SLUG, description="A section's slug.")
    tag: str | None = Field(None, max_length=100, pattern=SLUG, description="A tag's slug.")
    byline: str | None = Field(None, max_length=120, pattern=SLUG, description="A byline's slug.")
    entity: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="A person's, film's or show's id: about or mentioning it.",
    )
    published_after: datetime | None = Field(None, description="ISO 8601; inclusive.")
    published_before: datetime | None = Field(None, description="ISO 8601; exclusive.")
    updated_after: datetime | None = Field(
        None, description="Changed (in any way) after this moment: for syncing a copy."
    )
    # Control characters are dropped by the search itself (search/query.py).
    search: str | None = Field(None, max_length=200, description="Words, as the site's search.")
    ordering: Ordering | None = Field(
        None, description="Newest first by default; relevance when searching."
    )

    _iso = field_validator(*MOMENTS, mode="before")(_iso_only)
    _moments = field_validator(*MOMENTS)(_moment)
