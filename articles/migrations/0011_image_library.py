"""The image library: pictures become rows of their own, which stories point to."""

import library.uploads
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sitesettings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Image",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.ImageField(
                        height_field="height",
                        help_text="JPEG, PNG, WebP, GIF or AVIF, up to 20 MB and 50 megapixels.",
                        upload_to="articles/%Y/%m/",
                        validators=[library.uploads.validate_image_upload],
                        verbose_name="picture",
                        width_field="width",
                    ),
                ),
                ("width", models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ("height", models.PositiveIntegerField(blank=True, editable=False, null=True)),
                (
                    "alt",
                    models.CharField(
                        error_messages={
                            "blank": "Describe the image for readers who cannot see it."
                        },
                        help_text="What the picture shows, for readers who cannot see it.",
                        max_length=250,
                        verbose_name="alt text",
                    ),
                ),
                ("caption", models.CharField(blank=True, max_length=300)),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="Photographer or agency, e.g. “Paramount”.",
                        max_length=150,
                    ),
                ),
                (
                    "focal_x",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Where the subject is, in percent from the left (0–100). Crops keep it in frame.",
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="focal point across",
                    ),
                ),
                (
                    "focal_y",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="In percent from the top (0–100). Empty: the middle.",
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="focal point down",
                    ),
                ),
                ("renditions", models.JSONField(blank=True, default=dict, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="uploaded"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "image",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stories",
                to="articles.image",
                verbose_name="hero image",
            ),
        ),
    ]
