"""The stories' pictures now belong to the library app (``library.Image``).

No table changes: ``articles_image`` stays as it is, and stories keep pointing at
it. What moves is Django's bookkeeping: the content type (so the permissions that
the Writer and Editor roles hold follow it) and the stored revisions of images,
which name their model as "articles.image" until rewritten here.
"""

import json

import django.db.models.deletion
from django.db import migrations, models


def _move(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    moving = ContentType.objects.filter(app_label=old, model="image").first()
    if moving is None:
        return  # a database made before images had a content type: nothing to move
    # One made afresh at the new place after an earlier move back (post_migrate) holds
    # no role's permissions; the old one, with its permissions, takes its place.
    ContentType.objects.filter(app_label=new, model="image").delete()
    moving.app_label = new
    moving.save(update_fields=["app_label"])
    for version in Version.objects.filter(content_type=moving, format="json"):
        rows = json.loads(version.serialized_data)
        for row in rows:
            if row.get("model") == f"{old}.image":
                row["model"] = f"{new}.image"
        version.serialized_data = json.dumps(rows)
        version.save(update_fields=["serialized_data"])


def to_library(apps, schema_editor):
    _move(apps, "articles", "library")


def back_to_articles(apps, schema_editor):
    _move(apps, "library", "articles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_image_permissions"),
        ("library", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="hero",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stories",
                        to="library.image",
                        verbose_name="hero image",
                    ),
                ),
                migrations.DeleteModel(name="Image"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_library, back_to_articles),
    ]
