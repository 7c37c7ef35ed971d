"""Web addresses: which slugs are taken by the site's own pages, and new unique ones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

# First path segments the site already uses; a section cannot take one of them.
RESERVED_SLUGS = {
    "admin",
    "author",
    "authors",
    "tag",
    "tags",
    "search",
    "newsletters",
    "feeds",
    "feed",
    "sitemap.xml",
    "robots.txt",
    "static",
    "media",
    "preview",
    "healthz",
    "api",
    # Hub pages of people, films and shows (models/entities.py: KIND_PATHS).
    "people",
    "films",
    "shows",
    "franchises",
    "studios",
    # Wherever DJANGO_ADMIN_URL has moved the desk to.
    settings.ADMIN_URL.split("/")[0],
}


# Second path segments a section already uses: /movies/feed/ is the section's feed.
RESERVED_STORY_SLUGS = {"feed"}


def validate_story_slug(value):
    if value in RESERVED_STORY_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already a page of every section; pick another web address.",
            params={"slug": value},
        )


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already a page of the site; pick another web address.",
            params={"slug": value},
        )


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A slug made from ``text`` that no other row of ``model`` has yet."""
    base = slugify(text)[: max_length - 8].strip("-") or "story"
    candidate, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while candidate in RESERVED_STORY_SLUGS or taken.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
