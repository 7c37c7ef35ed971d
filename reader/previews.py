"""Share links: a signed, expiring address at which a story can be read before it is out."""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from articles.models import Article

from .queries import STORY_RELATED
from .story import story_page

# Kept as it was when the desk and the reader pages were one app: links already sent stay valid.
SHARE_SALT = "articles.share-preview"


def share_token(article):
    return signing.dumps(article.pk, salt=SHARE_SALT)


@require_safe
def share_preview(request, token):
    """A signed, expiring, read-only link to a story before it is published."""
    try:
        pk = signing.loads(token, salt=SHARE_SALT, max_age=settings.NEWSROOM_SHARE_PREVIEW_SECONDS)
    except signing.SignatureExpired:
        response = render(request, "reader/preview_expired.html", status=410)
        add_never_cache_headers(response)
        return response
    except signing.BadSignature:
        raise Http404("This preview link is not valid.") from None
    article = (
        Article.objects.select_related(*STORY_RELATED)
        .prefetch_related("authors", "tags")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404("This story no longer exists.")
    if article.is_published:
        # The link's job is done: readers' page from now on.
        return redirect(article)
    return story_page(request, article, preview="shared")
