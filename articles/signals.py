"""Any change a reader could see makes every cached page stale (see ``pagecache.py``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from .models import Article, Author, Image, Section
from .pagecache import bump_generation


def _content_changed(sender, **kwargs):
    bump_generation(story_saved=sender is Article)


def connect():
    # An image's alt text, caption, credit or focal point shows on every story using it.
    for model in (Article, Section, Author, Image, Tag, TaggedItem):
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pages-delete-{model}")
    m2m_changed.connect(
        _content_changed, sender=Article.authors.through, dispatch_uid="pages-bylines"
    )
