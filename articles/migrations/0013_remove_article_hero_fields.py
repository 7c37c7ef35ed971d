"""The story's own picture columns go: the library image holds all of it now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_stories_pictures_into_the_library"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="article",
            name="hero_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_caption",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_credit",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_focal_x",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_focal_y",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_height",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_renditions",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_width",
        ),
    ]
