"""The one map from "this changed" to "this is stale".

Every change a reader could see bumps the content generation (``versions.py``),
which makes every kept page and list answer stale at once; anything but a story's
own save also bumps the labels version, so cached cards and texts that show a
section, a byline, a tag, a picture or the site's name are made again. Nothing
else in the project bumps them: the content and the library only send signals.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Section, SiteSettings
from articles.signals import content_changed
from library.models import Image
from library.signals import renditions_made

from .site import forget_site_settings
from .versions import bump_generation

# An image's alt text, caption, credit or focal point shows on every story using it.
CONTENT_MODELS = (Article, Section, Author, Image, Tag, TaggedItem)


def _saved_or_deleted(sender, **kwargs):
    bump_generation(story_saved=sender is Article)


def _changed_in_bulk(sender, **kwargs):
    bump_generation()


def _renditions_made(sender, **kwargs):
    bump_generation()  # cached pages still point at the full-size original


def _site_settings_changed(sender, **kwargs):
    """Forget the settings now, and again once the transaction commits.

    The second time covers a request that read the old row from the database
    between the save and its commit, and cached it again.
    """

    def forget():
        forget_site_settings()
        bump_generation()  # every cached page shows the site's name: make them fresh

    forget()
    transaction.on_commit(forget)


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-delete-{model}")
    m2m_changed.connect(
        _saved_or_deleted, sender=Article.authors.through, dispatch_uid="pages-bylines"
    )
    content_changed.connect(_changed_in_bulk, dispatch_uid="pages-bulk")
    renditions_made.connect(_renditions_made, dispatch_uid="pages-renditions")
    post_save.connect(_site_settings_changed, sender=SiteSettings, dispatch_uid="site-save")
    post_delete.connect(_site_settings_changed, sender=SiteSettings, dispatch_uid="site-delete")
