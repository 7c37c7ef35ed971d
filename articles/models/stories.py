"""Stories, the addresses they used to have, and who moved them between statuses."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_prose_editor.fields import ProseEditorField
from embed_video.fields import EmbedVideoField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from ..embeds import parse_trailer, validate_trailer_url
from ..richtext import BODY_EXTENSIONS, sanitize_html
from ..slugs import unique_slug, validate_story_slug
from .entities import ShownEntity
from .fields import desk_user
from .labels import Author, Section

# What a live page shows at its top: a change to any moves its live revision.
LIVE_TOP = ("key_points", "coverage_start", "coverage_end", "headline", "standfirst")


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and the publish time has come (by ``at``: now).

        Every reader page, feed, sitemap and related list starts here, so a
        draft or a scheduled post cannot leak through one of them.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def next_go_live(self, after=None):
        """When the next scheduled story goes live (after ``after``: now), or None.

        Whatever is kept about the published stories (whole pages, list counts)
        is good only until then.
        """
        return (
            self.filter(status=Article.Status.PUBLISHED, publish_at__gt=after or timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )

    def about_or_mentioning(self, entity_id):
        """Those about or mentioning the entity: two indexed lookups, not joins."""
        return self.filter(
            Exists(
                Article.about.through.objects.filter(article_id=OuterRef("pk"), entity_id=entity_id)
            )
            | Exists(
                Article.mentions.through.objects.filter(
                    article_id=OuterRef("pk"), entity_id=entity_id
                )
            )
        )

    def tagged(self, **tag):
        """Those carrying the tag ``tag`` names (``id=`` or ``slug=``), found through an
        indexed lookup per story rather than a join through every tagged row."""
        return self.filter(
            Exists(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Article),
                    object_id=OuterRef("pk"),
                    **{f"tag__{field}": value for field, value in tag.items()},
                )
            )
        )

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
        help_text="Topics such as stunts or box office, separated by commas. People, films "
        "and shows go below, as records.",
    )
    # People, films and shows (models/entities.py): the few it is about, the others it names.
    about = models.ManyToManyField(
        "Entity",
        blank=True,
        related_name="stories_about",
        help_text="The people, films or shows the story is about: one to three.",
    )
    mentions = models.ManyToManyField(
        "Entity",
        blank=True,
        related_name="stories_mentioning",
        help_text="Others the story names.",
    )
    # The tag rows themselves, so that revisions can keep and restore them.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")

    hero = models.ForeignKey(
        "library.Image",
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
        help_text="A YouTube or Vimeo address, e.g. https://www.youtube.com/watch?v=…. "
        "It shows after the first paragraph, or where its address stands alone in the body.",
    )
    # The trailer's own frame until the reader presses play: never the hero again.
    trailer_still = models.ForeignKey(
        "library.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trailer_stills",
        verbose_name="trailer still",
        help_text="Shown on the trailer until the reader presses play. Left empty, the "
        "video's own thumbnail is fetched from YouTube or Vimeo after you save.",
    )

    class VideoKind(models.TextChoices):
        TRAILER = "trailer", "Trailer"
        FEATURETTE = "featurette", "Featurette"
        CLIP = "clip", "Clip"
        INTERVIEW = "interview", "Interview"

    # What readers are told the video is ("Play the featurette"): the editor's word.
    video_kind = models.CharField(
        "the video is a",
        max_length=20,
        choices=VideoKind,
        default=VideoKind.TRAILER,
        help_text="What readers see the video called: trailer, featurette, clip or interview.",
    )

    class Spoilers(models.TextChoices):
        NONE = "", "No spoilers"
        SPOILERS = "spoilers", "Spoilers for …"
        ENDING = "ending", "Discusses the ending of …"
        PLOT = "plot", "Plot details of …"

    # A story that gives away a plot: readers are warned on it and on its card, and its
    # summaries (cards, feeds, sharing) carry the warning instead of the standfirst.
    spoilers = models.CharField(
        "spoiler warning",
        max_length=8,
        choices=Spoilers.choices,
        blank=True,
        default="",
        help_text="Warn readers before the story. Spoiler blocks in the body need no warning.",
    )
    spoils = models.CharField(
        "what it spoils",
        max_length=120,
        blank=True,
        help_text="The film, show or game, e.g. Dead Reckoning Part One.",
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
    # Live coverage (models/live.py): a story with a coverage start is live, and
    # shows its key points and entries; once it has an end, the coverage is over.
    coverage_start = models.DateTimeField(
        "live coverage from",
        null=True,
        blank=True,
        help_text="Makes the story a live one: entries are posted from its live desk page.",
    )
    coverage_end = models.DateTimeField(
        "live coverage ended",
        null=True,
        blank=True,
        help_text="Empty while the coverage goes on. “End coverage” on the live page fills it.",
    )
    key_points = models.TextField(
        blank=True,
        max_length=1500,
        help_text="A live story's summary at the top, one point a line. Keep it current.",
    )
    entries_reviewed = models.BooleanField(
        "writers' entries wait for an editor",
        default=False,
        help_text="On a live story, writers' entries show once an editor lets them through.",
    )
    # Raised by every change to its entries or key points (models/live.py), and the
    # newest shown entry's time, which readers and search engines see as "updated".
    live_revision = models.PositiveIntegerField(default=0, editable=False)
    entry_posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The stories around this one, as ids, worked out when content is written
    # (articles/around.py); reader pages filter them through published().
    around = models.JSONField(null=True, blank=True, editable=False, default=None)
    # Its bylines' and tags' names and addresses, kept as they change (articles/shown.py).
    labels = models.JSONField(null=True, blank=True, editable=False, default=None)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When readers were last told the story changed: its newest correction,
    # clarification or update (models/notes.py). Other edits leave it alone.
    revised_at = models.DateTimeField("updated for readers", null=True, blank=True, editable=False)
    created_by = desk_user()
    updated_by = desk_user()

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # The desk and the site call them stories; the model keeps its first name.
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            # A section's page and its count walk only the section's stories.
            models.Index(
                fields=["section", "status", "-publish_at"], name="article_section_publish_idx"
            ),
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
            if before:
                # Worked out by others (articles/around.py, shown.py, models/live.py):
                # this object's copy may be older than the row's.
                self.around, self.labels = before["around"], before["labels"]
                self.live_revision = before["live_revision"]
                self.entry_posted_at = before["entry_posted_at"]
            self._keep_old_address(before)
            if (
                before
                and before["trailer_url"] != self.trailer_url
                and before["trailer_still"] == self.trailer_still_id
            ):
                # Another video: the still kept for the old one is not its picture.
                self.trailer_still = None
            if self.pk is not None:
                # Never restored from a revision: always the story's newest shown note.
                self.revised_at = self.notes.newest()
            # What the row held before this save, for the receivers (articles/receivers.py).
            self._row_before = before
            super().save(*args, **kwargs)
            if before and any(before[field] != getattr(self, field) for field in LIVE_TOP):
                # Readers' live pages show the new key points or coverage times.
                Article.objects.filter(pk=self.pk).update(live_revision=F("live_revision") + 1)
                self.live_revision = before["live_revision"] + 1

    def get_absolute_url(self):
        return reverse("reader:article", args=[self.section.slug, self.slug])

    def clean(self):
        super().clean()
        if self.coverage_end and not self.coverage_start:
            raise ValidationError(
                {"coverage_end": "Give the coverage a start, or leave its end empty."}
            )
        if self.coverage_end and self.coverage_start and self.coverage_end < self.coverage_start:
            raise ValidationError({"coverage_end": "The coverage cannot end before it starts."})
        if self.spoilers and not self.spoils.strip():
            raise ValidationError(
                {"spoils": "Name what the story spoils, so the warning can say it."}
            )
        if self.spoils.strip() and not self.spoilers:
            raise ValidationError(
                {"spoilers": "Choose the warning readers see, or leave “what it spoils” empty."}
            )
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

    @property
    def spoiler_warning(self):
        """ "Spoilers for Dead Reckoning Part One", or "" for a story with none."""
        if not self.spoilers or not self.spoils:
            return ""
        return self.get_spoilers_display().replace("…", self.spoils.strip())

    @property
    def summary(self):
        """What lists, feeds and sharing say of the story: the warning, if it spoils."""
        return self.spoiler_warning or self.standfirst

    @property
    def modified_at(self):
        """The "updated" time readers see: the newest note or live entry, or the
        publish time."""
        moments = [at for at in (self.revised_at, self.entry_posted_at) if at]
        return max(moments) if moments else self.publish_at

    @property
    def is_live(self):
        """Whether it is live coverage (going on, or over)."""
        return self.coverage_start is not None

    @property
    def is_live_now(self):
        """Live coverage that has started and not ended."""
        now = timezone.now()
        return (
            self.coverage_start is not None
            and self.coverage_start <= now
            and (self.coverage_end is None or self.coverage_end > now)
        )

    @property
    def key_point_list(self):
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @cached_property
    def bylines(self):
        """Its bylines, in name order: from ``labels`` (unsaved Authors, a name and an
        address each) without a query, or read from the relation if not stored yet."""
        if self.labels is None:
            return list(self.authors.all())
        return [Author(name=name, slug=slug) for name, slug in self.labels["authors"]]

    @cached_property
    def shown_tags(self):
        """Its tags alphabetically, as ``bylines``: from ``labels``, or the relation."""
        if self.labels is None:
            return sorted(self.tags.all(), key=lambda tag: tag.name.casefold())
        return [Tag(name=name, slug=slug) for name, slug in self.labels["tags"]]

    @cached_property
    def shown_entities(self):
        """The people, films and shows it is about (``is_subject``), then those it
        mentions, as ``ShownEntity``: from ``labels``, or the relations."""
        if self.labels is None:
            about = list(self.about.all())
            taken = {entity.pk for entity in about}
            mentions = [entity for entity in self.mentions.all() if entity.pk not in taken]
            return [ShownEntity.of(e, True) for e in about] + [
                ShownEntity.of(e, False) for e in mentions
            ]
        return [ShownEntity(*stored) for stored in self.labels.get("entities", [])]

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
        return (
            Article.objects.filter(pk=self.pk)
            .values(
                "slug",
                "status",
                "around",
                "labels",
                "trailer_url",
                "trailer_still",
                "section_id",
                "publish_at",
                "featured",
                "live_revision",
                "entry_posted_at",
                *LIVE_TOP,
            )
            .first()
        )

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
