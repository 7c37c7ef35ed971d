import contextlib
import os
from functools import partial

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField
from embed_video.fields import EmbedVideoField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from . import images
from .embeds import parse_trailer, validate_trailer_url
from .images import clean_upload, validate_image_upload
from .richtext import BODY_EXTENSIONS, sanitize_html

# First path segments the site already uses; a section cannot take one of them.
RESERVED_SLUGS = {
    "admin",
    "author",
    "authors",
    "tag",
    "tags",
    "search",
    "feeds",
    "feed",
    "sitemap.xml",
    "robots.txt",
    "static",
    "media",
    "preview",
    "healthz",
    "api",
    # Wherever DJANGO_ADMIN_URL has moved the desk to.
    settings.ADMIN_URL.split("/")[0],
}


# Second path segments a section already uses: /movies/feed/ is the section's feed.
RESERVED_STORY_SLUGS = {"feed"}


def validate_story_slug(value):
    if value in RESERVED_STORY_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already a page of every section; pick another web address.",
            params={"slug": value},
        )


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already a page of the site; pick another web address.",
            params={"slug": value},
        )


class Section(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_section_slug],
        help_text="The section's web address: /movies/ for “movies”.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences, shown at the top of the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation, smallest first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField("short bio", blank=True, max_length=600)
    photo = models.ImageField(
        upload_to="authors/%Y/", blank=True, validators=[validate_image_upload]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="Optional: the desk account of this author. Freelancers and agencies need none.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.photo = cleaned_image(self.photo)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class ImageQuerySet(models.QuerySet):
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
    # What renditions exist for the file (see images.make_renditions), written by the
    # rendition task, so pages know them without asking the storage.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
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
        self.file = cleaned_image(self.file)
        with transaction.atomic():
            before = (
                Image.objects.filter(pk=self.pk).values("file", "focal_x", "focal_y").first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            self._schedule_renditions(before)

    def clean(self):
        super().clean()
        # An empty alt text is refused as blank already; this catches one of spaces only.
        if self.file and self.alt and not self.alt.strip():
            raise ValidationError({"alt": "Describe the image for readers who cannot see it."})

    def _schedule_renditions(self, before):
        """Renditions are made by a task after the save commits, never on a reader's request.

        A replaced file's renditions go; its original stays, because revisions may
        still point at it, and restoring one makes its renditions again.
        """
        from .tasks import build_renditions, forget_renditions

        name = self.file.name or ""
        old = (before or {}).get("file") or ""
        if old and old != name:
            transaction.on_commit(partial(forget_renditions.enqueue, old))
        made = self.renditions or {}
        wanted = images.social_name(name, self.focal_x, self.focal_y)
        # A changed name always builds: a restored revision brings back the record of
        # renditions that were removed when the file was replaced.
        if name and (name != old or made.get("source") != name or made.get("social") != wanted):
            transaction.on_commit(partial(build_renditions.enqueue, self.pk))

    @cached_property
    def picture(self):
        """The ``<picture>`` sources: renditions once made, the original until then."""
        renditions = self.renditions or {}
        if renditions.get("source") != self.file.name:
            renditions = {}  # made for a file this image no longer has
        return images.picture(renditions, self.file.url)

    @property
    def focus(self):
        """CSS ``object-position`` for crops made by the browser, or "" for the middle."""
        if self.focal_x is None and self.focal_y is None:
            return ""
        return f"{images.focus(self.focal_x)}% {images.focus(self.focal_y)}%"

    @property
    def social_image(self):
        """The 1200x630 crop for sharing as (name, width, height), or None until it is made."""
        renditions = self.renditions or {}
        if renditions.get("source") != self.file.name or "social" not in renditions:
            return None
        return renditions["social"], *renditions["social_size"]


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and the publish time has come (by ``at``: now).

        Every reader page, feed, sitemap and related list starts here, so a
        draft or a scheduled post cannot leak through one of them.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def for_cards(self):
        """What a list of story cards needs, fetched in a fixed number of queries."""
        return self.select_related("section", "hero").prefetch_related("authors").defer("body")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,  # left empty, it is made from the headline on save
        validators=[validate_story_slug],
        help_text="The story's web address, filled from the headline. Keep it short.",
    )
    standfirst = models.TextField(
        max_length=400,
        help_text="One or two sentences under the headline; also the summary in lists and feeds.",
    )
    body = ProseEditorField(
        blank=True,
        extensions=BODY_EXTENSIONS,
        sanitize=sanitize_html,
        help_text="Scripts, styles and embedded frames are removed when you save.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, related_name="articles", verbose_name="bylines")
    tags = TaggableManager(
        blank=True,
        help_text="People, films, franchises: separate them with commas.",
    )
    # The tag rows themselves, so that revisions can keep and restore them.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")

    hero = models.ForeignKey(
        "Image",
        on_delete=models.PROTECT,  # a picture a story shows cannot be deleted from under it
        null=True,
        blank=True,
        related_name="stories",
        verbose_name="hero image",
    )
    trailer_url = EmbedVideoField(
        "trailer",
        blank=True,
        validators=[validate_trailer_url],
        help_text="A YouTube or Vimeo address, e.g. https://www.youtube.com/watch?v=…",
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text=(
            "Readers see a published story from this moment on. Leave it empty to publish "
            "the moment it is set to Published; a future time schedules it."
        ),
    )
    featured = models.BooleanField(
        default=False, help_text="The newest featured story leads the home page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            models.Index(
                fields=["-publish_at"],
                condition=Q(featured=True),
                name="article_featured_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Sanitised on every save, not only through the admin form: imports,
        # scripts and the shell go through here too.
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        with transaction.atomic():
            before = self._before()
            self._keep_old_address(before)
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.section.slug, self.slug])

    def clean(self):
        super().clean()
        if not self.slug and self.headline:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @cached_property
    def trailer(self):
        """The parsed trailer, or None when there is none (or it no longer parses)."""
        if not self.trailer_url:
            return None
        try:
            return parse_trailer(self.trailer_url)
        except ValidationError:
            return None

    def _before(self):
        if self.pk is None:
            return None
        return Article.objects.filter(pk=self.pk).values("slug", "status").first()

    def _keep_old_address(self, before):
        """A published story whose slug changes keeps answering at the old one."""
        if before and before["slug"] != self.slug and before["status"] == self.Status.PUBLISHED:
            OldSlug.objects.update_or_create(slug=before["slug"], defaults={"article": self})


class OldSlug(models.Model):
    """An address a published story used to have; readers following it are sent on (301)."""

    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return self.slug


class StatusChange(models.Model):
    """Who moved a story between draft, review and published, and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Article.Status.choices)
    publish_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"


def forget_site_settings():
    """Drop the cached site settings now, and again once the transaction commits.

    The second time covers a request that read the old row from the database
    between the save and its commit, and cached it again.
    """
    from .pagecache import CACHE_ERRORS, bump_generation

    def forget():
        with contextlib.suppress(*CACHE_ERRORS):  # a cache that is down holds nothing stale
            cache.delete(SiteSettings.CACHE_KEY)
        bump_generation()  # every cached page shows the site's name: make them fresh

    forget()
    transaction.on_commit(forget)


class SiteSettings(models.Model):
    """What the site says about itself, editable on the desk without a deploy.

    One row at most (its id is always 1). With no row yet, ``current()`` gives
    the defaults from ``NEWSROOM_SITE_NAME`` and ``NEWSROOM_SITE_DESCRIPTION``.
    """

    # Bump the suffix when the fields change, so no release reads an older pickle.
    CACHE_KEY = "newsroom:site-settings:1"
    # Saving clears the shared cache at once; an in-process cache on another app
    # server (no REDIS_URL) catches up within this many seconds.
    CACHE_SECONDS = 300

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
        forget_site_settings()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_settings()
        return result

    @classmethod
    def current(cls):
        """The settings readers see: from the cache, the database once after a save."""
        from .pagecache import CACHE_ERRORS

        try:
            found = cache.get(cls.CACHE_KEY)
        except CACHE_ERRORS:
            found = None  # Redis is down: read the row, as on a cold cache
        if found is None:
            found = cls.objects.filter(pk=1).first() or cls(
                name=settings.NEWSROOM_SITE_NAME, description=settings.NEWSROOM_SITE_DESCRIPTION
            )
            with contextlib.suppress(*CACHE_ERRORS):
                cache.set(cls.CACHE_KEY, found, cls.CACHE_SECONDS)
        return found

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


def cleaned_image(value):
    """A new upload, checked and re-encoded without metadata; a stored image, unchanged.

    Forms have run the same check already (and marked the upload, so it is not decoded
    twice); this catches uploads from scripts and the shell.
    """
    validate_image_upload(value)
    return clean_upload(value) or value


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A slug made from ``text`` that no other row of ``model`` has yet."""
    base = slugify(text)[: max_length - 8].strip("-") or "story"
    candidate, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while candidate in RESERVED_STORY_SLUGS or taken.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# Every save through the desk keeps a revision of the story, tags included (the tag
# rows follow the story). Registered here, before the admin's VersionAdmin would
# register the story on its own without its tags.
if not reversion.is_registered(Article):
    reversion.register(Tag)
    reversion.register(TaggedItem, follow=["tag"])
    reversion.register(Image)
    reversion.register(Article, follow=["tagged_items"])


@receiver(post_save, sender=Article)
def _keep_the_picture_in_the_revision(sender, instance, raw=False, **kwargs):
    """Each revision of a story also keeps its library image, as it was then.

    Restoring the revision then brings back the picture the story showed, with that
    picture's description (and the image itself, had it been deleted since). This is
    done here rather than by reversion's ``follow``: a followed image that is not in
    the old revision would be deleted by the restore, taking the library's picture
    away from every other story showing it.
    """
    if not raw and instance.hero_id and reversion.is_active():
        reversion.add_to_revision(instance.hero)


@receiver(post_delete, sender=Image)
def _forget_deleted_renditions(sender, instance, **kwargs):
    """A deleted image's renditions go; its original stays for the revisions that name it."""
    if instance.file:
        from .tasks import forget_renditions

        transaction.on_commit(partial(forget_renditions.enqueue, instance.file.name))
