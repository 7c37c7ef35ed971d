import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField
from embed_video.fields import EmbedVideoField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

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
    def published(self):
        """What readers may see: published, and the publish time has come.

        Every reader page, feed, sitemap and related list starts here, so a
        draft or a scheduled post cannot leak through one of them.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

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
            self._keep_old_address()
            super().save(*args, **kwargs)

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

    def _keep_old_address(self):
        """A published story whose slug changes keeps answering at the old one."""
        if self.pk is None:
            return
        before = Article.objects.filter(pk=self.pk).values("slug", "status").first()
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


def cleaned_image(value):
    """A new upload, checked and re-encoded without metadata; a stored image, unchanged.

    Forms have run the same check already; this catches uploads from scripts and the shell.
    """
    validate_image_upload(value)
    return clean_upload(value) or value


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A slug made from ``text`` that no other row of ``model`` has yet."""
    base = slugify(text)[: max_length - 8].strip("-") or "story"
    candidate, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# Every save through the desk keeps a revision of the story, tags included (the tag
# rows follow the story). Registered here, before the admin's VersionAdmin would
# register the story on its own without its tags.
if not reversion.is_registered(Article):
    reversion.register(Tag)
    reversion.register(TaggedItem, follow=["tag"])
    reversion.register(Article, follow=["tagged_items"])
