import contextlib
from functools import partial

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
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


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and the publish time has come (by ``at``: now).

        Every reader page, feed, sitemap and related list starts here, so a
        draft or a scheduled post cannot leak through one of them.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def for_cards(self):
        """What a list of story cards needs, fetched in a fixed number of queries."""
        return self.select_related("section").prefetch_related("authors").defer("body")


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

    hero_image = models.ImageField(
        "hero image",
        upload_to="articles/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField("caption", max_length=300, blank=True)
    hero_credit = models.CharField(
        "credit", max_length=150, blank=True, help_text="Photographer or agency, e.g. “Paramount”."
    )
    hero_focal_x = models.PositiveSmallIntegerField(
        "focal point across",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in percent from the left (0–100). Crops keep it in frame.",
    )
    hero_focal_y = models.PositiveSmallIntegerField(
        "focal point down",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="In percent from the top (0–100). Empty: the middle.",
    )
    # What renditions exist for hero_image (see images.make_renditions), written by
    # the rendition task, so pages know them without asking the storage.
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
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
        self.hero_image = cleaned_image(self.hero_image)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        with transaction.atomic():
            before = self._before()
            self._keep_old_address(before)
            super().save(*args, **kwargs)
            self._schedule_renditions(before)

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.section.slug, self.slug])

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})
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

    @cached_property
    def hero(self):
        """The hero image's ``<picture>`` sources: renditions once made, the original until then."""
        if not self.hero_image:
            return None
        renditions = self.hero_renditions or {}
        if renditions.get("source") != self.hero_image.name:
            renditions = {}  # made for a picture this story no longer has
        return images.picture(renditions, self.hero_image.url)

    @property
    def hero_focus(self):
        """CSS ``object-position`` for crops made by the browser, or "" for the middle."""
        if self.hero_focal_x is None and self.hero_focal_y is None:
            return ""
        return f"{images.focus(self.hero_focal_x)}% {images.focus(self.hero_focal_y)}%"

    @property
    def social_image(self):
        """The 1200x630 crop for sharing as (name, width, height), or None until it is made."""
        renditions = self.hero_renditions or {}
        if not self.hero_image or renditions.get("source") != self.hero_image.name:
            return None
        return renditions["social"], *renditions["social_size"]

    def _before(self):
        if self.pk is None:
            return None
        return (
            Article.objects.filter(pk=self.pk)
            .values("slug", "status", "hero_image", "hero_focal_x", "hero_focal_y")
            .first()
        )

    def _schedule_renditions(self, before):
        """Renditions are made by a task after the save commits, never on a reader's request.

        Only the renditions of a picture no story uses any more are removed: the
        original stays, because revisions of the story may still point at it, and
        restoring one makes its renditions again.
        """
        from .tasks import build_renditions, forget_renditions

        name = self.hero_image.name or ""
        old = (before or {}).get("hero_image") or ""
        if old and old != name:
            transaction.on_commit(partial(forget_renditions.enqueue, old))
        made = self.hero_renditions or {}
        wanted = images.social_name(name, self.hero_focal_x, self.hero_focal_y)
        # A changed name always builds: a restored revision brings back the record of
        # renditions that were removed when the picture was replaced.
        if name and (name != old or made.get("source") != name or made.get("social") != wanted):
            transaction.on_commit(partial(build_renditions.enqueue, self.pk))

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


@receiver(post_delete, sender=Article)
def _forget_deleted_renditions(sender, instance, **kwargs):
    """A deleted story's renditions go, unless another story shows the same picture."""
    if instance.hero_image:
        from .tasks import forget_renditions

        transaction.on_commit(partial(forget_renditions.enqueue, instance.hero_image.name))


# Every save through the desk keeps a revision of the story, tags included (the tag
# rows follow the story). Registered here, before the admin's VersionAdmin would
# register the story on its own without its tags.
if not reversion.is_registered(Article):
    reversion.register(Tag)
    reversion.register(TaggedItem, follow=["tag"])
    reversion.register(Article, follow=["tagged_items"])
