"""What sits around a story, worked out when content is written, not on a reader's request.

``Article.around`` keeps, as ids, the story just before and just after it in its
section (by publish time) and the stories sharing the most tags with it:
``{"previous": id, "next": id, "related": [id, ...]}``. Reader pages read those
ids back through ``published()``, so the stored lists may name a story that is
scheduled (it shows from its publish time on, with no write needed) or that
stopped being live since (it is filtered out), but a reader never sees either
before its time.

Why one neighbour each way is enough: the lists are made from every story with
the published status, scheduled ones included. Every story before a live one is
live too; and if the first story after it is still scheduled, so is every later
one, so none of them shows.

``refresh()`` recomputes a story and those whose lists it may be in; the task in
``tasks.py`` runs it after a save commits. ``None`` means "not worked out yet"
(rows loaded by a backup of an older format, or written in bulk): ``compute()``
then answers on the spot, and ``fill()`` stores it.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from taggit.models import TaggedItem

from .models import Article, Entity
from .models.entities import ShownEntity

RELATED_COUNT = 4  # what a story page shows
RELATED_STORED = 12  # kept, so that a few may be filtered out at read time
# Only the newest stories sharing a tag are weighed: counting shared tags over
# every story with a popular tag grows with the archive.
RELATED_CANDIDATES = 200
# A save also refreshes the newest stories sharing one of the story's tags,
# whose lists it is most likely to enter or leave.
RELATED_FOLLOWERS = 50

EMPTY = {"previous": None, "next": None, "related": []}
WORKED_FROM = ("pk", "section_id", "status", "publish_at", "around", "labels")


def listable():
    """Stories that are live or will be without another write: the published status, dated."""
    return Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__isnull=False)


def tag_ids(story_id):
    return list(
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=story_id
        ).values_list("tag_id", flat=True)
    )


def neighbour_ids(story):
    """(previous, next) in ``story``'s section by (publish time, id), among listable stories."""
    if story.status != Article.Status.PUBLISHED or story.publish_at is None:
        return None, None
    when, pk = story.publish_at, story.pk
    in_section = listable().filter(section_id=story.section_id)
    # The plain bound on publish_at starts the index scan at the story's own time.
    previous = (
        in_section.filter(
            Q(publish_at__lt=when) | Q(publish_at=when, pk__lt=pk), publish_at__lte=when
        )
        .order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    following = (
        in_section.filter(
            Q(publish_at__gt=when) | Q(publish_at=when, pk__gt=pk), publish_at__gte=when
        )
        .order_by("publish_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return previous, following


def _tagged(tags):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), tag_id__in=tags
    )


def _newest_sharing_a_tag(story_id, tags, limit):
    """The newest listable stories with one of ``tags``, the story itself left out.

    Written as EXISTS, so the database walks the stories down the publish-time
    index and stops after ``limit``, instead of joining every story with a
    popular tag (tens of thousands at 100,000 stories) before sorting them.
    """
    return (
        listable()
        .filter(Exists(_tagged(tags).filter(object_id=OuterRef("pk"))))
        .exclude(pk=story_id)
        .order_by("-publish_at", "-pk")[:limit]
    )


def related_ids(story_id, tags=None):
    """Listable stories sharing the most tags with the story, newest first among equals."""
    tags = tag_ids(story_id) if tags is None else tags
    if not tags:
        return []
    candidates = dict(
        _newest_sharing_a_tag(story_id, tags, RELATED_CANDIDATES).values_list("pk", "publish_at")
    )
    shared = Counter(
        _tagged(tags).filter(object_id__in=candidates).values_list("object_id", flat=True)
    )
    ranked = sorted(candidates, key=lambda pk: (shared[pk], candidates[pk], pk), reverse=True)
    return ranked[:RELATED_STORED]


def compute(story, tags=None):
    """What ``story.around`` should hold now (``story`` needs the fields in ``WORKED_FROM``)."""
    previous, following = neighbour_ids(story)
    return {"previous": previous, "next": following, "related": related_ids(story.pk, tags)}


def followers(story_id, tags):
    """The newest listable stories sharing a tag with the story, itself left out."""
    if not tags:
        return []
    return list(
        _newest_sharing_a_tag(story_id, tags, RELATED_FOLLOWERS).values_list("pk", flat=True)
    )


def _store(story, around):
    """Write ``around`` if it differs; True when it did. update(): no save signals, no revision."""
    if story.around == around:
        return False
    Article.objects.filter(pk=story.pk).update(around=around)
    story.around = around
    return True


def refresh(story_ids, also=()):
    """Recompute the stories ``story_ids`` and every story whose lists they may be in.

    That is their neighbours before and after (the old ones are still stored on
    them), the stories they list and list them, and the newest stories sharing
    a tag; ``also`` adds more (a deleted story's neighbours). Idempotent: the ids
    of the stories whose stored lists changed.
    """
    changed = set()
    touched = set(also)
    for story in Article.objects.filter(pk__in=story_ids).only(*WORKED_FROM):
        tags = tag_ids(story.pk)
        old = story.around or EMPTY
        new = compute(story, tags)
        if _store(story, new):
            changed.add(story.pk)
        touched |= {old["previous"], old["next"], new["previous"], new["next"]}
        touched |= {*old["related"], *new["related"], *followers(story.pk, tags)}
    touched -= {None, *story_ids}
    for story in Article.objects.filter(pk__in=touched).only(*WORKED_FROM):
        if _store(story, compute(story)):
            changed.add(story.pk)
    return changed


def fill(only_missing=True, batch_size=500):
    """Store ``around`` and ``labels`` (``shown.py``) for every story, or only where missing.

    How many stories were written. Saves keep both up to date; this is for rows
    written in bulk or by an older version. Neighbours, tags and bylines are read
    for all stories at once; related stories take one query a story.
    """
    stories = Article.objects.order_by("pk").only(*WORKED_FROM)
    if only_missing:
        stories = stories.filter(Q(around__isnull=True) | Q(labels__isnull=True))
    if not stories.exists():
        return 0
    neighbours = _all_neighbours()
    tags, labels = _all_labels()
    written = 0
    batch = []
    for story in stories.iterator(chunk_size=batch_size):
        previous, following = neighbours.get(story.pk, (None, None))
        around = {
            "previous": previous,
            "next": following,
            "related": related_ids(story.pk, tags.get(story.pk, [])),
        }
        shown_labels = labels.get(story.pk, empty_labels())
        if (story.around, story.labels) != (around, shown_labels):
            story.around, story.labels = around, shown_labels
            batch.append(story)
        if len(batch) >= batch_size:
            written += Article.objects.bulk_update(batch, ["around", "labels"])
            batch = []
    if batch:
        written += Article.objects.bulk_update(batch, ["around", "labels"])
    return written


def _all_neighbours():
    """``{pk: (previous, next)}`` for every listable story, as ``neighbour_ids`` finds them."""
    found = {}
    in_order = listable().order_by("section_id", "publish_at", "pk")
    last_pk = last_section = None
    for pk, section_id in in_order.values_list("pk", "section_id").iterator(chunk_size=5000):
        if section_id == last_section:
            found[pk] = (last_pk, None)
            found[last_pk] = (found[last_pk][0], pk)
        else:
            found[pk] = (None, None)
        last_pk, last_section = pk, section_id
    return found


def empty_labels():
    return {"authors": [], "entities": [], "tags": []}


def _all_labels():
    """Every story's tag ids, and its labels as ``shown.labels_of`` makes them."""
    labels = {}
    bylines = Article.authors.through.objects.order_by("author__name", "author_id")
    for story_id, name, slug in bylines.values_list("article_id", "author__name", "author__slug"):
        labels.setdefault(story_id, empty_labels())["authors"].append([name, slug])
    _all_entities(labels)
    tags = {}
    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
    for story_id, tag_id, name, slug in tagged.values_list(
        "object_id", "tag_id", "tag__name", "tag__slug"
    ):
        tags.setdefault(story_id, []).append(tag_id)
        labels.setdefault(story_id, empty_labels())["tags"].append([name, slug])
    for story in labels.values():
        story["tags"].sort(key=lambda pair: pair[0].casefold())
    return tags, labels


def _all_entities(labels):
    """Each story's entities into ``labels``: those it is about, then those it mentions."""
    links = {}
    for relation, about in ((Article.about, True), (Article.mentions, False)):
        rows = relation.through.objects.order_by("entity__name", "entity_id")
        for story_id, entity_id in rows.values_list("article_id", "entity_id"):
            links.setdefault(story_id, []).append((entity_id, about))
    wanted = {entity_id for found in links.values() for entity_id, _about in found}
    entities = Entity.objects.in_bulk(wanted)
    for story_id, found in links.items():
        about_ids = {entity_id for entity_id, about in found if about}
        shown = labels.setdefault(story_id, empty_labels())["entities"]
        for entity_id, about in found:
            if about or entity_id not in about_ids:
                entity = entities[entity_id]
                shown.append(ShownEntity.stored(entity, about))
