"""Reading django-reversion's stored revisions of a story the way an editor compares them."""

import difflib
import html
import re

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join, strip_tags
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Section
from library.models import Image

from .dates import when

TEXT_FIELDS = [
    ("headline", "Headline"),
    ("standfirst", "Standfirst"),
    ("body", "Body"),
]
# The picture's description, as saved with the story's revision (the image follows it).
IMAGE_FIELDS = [("alt", "Alt text"), ("caption", "Caption"), ("credit", "Credit")]
STATUS_LABELS = dict(Article.Status.choices)


def readable(version):
    """Field label -> the value as an editor would describe it, for one stored revision."""
    data = version.field_dict
    fields = {label: _text(data.get(name)) for name, label in TEXT_FIELDS}
    fields["Body"] = paragraphs(data.get("body") or "")
    section = Section.objects.filter(pk=data.get("section_id")).first()
    fields["Section"] = section.name if section else "—"
    author_ids = data.get("authors") or []
    fields["Bylines"] = ", ".join(
        Author.objects.filter(pk__in=author_ids).order_by("name").values_list("name", flat=True)
    )
    fields["Tags"] = ", ".join(sorted(tags_in(version), key=str.casefold))
    image = image_in(version)
    fields["Hero image"] = str(image.get("file") or "—")
    for name, label in IMAGE_FIELDS:
        fields[label] = _text(image.get(name))
    fields["Trailer"] = data.get("trailer_url") or "—"
    kind = data.get("video_kind") or Article.VideoKind.TRAILER
    fields["The video is a"] = Article.VideoKind(kind).label if kind in Article.VideoKind else kind
    warned = Article(spoilers=data.get("spoilers") or "", spoils=data.get("spoils") or "")
    fields["Spoiler warning"] = warned.spoiler_warning or "—"
    fields["Status"] = STATUS_LABELS.get(data.get("status"), data.get("status") or "—")
    fields["Publish time"] = when(data.get("publish_at"))
    fields["Featured"] = "yes" if data.get("featured") else "no"
    return fields


def image_in(version):
    """The hero image's fields as saved with this revision, or as it is now if not saved."""
    image_id = version.field_dict.get("hero_id")
    if image_id is None:
        return {}
    stored = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(Image), object_id=str(image_id)
    ).first()
    if stored is not None:
        return stored.field_dict
    return (
        Image.objects.filter(pk=image_id).values("file", "alt", "caption", "credit").first() or {}
    )


def tags_in(version):
    """The tag names saved with this revision of the story."""
    stored = version.revision.version_set.all()
    tag_ids = [
        v.field_dict["tag_id"]
        for v in stored.filter(content_type=ContentType.objects.get_for_model(TaggedItem))
        if str(v.field_dict.get("object_id")) == str(version.object_id)
    ]
    names = {
        v.field_dict["id"]: v.field_dict["name"]
        for v in stored.filter(content_type=ContentType.objects.get_for_model(Tag))
    }
    missing = [pk for pk in tag_ids if pk not in names]
    names.update(Tag.objects.filter(pk__in=missing).values_list("pk", "name"))
    return [names[pk] for pk in tag_ids if pk in names]


def compare(older, newer):
    """Rows of (label, older value, newer value, highlighted difference) that changed."""
    before, after = readable(older), readable(newer)
    return [
        (label, before[label], after[label], word_diff(before[label], after[label]))
        for label in before
        if before[label] != after[label]
    ]


def word_diff(old, new):
    """``new`` against ``old``, word by word: removed words in <del>, added ones in <ins>."""
    old_words, new_words = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("span", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("del", "".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(("ins", "".join(new_words[b1:b2])))
    return format_html_join("", "<{0}>{1}</{0}>", parts) or format_html("")


# Where the body's blocks end: paragraphs, headings, list items, quotes, breaks.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figure|figcaption|pre)>|<br\s*/?>", re.I)


def paragraphs(body):
    """The body's text, one paragraph (heading, list item…) per line, blank line between."""
    blocks = (_text(html.unescape(strip_tags(block))) for block in BLOCK_END.split(body))
    return "\n\n".join(block for block in blocks if block)


def _text(value):
    return re.sub(r"\s+", " ", str(value or "")).strip()


# The picture's description as a restore brings it back, with the words for each part.
RESTORED_PICTURE = [
    ("alt", "alt text"),
    ("caption", "caption"),
    ("credit", "credit"),
    ("focal_x", "focal point"),
    ("focal_y", "focal point"),
]


def picture_restore_note(article, version_id):
    """What restoring revision ``version_id`` does to the story's shared picture, in words,
    or "" when it leaves the picture's description as it is.

    A revision keeps the picture's description as it was then; restoring it writes that
    description back to the library image, which every story using it shows.
    """
    version = (
        Version.objects.get_for_object_reference(Article, article.pk)
        .filter(pk=version_id)
        .select_related("revision")
        .first()
    )
    if version is None:
        return ""
    image_id = version.field_dict.get("hero_id")
    then = image_in(version)
    now = Image.objects.filter(pk=image_id).values(*(name for name, _ in RESTORED_PICTURE))
    now = now.first()
    if not then or now is None:
        return ""
    differ = []
    for name, words in RESTORED_PICTURE:
        if then.get(name, now[name]) != now[name] and words not in differ:
            differ.append(words)
    if not differ:
        return ""
    others = Article.objects.filter(hero_id=image_id).exclude(pk=article.pk).count()
    shared = (
        f" The picture is shared: {others} other stor{'y' if others == 1 else 'ies'} "
        "will show it so too."
        if others
        else ""
    )
    return (
        f"Restoring this revision also puts back the picture's {_and(differ)} as they "
        f"were then, in the library.{shared}"
    )


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
