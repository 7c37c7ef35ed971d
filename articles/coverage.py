"""Which people, films and shows have a hub page: those a published story names."""

from django.db.models import Exists, OuterRef

from .models import Article, Entity


def covered(now=None):
    """Entities some published story is about or mentions: the others have no page yet
    (an embargoed film is not announced by its hub)."""
    published = Article.objects.published(at=now)
    return Entity.objects.filter(
        Exists(published.filter(about=OuterRef("pk")))
        | Exists(published.filter(mentions=OuterRef("pk")))
    )
