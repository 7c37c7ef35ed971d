"""Each story's picture becomes a library image; stories that share a file share one image.

No file is copied or renamed: the image row names the file the story already had.
The description (alt text, caption, credit, focal point) comes from the story that
was changed last, since that is the one an editor looked at most recently.
"""

from django.db import migrations


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
    for name, rows in by_file.items():
        latest, first = rows[0], min(rows, key=lambda row: (row["created_at"], row["pk"]))
        renditions = latest["hero_renditions"] or {}
        image = Image.objects.create(
            width=latest["hero_width"],
            height=latest["hero_height"],
            alt=latest["hero_alt"],
            caption=latest["hero_caption"],
            credit=latest["hero_credit"],
            focal_x=latest["hero_focal_x"],
            focal_y=latest["hero_focal_y"],
            renditions=renditions if renditions.get("source") == name else {},
            created_at=first["created_at"],
            uploaded_by_id=first["created_by"],
        )
        # Set with update(): building a row with the file would make Django open it to
        # read its size, and a missing file must not stop the migration.
        Image.objects.filter(pk=image.pk).update(file=name)
        Article.objects.filter(pk__in=[row["pk"] for row in rows]).update(hero=image)


def library_to_stories(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("articles", "Image")
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
    ]

    operations = [migrations.RunPython(stories_to_library, library_to_stories)]
