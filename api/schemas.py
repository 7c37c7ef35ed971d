"""What the API answers, as pydantic models: the OpenAPI schema is made from these,
and every answer is checked against them before it is sent.

A story's fields other than ``id`` are optional in the schema because ``fields=``
lets a client ask for fewer; an answer without ``fields=`` has them all.
"""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field(description="A URI naming the kind of problem; about:blank for plain HTTP.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The address that was asked for.")
    errors: list[dict[str, str]] | None = Field(
        None, description="For a bad query: each parameter and what is wrong with it."
    )


class Link(Schema):
    """A section, byline or tag as a story names it."""

    name: str
    slug: str
    url: str = Field(description="Its page on the site.")
    api_url: str
    stories_url: str = Field(description="Its stories in this API.")


class EntityLink(Schema):
    """A person, film, show, franchise or studio a story is about or mentions."""

    kind: Literal["person", "film", "show", "franchise", "studio"]
    name: str
    slug: str
    url: str = Field(description="Its hub page on the site.")
    same_as: list[str] = Field(description="Its Wikidata, IMDb and TMDB records, official site.")


class Rendition(Schema):
    width: int
    webp: str
    jpeg: str


class Crop(Schema):
    url: str
    width: int
    height: int


class Picture(Schema):
    url: str = Field(description="The original file.")
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str
    src: str = Field(
        description="A middle-sized rendition; until they are made, a small interim one "
        "(the original only for a picture with none, such as an animated GIF)."
    )
    srcset_webp: str = Field(description="A srcset of the WebP renditions; empty until made.")
    srcset_jpeg: str = Field(description="A srcset of the JPEG renditions, or the interim one.")
    renditions: list[Rendition] = Field(description="The renditions made; empty until then.")
    social: Crop | None = Field(description="The 1200x630 crop for sharing, once made.")


class Trailer(Schema):
    provider: Literal["youtube", "vimeo"]
    id: str
    url: str = Field(description="The video on the provider's site.")
    embed_url: str = Field(description="The privacy-enhanced player, for an <iframe>.")
    poster: str | None = Field(description="The picture the site shows before play.")


class Note(Schema):
    kind: Literal["correction", "clarification", "update"]
    text: str
    published_at: datetime


class Story(Schema):
    id: int
    headline: str = None
    slug: str = None
    standfirst: str = None
    summary: str = Field(
        None, description="What lists show: the standfirst, or the spoiler warning."
    )
    spoiler_warning: str = Field(None, description='e.g. "Spoilers for …"; empty when none.')
    body: str = Field(None, description="The body's HTML, sanitised as stored.")
    section: Link = None
    bylines: list[Link] = None
    tags: list[Link] = None
    about: list[EntityLink] = Field(None, description="The people, films and shows it is about.")
    mentions: list[EntityLink] = Field(None, description="Others it names.")
    hero: Picture | None = None
    trailer: Trailer | None = None
    published_at: datetime = None
    updated_at: datetime = Field(None, description="The last change of any kind (for syncing).")
    revised_at: datetime | None = Field(
        None,
        description="When readers were last told of a change (a correction or update note); "
        "the site's “updated” time and JSON-LD dateModified.",
    )
    notes: list[Note] = Field(
        None, description="Corrections, clarifications and updates (the detail only)."
    )
    url: str = Field(None, description="The story's canonical address on the site.")
    api_url: str = None


class Entry(Schema):
    id: int
    posted_at: datetime = Field(description="When it was posted: its place in the story.")
    updated_at: datetime = Field(description="Its last change.")
    title: str = Field(description="Empty when it has none.")
    body: str = Field(description="The entry's HTML, sanitised as stored.")
    bylines: list[Link]
    picture: Picture | None
    link: str = Field(description="A video or a post it shows as a card; empty when none.")
    pinned: bool
    key_moment: bool
    url: str = Field(description="Its permalink on the site.")


class Section(Schema):
    id: int
    name: str
    slug: str
    description: str
    story_count: int
    url: str
    api_url: str
    stories_url: str


class Byline(Schema):
    id: int
    name: str
    slug: str
    bio: str
    photo: str | None
    story_count: int
    url: str
    api_url: str
    stories_url: str


class Tag(Schema):
    id: int
    name: str
    slug: str
    story_count: int
    url: str
    api_url: str
    stories_url: str


class Entity(Schema):
    id: int
    kind: Literal["person", "film", "show", "franchise", "studio"]
    name: str
    slug: str
    description: str
    picture: Picture | None
    wikidata_id: str
    imdb_id: str
    tmdb_id: int | None
    official_site: str
    same_as: list[str] = Field(description="Its public records, as addresses (JSON-LD sameAs).")
    franchise: str | None = Field(description="The franchise's slug, for a film or show.")
    url: str = Field(description="Its hub page on the site.")
    api_url: str
    stories_url: str = Field(description="The stories about or mentioning it, in this API.")


class Page(Schema):
    count: int = Field(description="How many there are in all.")
    pages: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class StoryPage(Page):
    results: list[Story]


class EntryPage(Page):
    results: list[Entry]


class SectionPage(Page):
    results: list[Section]


class BylinePage(Page):
    results: list[Byline]


class TagPage(Page):
    results: list[Tag]


class EntityPage(Page):
    results: list[Entity]
