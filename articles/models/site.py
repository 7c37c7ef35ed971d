"""What the site says about itself, edited on the desk."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from library.uploads import cleaned_image, validate_image_upload


class SiteSettings(models.Model):
    """What the site says about itself, editable on the desk without a deploy.

    One row at most (its id is always 1). With no row yet, ``load()`` gives
    the defaults from ``NEWSROOM_SITE_NAME`` and ``NEWSROOM_SITE_DESCRIPTION``.
    """

    name = models.CharField(
        "site name", max_length=80, help_text="In the header, page titles, feeds and shares."
    )
    description = models.CharField(
        max_length=300,
        help_text="One line: the footer, the home page's description and the site feed.",
    )
    logo = models.ImageField(
        upload_to="site/",
        blank=True,
        validators=[validate_image_upload],
        width_field="logo_width",
        height_field="logo_height",
        help_text="Replaces the name in the header, and is the publisher's logo for "
        "search engines. A wide picture, at least 60 pixels high, reads best.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image = models.ImageField(
        "default share image",
        upload_to="site/",
        blank=True,
        validators=[validate_image_upload],
        width_field="share_image_width",
        height_field="share_image_height",
        help_text="Shown on social networks for pages and stories without a picture "
        "of their own; 1200 × 630 pixels suits them all.",
    )
    share_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image_alt = models.CharField(
        "share image alt text",
        max_length=250,
        blank=True,
        help_text="What the share image shows. Required with an image.",
    )
    twitter_handle = models.CharField(
        "X (Twitter) handle",
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(
                r"^@?[A-Za-z0-9_]{1,15}$", "Type the handle, e.g. @newsroom: letters, digits and _."
            )
        ],
        help_text="e.g. @newsroom; named as the site's account on shared cards.",
    )
    facebook_url = models.URLField("Facebook page", blank=True)
    instagram_url = models.URLField("Instagram profile", blank=True)
    youtube_url = models.URLField("YouTube channel", blank=True)
    postal_address = models.TextField(
        blank=True,
        max_length=400,
        help_text="The publisher's postal address: printed at the foot of every newsletter "
        "mail, as the law in many countries asks, unless a newsletter gives its own.",
    )
    # The editor's pin. Readers see it only while it is published (reader/front.py),
    # so a pinned story that is unpublished or still scheduled never leads.
    lead = models.ForeignKey(
        "Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"status": "published"},
        verbose_name="pinned lead",
        help_text="Leads the home page whenever it is published, above any featured story. "
        "Leave empty and the newest featured story leads (or the newest story, if none is).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_one_row")]

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        self.twitter_handle = self.twitter_handle.lstrip("@")
        self.logo = cleaned_image(self.logo)
        self.share_image = cleaned_image(self.share_image)
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The row, or the defaults while none is saved. Readers' pages read it through
        the cache (``caching.site.site_settings``)."""
        return cls.objects.filter(pk=1).first() or cls(
            name=settings.NEWSROOM_SITE_NAME, description=settings.NEWSROOM_SITE_DESCRIPTION
        )

    def clean(self):
        super().clean()
        if self.share_image and not self.share_image_alt.strip():
            raise ValidationError(
                {"share_image_alt": "Describe the image for readers who cannot see it."}
            )

    @property
    def twitter_site(self):
        """The handle as Twitter cards want it, or an empty string."""
        return f"@{self.twitter_handle}" if self.twitter_handle else ""

    @property
    def profiles(self):
        """The site's own accounts elsewhere, as (network, URL)."""
        links = [
            ("X", f"https://x.com/{self.twitter_handle}" if self.twitter_handle else ""),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(network, url) for network, url in links if url]
