"""What sits below a story: the stories before and after it in its section, and related ones."""

from django.db.models import Count, Q, Subquery

from articles.models import Article

RELATED_COUNT = 4
RELATED_CANDIDATES = 200


def section_neighbours(article):
    """The stories just before and after ``article`` in its section, by publish time.

    One query: each neighbour is a LIMIT 1 subquery that walks the
    (status, publish_at) index from the story's own time. A preview of a story
    that is not live yet has no place in the order, so no neighbours.
    """
    if not article.is_published:
        return {"previous": None, "next": None}
    when, pk = article.publish_at, article.pk
    in_section = Article.objects.published().filter(section_id=article.section_id)
    # The plain bound on publish_at starts the index scan at the story's own time;
    # the OR alone would make it walk from the newest story down.
    older = in_section.filter(
        Q(publish_at__lt=when) | Q(publish_at=when, pk__lt=pk), publish_at__lte=when
    )
    newer = in_section.filter(
        Q(publish_at__gt=when) | Q(publish_at=when, pk__gt=pk), publish_at__gte=when
    )
    neighbours = Article.objects.filter(
        Q(pk=Subquery(older.order_by("-publish_at", "-pk").values("pk")[:1]))
        | Q(pk=Subquery(newer.order_by("publish_at", "pk").values("pk")[:1]))
    ).only("headline", "slug", "publish_at", "section_id")
    found = {"previous": None, "next": None}
    for story in neighbours:
        story.section = article.section  # the same section: no query for its address
        found["previous" if (story.publish_at, story.pk) < (when, pk) else "next"] = story
    return found


def related_stories(article, limit=RELATED_COUNT):
    """Published stories sharing the most tags with ``article``, newest first among equals.

    Only the newest ``RELATED_CANDIDATES`` stories sharing a tag are weighed: counting
    shared tags over every story with a popular tag made the page slower as the archive grew.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    candidates = (
        Article.objects.published()
        .filter(tags__in=tag_ids)
        .exclude(pk=article.pk)
        .order_by("-publish_at")
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Article.objects.filter(pk__in=candidates, tags__in=tag_ids)
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-publish_at")
        .select_related("section")[:limit]
    )
