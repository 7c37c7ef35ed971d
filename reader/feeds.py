"""RSS 2.0 and Atom feeds: the whole site, each section, tag, author and entity.

Every feed starts from ``Article.objects.published()`` and runs a fixed number
of queries, however many stories it lists.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from taggit.models import Tag

from articles.coverage import covered
from articles.models import PATH_KINDS, Article, Author, LiveEntry, Section, StoryNote
from caching import keys
from caching.outage import quietly
from caching.site import site_settings
from library.models import Image

from .lists import moved_tag
from .live import permalink

FEED_LENGTH = 20
# Uploaded files are never overwritten (a new upload gets a new name), so a
# file's size, once read, is good for as long as the cache keeps it.
SIZE_CACHE_SECONDS = 60 * 60 * 24 * 30


def hero_sizes(articles):
    """The byte size of each story's hero image, keyed by file name.

    An enclosure must state its length, and asking storage for it is a stat
    on local disk but a network round trip on S3. So each size is read from
    storage once and kept in the cache; a feed then costs one cache lookup
    for all its images and no database query.
    """
    names = {article.hero.file.name for article in articles if article.hero}
    keys = {f"newsroom:image-bytes:{name}": name for name in names}
    kept = quietly(cache.get_many, keys, default={})  # a cache that is down knows none
    sizes = {keys[key]: size for key, size in kept.items()}
    storage = Image._meta.get_field("file").storage
    found = {}
    for key, name in keys.items():
        if name in sizes:
            continue
        try:
            sizes[name] = found[key] = storage.size(name)
        except OSError:
            continue  # the file is gone: the story goes out without its enclosure
    if found:
        quietly(cache.set_many, found, SIZE_CACHE_SECONDS)
    return sizes


class StoryFeed(Feed):
    """The newest published stories of the whole site, in RSS 2.0."""

    @classmethod
    def as_view(cls):
        """A new feed object per request, so the request can be kept on it safely."""

        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return view

    def __call__(self, request, *args, **kwargs):
        self.request = request  # enclosures need the site's address
        self.site = site_settings()
        return super().__call__(request, *args, **kwargs)

    def title(self, obj):
        return self.site.name

    def link(self, obj):
        return reverse("reader:home")

    def description(self, obj):
        return self.site.description

    def stories(self, obj):
        return Article.objects.published()

    def list_key(self, obj):
        """The list this feed is, for the page cache and the edge (``caching/keys.py``)."""
        return keys.LATEST

    def items(self, obj):
        articles = list(
            self.stories(obj)
            .select_related("section", "hero")
            .prefetch_related("authors", "tags")
            .defer("body")[:FEED_LENGTH]
        )
        keys.shows(self.request, self.list_key(obj), *keys.stories(a.pk for a in articles))
        self.sizes = hero_sizes(articles)
        return articles

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.summary  # a spoiling story's warning, not its standfirst

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        # Moved by corrections and updates, not by every save (articles/models/notes.py).
        return item.modified_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name, *sorted(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        size = self.sizes.get(item.hero.file.name) if item.hero else None
        if size is None:
            return []
        mime_type = mimetypes.guess_type(item.hero.file.name)[0] or "application/octet-stream"
        url = self.request.build_absolute_uri(item.hero.file.url)
        return [Enclosure(url, str(size), mime_type)]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories on {self.site.name}."

    def list_key(self, obj):
        return keys.section(obj.pk)

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)


class TagFeed(StoryFeed):
    moved = "rss"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A merged tag's feed sends feed readers on, as its page does.
            moved = moved_tag(kwargs["slug"], feed=self.moved)
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved)

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site.name}"

    def link(self, obj):
        return reverse("reader:tag", args=[obj.slug])

    def description(self, obj):
        return f"The latest stories about {obj.name} on {self.site.name}."

    def list_key(self, obj):
        return keys.tag(obj.pk)

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The latest stories by {obj.name} on {self.site.name}."

    def list_key(self, obj):
        return keys.author(obj.pk)

    def stories(self, obj):
        return Article.objects.published().filter(authors=obj)


class EntityFeed(StoryFeed):
    """The newest stories about or mentioning a person, film, show or franchise."""

    def get_object(self, request, kind, slug):
        found = covered(timezone.now()).filter(kind=PATH_KINDS[kind], slug=slug).first()
        if found is None:
            raise Http404("Nobody and nothing we cover has this address.")
        return found

    def title(self, obj):
        return f"{obj.name} · {self.site.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The latest stories about {obj.name} on {self.site.name}."

    def list_key(self, obj):
        return keys.entity(obj.pk)

    def stories(self, obj):
        return Article.objects.published().about_or_mentioning(obj.pk)


class CorrectionsFeed(StoryFeed):
    """The newest corrections, clarifications and updates, each linking to its story."""

    def title(self, obj):
        return f"Corrections and updates · {self.site.name}"

    def link(self, obj):
        return reverse("reader:corrections")

    def description(self, obj):
        return f"What {self.site.name} corrected, clarified or updated in its stories."

    def items(self, obj):
        keys.shows(self.request, keys.CORRECTIONS)
        return list(
            StoryNote.objects.on_public_stories().select_related("article__section")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return None

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []


class AtomStoryFeed(AtomMixin, StoryFeed):
    pass


class AtomCorrectionsFeed(AtomMixin, CorrectionsFeed):
    pass


class AtomSectionFeed(AtomMixin, SectionFeed):
    pass


class AtomTagFeed(AtomMixin, TagFeed):
    moved = "atom"


class AtomAuthorFeed(AtomMixin, AuthorFeed):
    pass


class AtomEntityFeed(AtomMixin, EntityFeed):
    pass


class LiveEntriesFeed(AtomMixin, StoryFeed):
    """A live story's newest entries, in Atom: each links to its permalink. Kept under
    the story's key alone, so an entry deleted for legal reasons leaves it at once."""

    def get_object(self, request, section, slug):
        article = Article.objects.published().filter(slug=slug, section__slug=section)
        article = article.select_related("section").first()
        if article is None or not article.is_live:
            raise Http404("No live story has this address.")
        self.article = article
        return article

    def title(self, obj):
        return f"{obj.headline}: live · {self.site.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.summary

    def items(self, obj):
        keys.shows(self.request, keys.story(obj.pk))
        return list(LiveEntry.objects.filter(article=obj).for_readers()[:FEED_LENGTH])

    def item_title(self, item):
        return item.summary

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return permalink(self.article, item.pk)

    def item_guid(self, item):
        return self.request.build_absolute_uri(self.item_link(item))

    def item_pubdate(self, item):
        return item.posted_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return ["Key moment"] if item.key_moment else []

    def item_enclosures(self, item):
        return []
