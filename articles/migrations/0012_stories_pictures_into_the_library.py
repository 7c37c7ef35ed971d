"""Each story's picture becomes a library image; stories that share a file share one image.

No file is copied or renamed: the image row names the file the story already had.
The description (alt text, caption, credit, focal point) comes from the story that
was changed last, since that is the one an editor looked at most recently.

The stories' stored revisions are rewritten the same way (their picture becomes a
``hero`` pointing to the library image), so restoring a revision from before the
library still brings back its picture. A picture only an old revision shows becomes
a library image too, used by no story.
"""

import json

from django.db import migrations

# A story's picture columns before the library -> the image's fields.
HERO_FIELDS = {
    "hero_width": "width",
    "hero_height": "height",
    "hero_alt": "alt",
    "hero_caption": "caption",
    "hero_credit": "credit",
    "hero_focal_x": "focal_x",
    "hero_focal_y": "focal_y",
    "hero_renditions": "renditions",
}


def _new_image(Image, name, **fields):
    renditions = fields.pop("renditions", None) or {}
    image = Image.objects.create(
        **fields, renditions=renditions if renditions.get("source") == name else {}
    )
    # Set with update(): building a row with the file would make Django open it to
    # read its size, and a missing file must not stop the migration.
    Image.objects.filter(pk=image.pk).update(file=name)
    return image.pk


def _story_versions(apps):
    Version = apps.get_model("reversion", "Version")
    return Version.objects.filter(
        content_type__app_label="articles", content_type__model="article", format="json"
    )


def _rewrite(version, change):
    """Apply ``change`` to the fields of a stored story revision; save if it changed them."""
    data = json.loads(version.serialized_data)
    if not data or not change(data[0]["fields"]):
        return
    version.serialized_data = json.dumps(data)
    version.save(update_fields=["serialized_data"])


def stories_to_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    stories = (
        Article.objects.exclude(hero_image="")
        .exclude(hero_image__isnull=True)
        .order_by("hero_image", "-updated_at", "-pk")
        .values(
            "pk",
            "hero_image",
            "hero_width",
            "hero_height",
            "hero_alt",
            "hero_caption",
            "hero_credit",
            "hero_focal_x",
            "hero_focal_y",
            "hero_renditions",
            "created_at",
            "created_by",
        )
    )
    by_file = {}
    for row in stories.iterator():
        by_file.setdefault(row["hero_image"], []).append(row)
    library = {}
    for name, rows in by_file.items():
        latest, first = rows[0], min(rows, key=lambda row: (row["created_at"], row["pk"]))
        library[name] = _new_image(
            Image,
            name,
            **{field: latest[old] for old, field in HERO_FIELDS.items()},
            created_at=first["created_at"],
            uploaded_by_id=first["created_by"],
        )
        Article.objects.filter(pk__in=[row["pk"] for row in rows]).update(hero=library[name])

    def to_library(fields):
        if "hero_image" not in fields:
            return False
        name = fields.pop("hero_image") or ""
        old = {field: fields.pop(key, None) for key, field in HERO_FIELDS.items()}
        if name and name not in library:
            old["alt"] = old["alt"] or ""
            old["caption"] = old["caption"] or ""
            old["credit"] = old["credit"] or ""
            library[name] = _new_image(Image, name, **old)
        fields["hero"] = library[name] if name else None
        return True

    for version in _story_versions(apps).iterator():
        _rewrite(version, to_library)


def library_to_stories(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
    images = {image.pk: image for image in Image.objects.all()}

    def to_columns(fields):
        if "hero" not in fields:
            return False
        image = images.get(fields.pop("hero"))
        fields["hero_image"] = image.file.name if image else ""
        for old, field in HERO_FIELDS.items():
            empty = "" if field in ("alt", "caption", "credit") else None
            fields[old] = getattr(image, field) if image else empty
        return True

    for version in _story_versions(apps).iterator():
        _rewrite(version, to_columns)
    for image in Image.objects.filter(stories__isnull=False).distinct().iterator():
        Article.objects.filter(hero=image).update(
            hero_image=image.file.name,
            hero_width=image.width,
            hero_height=image.height,
            hero_alt=image.alt,
            hero_caption=image.caption,
            hero_credit=image.credit,
            hero_focal_x=image.focal_x,
            hero_focal_y=image.focal_y,
            hero_renditions=image.renditions,
            hero=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_image_library"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(stories_to_library, library_to_stories)]
