"""The picture library: each picture uploaded once, described once, shown by any story."""

import os

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property

from .renditions import focus, make_interim, rendition_name
from .renditions import picture as picture_sources
from .uploads import cleaned_image, file_digest, interim_of, validate_image_upload


class ImageQuerySet(models.QuerySet):
    def same_file(self, upload):
        """Images uploaded from exactly the bytes of ``upload``."""
        return self.filter(sha256=file_digest(upload))

    def with_use_count(self):
        """Each image with ``use_count``, how many stories show it, in the same query."""
        return self.annotate(use_count=Count("stories"))


class Image(models.Model):
    """A picture in the library: uploaded once, described once, shown by any number of stories.

    The alt text, caption, credit and focal point belong to the picture, so a
    correction made here reaches every story that uses it.
    """

    file = models.ImageField(
        "picture",
        upload_to="articles/%Y/%m/",
        validators=[validate_image_upload],
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP, GIF or AVIF, up to 20 MB and 50 megapixels.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=250,
        error_messages={"blank": "Describe the image for readers who cannot see it."},
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        max_length=150, blank=True, help_text="Photographer or agency, e.g. “Paramount”."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point across",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in percent from the left (0–100). Crops keep it in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="In percent from the top (0–100). Empty: the middle.",
    )
    # What renditions exist for the file (see renditions.make_renditions), written by the
    # rendition task, so pages know them without asking the storage; until it has run,
    # the interim rendition the upload's save made (renditions.make_interim).
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    # The uploaded file's SHA-256, so the same file uploaded again is offered instead
    # of a second copy (empty for pictures uploaded before it was kept).
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("uploaded", default=timezone.now, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when stories held their pictures themselves.
        db_table = "articles_image"
        ordering = ["-created_at", "-id"]
        verbose_name = "image"

    def __str__(self):
        # What the desk's image picker lists: the description first, the file as a fallback.
        name = os.path.basename(self.file.name or "")
        if not self.alt:
            return name or "Image"
        alt = self.alt if len(self.alt) <= 80 else self.alt[:79] + "…"
        return f"{alt} ({name})" if name else alt

    def save(self, *args, **kwargs):
        upload = self.file if self.file and not self.file._committed else None
        if upload is not None:
            self.sha256 = file_digest(self.file)
        self.file = cleaned_image(self.file)
        # One transaction: the file it replaces is read (see receivers.py) and the
        # new one stored together.
        with transaction.atomic():
            if upload is not None:
                self._store_upload(interim_of(upload))
            super().save(*args, **kwargs)

    def _store_upload(self, interim):
        """Store the new file now rather than in the row's save, so its name is known,
        and record its interim rendition (renditions.py) for the seconds before the task
        has made the real ones. An animated picture has none: the record is left as it was."""
        self.file.save(self.file.name, self.file.file, save=False)
        if interim is not None:
            self.renditions = make_interim(self.file.name, interim)

    def clean(self):
        super().clean()
        # An empty alt text is refused as blank already; this catches one of spaces only.
        if self.file and self.alt and not self.alt.strip():
            raise ValidationError({"alt": "Describe the image for readers who cannot see it."})
        if self.file and not self.file._committed:
            same = Image.objects.exclude(pk=self.pk).same_file(self.file).first()
            if same is not None:
                raise ValidationError(
                    {
                        "file": ValidationError(
                            "This picture is already in the library, as “%(image)s” "
                            "(number %(pk)s): use that one instead of a second copy.",
                            code="duplicate",
                            params={"image": same, "pk": same.pk},
                        )
                    }
                )

    @property
    def made(self):
        """The record of renditions, if it is of this image's file (else {})."""
        made = self.renditions or {}
        return made if made.get("source") == self.file.name else {}

    @cached_property
    def picture(self):
        """The ``<picture>`` sources: renditions once made, the interim one until then."""
        return picture_sources(self.made, self.file.url)

    @property
    def focus(self):
        """CSS ``object-position`` for crops made by the browser, or "" for the middle."""
        if self.focal_x is None and self.focal_y is None:
            return ""
        return f"{focus(self.focal_x)}% {focus(self.focal_y)}%"

    @property
    def thumbnail_url(self):
        """The desk lists' small crop; until it is made, the smallest rendition, else the
        interim one, or None."""
        made = self.made
        if made.get("thumb"):
            return default_storage.url(made["thumb"])
        widths = made.get("widths")
        if widths:
            return default_storage.url(rendition_name(made["source"], min(widths), "jpg"))
        interim = made.get("interim")
        return default_storage.url(interim["name"]) if interim else None

    @property
    def desk_preview(self):
        """A rendition about 480 pixels wide for the desk's previews (``src``, ``srcset``):
        the interim one until renditions are made, the original for a picture with none."""
        sources = self.picture
        return {"src": sources["src"], "srcset": sources["jpeg"]}

    @property
    def social_image(self):
        """The 1200x630 crop for sharing as (name, width, height), or None until it is made."""
        made = self.made
        if "social" not in made:
            return None
        return made["social"], *made["social_size"]


# Each revision of a story keeps its picture as it was then (see articles.models), but
# not the record of its renditions, which belongs to the files as they are now.
if not reversion.is_registered(Image):
    reversion.register(Image, exclude=["renditions"])
