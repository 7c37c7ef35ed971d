"""The content: stories, sections, bylines, people, films and shows, and the site's own
settings.

Pictures are the library's (``library.models.Image``); stories point to them.
"""

import reversion
from django.db.models.signals import post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from .counts import CountsVersion, ListCount
from .entities import INDEX_NAMES, KIND_PATHS, PATH_KINDS, Credit, Entity, ReleaseDate
from .labels import Author, Section
from .live import LiveEntry
from .notes import StoryNote
from .pages import Page
from .site import SiteSettings
from .stories import Article, ArticleQuerySet, OldSlug, StatusChange
from .tags import OldTag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Author",
    "CountsVersion",
    "Credit",
    "Entity",
    "INDEX_NAMES",
    "KIND_PATHS",
    "PATH_KINDS",
    "ListCount",
    "LiveEntry",
    "OldSlug",
    "OldTag",
    "Page",
    "ReleaseDate",
    "Section",
    "SiteSettings",
    "StatusChange",
    "StoryNote",
]

# Every save through the desk keeps a revision of the story, tags included (the tag
# rows follow the story). Registered here, before the admin's VersionAdmin would
# register the story on its own without its tags.
# The library registers its images itself.
if not reversion.is_registered(Article):
    reversion.register(Tag)
    reversion.register(TaggedItem, follow=["tag"])
    # What a story stores of its surroundings is worked out again, never restored.
    reversion.register(
        Article,
        follow=["tagged_items"],
        exclude=["around", "labels", "revised_at", "live_revision", "entry_posted_at"],
    )


@receiver(post_save, sender=Article)
def _keep_the_picture_in_the_revision(sender, instance, raw=False, **kwargs):
    """Each revision of a story also keeps its library image, as it was then.

    Restoring the revision then brings back the picture the story showed, with that
    picture's description (and the image itself, had it been deleted since). This is
    done here rather than by reversion's ``follow``: a followed image that is not in
    the old revision would be deleted by the restore, taking the library's picture
    away from every other story showing it.
    """
    if not raw and instance.hero_id and reversion.is_active():
        reversion.add_to_revision(instance.hero)
