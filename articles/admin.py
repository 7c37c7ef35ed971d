"""The editors' desk."""

from datetime import timedelta

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from embed_video.fields import EmbedVideoField
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from . import revisions
from .models import Article, Author, Section, SiteSettings, StatusChange
from .pagecache import bump_generation
from .views import article_page, share_token


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One page, one row: the list goes straight to it, and it cannot be deleted."""

    fieldsets = [
        (None, {"fields": ["name", "description", "logo"]}),
        ("Sharing", {"fields": ["share_image", "share_image_alt"]}),
        (
            "The site elsewhere",
            {"fields": ["twitter_handle", "facebook_url", "instagram_url", "youtube_url"]},
        ),
    ]

    def has_add_permission(self, request):
        # Asked on every desk page for its menu: the cached row answers without a query.
        return super().has_add_permission(request) and SiteSettings.current().pk is None

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if SiteSettings.objects.exists():
            return redirect("admin:articles_sitesettings_change", 1)
        return redirect("admin:articles_sitesettings_add")

    def get_changeform_initial_data(self, request):
        # The first save starts from what readers see today.
        current = SiteSettings.current()
        return {"name": current.name, "description": current.description}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class StatusFilter(admin.SimpleListFilter):
    """Status as the desk thinks of it: a published story with a future time is scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Article.Status.PUBLISHED
        match self.value():
            case "draft" | "review" as status:
                return queryset.filter(status=status)
            case "scheduled":
                return queryset.filter(status=published, publish_at__gt=now)
            case "live":
                return queryset.filter(status=published, publish_at__lte=now)
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The most used tags, not every tag ever typed: an archive has thousands."""

    title = "tag"
    parameter_name = "tag"
    shown = 25

    def value(self):
        value = super().value()
        # No slug holds a NUL byte, and PostgreSQL refuses to compare text with one.
        if value and "\x00" in value:
            raise IncorrectLookupParameters("a tag slug cannot contain a NUL byte")
        return value

    def lookups(self, request, model_admin):
        tags = list(
            Tag.objects.filter(taggit_taggeditem_items__content_type__model="article")
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")
            .values_list("slug", "name")[: self.shown]
        )
        chosen = self.value()
        if chosen and chosen not in {slug for slug, _ in tags}:
            tags += list(Tag.objects.filter(slug=chosen).values_list("slug", "name"))
        return tags

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


# What the desk compares when two people save the same story.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "hero_focal_x",
    "hero_focal_y",
    "trailer_url",
    "section",
    "status",
    "publish_at",
    "featured",
]


def version_of(article):
    return article.updated_at.isoformat() if article.updated_at else ""


class ArticleForm(forms.ModelForm):
    """The change form, which refuses to save over a version its editor never saw."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # self.instance holds the story as it is in the database right now.
        if cleaned.get("loaded_version") == version_of(self.instance):
            return cleaned
        changed = [
            self.fields[name].label or name
            for name in COMPARED_FIELDS
            if name in self.fields
            and name in cleaned
            and cleaned[name] != getattr(self.instance, name)
        ]
        # The next save, once the editor has merged, is against this version.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = version_of(self.instance)
        who = self.instance.updated_by or "someone else"
        when = timezone.localtime(self.instance.updated_at).strftime("%H:%M:%S on %d %b %Y")
        differs = (
            f" Their version differs from yours in: {', '.join(changed)}."
            if changed
            else " Their version matches what you are saving."
        )
        raise forms.ValidationError(
            f"{who} saved this story at {when}, after you opened it, so your changes are "
            f"not saved yet. They are still in the form below.{differs} Open the story in "
            "another tab to see their version, merge what you need here, and save again.",
            code="stale_version",
        )


class ArticleChangeList(ChangeList):
    def get_filters(self, request):
        # Django's date hierarchy turns a bad ?publish_at__year= into "invalid lookup"
        # on ValueError only; a year like 99999999999999999999 overflows into a 500.
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleForm
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["thumbnail", "headline", "section", "state", "publish_at", "bylines"]
    list_display_links = ["thumbnail", "headline"]
    list_filter = [StatusFilter, "section", "featured", "authors", TagFilter]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "section"]
    readonly_fields = [
        "hero_preview",
        "trailer_preview",
        "status_history",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "return_to_draft"]
    save_on_top = True
    formfield_overrides = {
        # django-embed-video's own form field answers any URL it does not know with
        # "URL could not be recognized."; a plain URL field lets the model's
        # trailer validator give its clearer message.
        EmbedVideoField: {"form_class": forms.URLField, "assume_scheme": "https"},
    }
    # Counting every row of a large archive on each page load is slow; the
    # filtered count is enough for the desk.
    show_full_result_count = False

    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "loaded_version"]}),
        (
            "Hero image",
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    ("hero_focal_x", "hero_focal_y"),
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                ]
            },
        ),
        ("Trailer", {"fields": ["trailer_url", "trailer_preview"]}),
        ("Filing", {"fields": ["section", "authors", "tags"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "featured",
                    "status_history",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    # Roles: writers draft and submit for review; publishing, scheduling and
    # unpublishing need the "publish" permission that editors have. Everything
    # below is checked on the server, whatever the browser sends.

    def can_publish(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def is_own(self, request, obj):
        return obj.created_by_id == request.user.pk or any(
            author.user_id == request.user.pk for author in obj.authors.all()
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.can_publish(request):
            return True
        if getattr(request, "newsroom_checked_story", None) == obj.pk:
            return True  # checked against the story as it is now, before a restore
        # A writer may not touch another writer's story once it is published.
        return obj.status != Article.Status.PUBLISHED or self.is_own(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            fields += ["publish_at", "featured"]
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                fields.append("status")  # a writer cannot take a story off the site
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and not self.can_publish(request):
            # Only offered, not enforced, here: save_model decides what is saved.
            status.widget.choices = [
                choice for choice in status.choices if choice[0] != Article.Status.PUBLISHED
            ]
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion reverts the row before the form runs, so the checks
        # must look at the story as it is now, not as the old revision has it.
        current = self.story_or_404(request, object_id, self.has_change_permission)
        request.newsroom_status_before = current.status
        request.newsroom_checked_story = current.pk
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.can_publish(request):
            raise PermissionDenied  # bringing a deleted story back is an editor's call
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.can_publish(request):
            raise PermissionDenied
        request.newsroom_status_before = None
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if hasattr(request, "newsroom_status_before"):
            before = request.newsroom_status_before
        elif change:
            before = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        else:
            before = None
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if (
            obj.status == Article.Status.PUBLISHED
            and before != Article.Status.PUBLISHED
            and not self.can_publish(request)
        ):
            obj.status = Article.Status.REVIEW
            self.message_user(
                request,
                "Only editors can publish. The story was saved and sent to them for review.",
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)
        if obj.status != before:
            record_moves(request, [(obj.pk, before, obj.status, obj.publish_at)])

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [preview, compare, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        versions = self.versions_of(object_id)
        extra_context = {**(extra_context or {}), "versions": versions}
        return super().history_view(request, object_id, extra_context)

    def story_or_404(self, request, object_id, allowed):
        """The story a desk URL names, if ``allowed`` (a has_*_permission method) lets the user."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No story with this number.")
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def versions_of(self, object_id):
        return list(
            Version.objects.get_for_object_reference(Article, unquote(object_id))
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )

    def compare_view(self, request, object_id):
        """What changed between two revisions of a story, field by field."""
        article = self.story_or_404(request, object_id, self.has_view_or_change_permission)
        versions = {version.pk: version for version in self.versions_of(object_id)}
        try:
            chosen = [versions[int(request.GET[key])] for key in ("older", "newer")]
        except (KeyError, ValueError):
            messages.error(request, "Pick two revisions of this story to compare.")
            return redirect("admin:articles_article_history", object_id)
        older, newer = sorted(chosen, key=lambda v: (v.revision.date_created, v.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Changes to “{article}”",
            "older": older,
            "newer": newer,
            "rows": revisions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def preview_view(self, request, object_id):
        """The story as readers will see it, whatever its status, marked as a preview."""
        article = self.story_or_404(request, object_id, self.has_view_permission)
        return article_page(request, article, preview="desk")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and not article.is_published:
            expires = timezone.localtime() + timedelta(
                seconds=settings.NEWSROOM_SHARE_PREVIEW_SECONDS
            )
            extra_context["share_url"] = request.build_absolute_uri(
                reverse("articles:share_preview", args=[share_token(article)])
            )
            extra_context["share_expires"] = expires
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name")))
        )

    @admin.display(description="")
    def thumbnail(self, obj):
        if not obj.hero_image:
            return format_html('<span class="nr-thumb nr-thumb--empty">{}</span>', "No image")
        return format_html(
            '<img class="nr-thumb" src="{}" alt="" width="80" height="45" loading="lazy">',
            obj.hero_image.url,
        )

    @admin.display(description="status", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return format_html(
                "Scheduled<br><small>{}</small>",
                timezone.localtime(obj.publish_at).strftime("%d %b %Y %H:%M"),
            )
        return obj.get_status_display()

    @admin.display(description="bylines")
    def bylines(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    @admin.display(description="preview")
    def hero_preview(self, obj):
        if not obj.hero_image:
            return "Upload an image and save to see it here."
        # focal_point.js turns a click on the picture into the two percentages.
        return format_html(
            '<span class="nr-focal" data-focal-preview><img class="nr-hero-preview" src="{}" '
            'alt="{}"><span class="nr-focal__marker" hidden></span></span>'
            '<span class="help">Click the subject to keep it in crops for social networks '
            "and story cards, or type its position below.</span>",
            obj.hero_image.url,
            obj.hero_alt,
        )

    @admin.display(description="preview")
    def trailer_preview(self, obj):
        if not obj.trailer:
            return "Paste a YouTube or Vimeo address and save to preview it here."
        return render_to_string(
            "admin/articles/article/trailer_preview.html", {"trailer": obj.trailer}
        )

    @admin.display(description="history")
    def status_history(self, obj):
        if obj.pk is None:
            return "Not saved yet."
        moves = obj.status_changes.select_related("changed_by")[:20]
        if not moves:
            return "No moves recorded."
        return format_html(
            '<ul class="nr-history">{}</ul>',
            format_html_join(
                "",
                "<li>{} <strong>{}</strong> by {}{}</li>",
                (
                    (
                        timezone.localtime(move.changed_at).strftime("%d %b %Y %H:%M"),
                        move.get_to_status_display(),
                        move.changed_by or "someone since removed",
                        f" (live from {timezone.localtime(move.publish_at):%d %b %Y %H:%M})"
                        if move.to_status == Article.Status.PUBLISHED and move.publish_at
                        else "",
                    )
                    for move in moves
                ),
            ),
        )

    def view_on_site(self, obj):
        # Only a live story has a page readers can open.
        return obj.get_absolute_url() if obj.is_published else None

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        to_publish = queryset.exclude(status=Article.Status.PUBLISHED)
        moving = list(to_publish.values_list("pk", "status", "publish_at"))
        # A story without a publish time goes live now; a scheduled time is kept.
        undated = to_publish.filter(publish_at__isnull=True).update(
            status=Article.Status.PUBLISHED, publish_at=now, updated_at=now
        )
        dated = to_publish.update(status=Article.Status.PUBLISHED, updated_at=now)
        bump_generation()  # update() sends no post_save
        count = undated + dated
        record_moves(
            request,
            [(pk, before, Article.Status.PUBLISHED, when or now) for pk, before, when in moving],
        )
        keep_revisions([pk for pk, _, _ in moving], "Published with the bulk action.")
        self.message_user(
            request,
            f"Published {count} stor{'y' if count == 1 else 'ies'}."
            if count
            else "The selected stories were already published.",
            messages.SUCCESS if count else messages.INFO,
        )

    @admin.action(description="Return the selected stories to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        moving = list(queryset.exclude(status=Article.Status.DRAFT).values_list("pk", "status"))
        record_moves(request, [(pk, before, Article.Status.DRAFT, None) for pk, before in moving])
        count = queryset.exclude(status=Article.Status.DRAFT).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        bump_generation()  # update() sends no post_save
        self.message_user(
            request,
            f"Returned {count} stor{'y' if count == 1 else 'ies'} to draft; readers no longer see "
            f"{'it' if count == 1 else 'them'}.",
            messages.SUCCESS,
        )
        keep_revisions([pk for pk, _ in moving], "Returned to draft with the bulk action.")

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["articles/focal_point.js"]


def keep_revisions(pks, comment):
    """Bulk actions update rows directly; record a revision of each story they changed.

    The changelist view already runs inside a revision with the user set.
    """
    if not reversion.is_active():
        return
    reversion.set_comment(comment)
    for article in Article.objects.filter(pk__in=pks):
        reversion.add_to_revision(article)


def record_moves(request, moves):
    """Note who moved which stories: ``moves`` holds (pk, from, to, publish time)."""
    StatusChange.objects.bulk_create(
        StatusChange(
            article_id=pk,
            from_status=before or "",
            to_status=after,
            publish_at=when if after == Article.Status.PUBLISHED else None,
            changed_by=request.user,
        )
        for pk, before, after, when in moves
    )
