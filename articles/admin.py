"""The editors' desk."""

from datetime import timedelta

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
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
from .models import Article, Author, Image, Section, SiteSettings, StatusChange
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
    "hero",
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


# The story form's picture fields -> the library image's fields they describe.
PICTURE_FIELDS = {
    "hero_alt": "alt",
    "hero_caption": "caption",
    "hero_credit": "credit",
    "hero_focal_x": "focal_x",
    "hero_focal_y": "focal_y",
}


def _blank(value):
    """An empty text field and a missing picture's description compare equal."""
    return None if value == "" else value


def _model_value(attribute, value):
    """What an empty form field stores: "" in text fields, NULL in the focal point."""
    if value is None and not attribute.startswith("focal"):
        return ""
    return value


def _image_field(name, **kwargs):
    return Image._meta.get_field(name).formfield(required=False, **kwargs)


class ArticleForm(forms.ModelForm):
    """The change form, which refuses to save over a version its editor never saw.

    The picture is picked from the library (``hero``) or uploaded right here
    (``hero_image``), and described by the fields under it: an upload becomes a
    new library image with that description; for a picked image, only what the
    editor changed in those fields is written to it (which every story using it
    then shows). Everything is checked before anything is saved.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    hero_image = _image_field(
        "file",
        label="or upload a new picture",
        help_text="It joins the library, with the alt text, caption and credit below. "
        "JPEG, PNG, WebP, GIF or AVIF, up to 20 MB.",
    )
    hero_focal_x = _image_field("focal_x")
    hero_focal_y = _image_field("focal_y")
    hero_alt = _image_field(
        "alt",
        help_text="What the picture shows, for readers who cannot see it. Required with a picture.",
    )
    hero_caption = _image_field("caption")
    hero_credit = _image_field("credit")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = version_of(self.instance)
        image = self.instance.hero if self.instance.hero_id else None
        for name, attribute in PICTURE_FIELDS.items():
            if name in self.fields and image is not None:
                self.initial[name] = getattr(image, attribute)
        if "hero" in self.fields:
            self.fields["hero"].label = "Picture from the library"
            self.fields["hero"].help_text = (
                "Type to search the library by alt text, caption, credit or file name. "
                "Its description changes with it everywhere it is used."
            )
        self.new_image = self.changed_image = None

    def current(self, name):
        """The saved value behind form field ``name``, as the stale-version check compares."""
        if name in PICTURE_FIELDS:
            image = self.instance.hero if self.instance.hero_id else None
            return getattr(image, PICTURE_FIELDS[name]) if image else None
        return getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned)
        self._clean_picture(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        if self.instance.pk is None:
            return
        # self.instance holds the story as it is in the database right now.
        if cleaned.get("loaded_version") == version_of(self.instance):
            return
        changed = [
            self.fields[name].label or name
            for name in COMPARED_FIELDS
            if name in self.fields
            and name in cleaned
            and _blank(cleaned[name]) != _blank(self.current(name))
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

    def _clean_picture(self, cleaned):
        """Build (without saving) the new or changed library image, and check it in full."""
        upload = cleaned.get("hero_image")
        if "hero_image" in self.errors or "hero_image" not in self.fields:
            return
        if upload:
            image = Image(file=upload)
            for name, attribute in PICTURE_FIELDS.items():
                setattr(image, attribute, _model_value(attribute, cleaned.get(name)))
            self.new_image = image
        else:
            image = cleaned.get("hero")
            changes = {
                PICTURE_FIELDS[name]: cleaned.get(name)
                for name in PICTURE_FIELDS
                if name in self.changed_data and name in cleaned
            }
            if image is None or not changes:
                return
            for attribute, value in changes.items():
                setattr(image, attribute, _model_value(attribute, value))
            self.changed_image = image
        try:
            image.full_clean(exclude=["uploaded_by"])
        except ValidationError as error:
            fields = {attribute: name for name, attribute in PICTURE_FIELDS.items()}
            fields["file"] = "hero_image"
            for attribute, messages_ in error.message_dict.items():
                self.add_error(fields.get(attribute), messages_)
            self.new_image = self.changed_image = None

    def save_picture(self, user):
        """Save the uploaded or re-described library image; the story then points to it."""
        if self.new_image is not None:
            self.new_image.uploaded_by = user
            self.new_image.save()
            self.instance.hero = self.new_image
        elif self.changed_image is not None:
            self.changed_image.save()


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
    list_select_related = ["section", "hero"]
    list_per_page = 50
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "section", "hero"]
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
                    "hero",
                    "hero_preview",
                    "hero_image",
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
        hero = form.base_fields.get("hero")
        if hero is not None:
            # Deleting a library picture is the library's business, not the story's.
            hero.widget.can_delete_related = False
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
        form.save_picture(request.user)
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
        return thumbnail(obj.hero)

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
        image = obj.hero if obj.hero_id else None
        others = image.stories.exclude(pk=obj.pk).count() if image is not None and obj.pk else 0
        note = (
            f" This picture is also used in {others} other stor{'y' if others == 1 else 'ies'}: "
            "a new description or focal point shows there too."
            if others
            else ""
        )
        return focal_preview(
            image,
            "hero_focal_x",
            "hero_focal_y",
            empty="Pick a picture from the library or upload one.",
            note=note,
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


def thumbnail(image):
    """A small picture for desk lists: the smallest rendition, or the original until it exists."""
    if image is None or not image.file:
        return format_html('<span class="nr-thumb nr-thumb--empty">{}</span>', "No image")
    return format_html(
        '<img class="nr-thumb" src="{}" alt="" width="80" height="45" loading="lazy">',
        image.file.url,
    )


def focal_preview(image, field_x, field_y, empty, note=""):
    """The picture with its focal point: a click on it fills the two fields (focal_point.js).

    The story form also swaps the picture when the editor picks another from the library.
    """
    url_pattern = reverse("admin:articles_image_picture", args=[0])
    if image is None or not image.file:
        return format_html(
            '<span class="nr-focal" data-focal-preview data-focal-x="id_{}" data-focal-y="id_{}" '
            'data-picture-url="{}"><img class="nr-hero-preview" alt="" hidden>'
            '<span class="nr-focal__marker" hidden></span></span>'
            '<span class="help" data-focal-empty>{}</span>',
            field_x,
            field_y,
            url_pattern,
            empty,
        )
    return format_html(
        '<span class="nr-focal" data-focal-preview data-focal-x="id_{}" data-focal-y="id_{}" '
        'data-picture-url="{}"><img class="nr-hero-preview" src="{}" alt="{}">'
        '<span class="nr-focal__marker" hidden></span></span>'
        '<span class="help">Click the subject to keep it in crops for social networks '
        "and story cards, or type its position below.{}</span>",
        field_x,
        field_y,
        url_pattern,
        image.file.url,
        image.alt,
        note,
    )


@admin.register(Image)
class ImageAdmin(VersionAdmin):
    """The picture library: every picture uploaded, where it is used, and its description."""

    list_display = ["thumbnail", "alt", "credit", "size", "created_at", "used_in"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "credit", "file"]
    list_per_page = 50
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "uploaded_by", "created_at", "where_used"]
    fieldsets = [
        (None, {"fields": ["file", "preview", ("focal_x", "focal_y"), "alt", "caption", "credit"]}),
        ("In the library", {"fields": ["size", "uploaded_by", "created_at", "where_used"]}),
    ]

    def get_queryset(self, request):
        # Explicitly ordered: the count's GROUP BY drops the model's default ordering.
        return (
            super()
            .get_queryset(request)
            .with_use_count()
            .select_related("uploaded_by")
            .order_by("-created_at", "-pk")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        picture = path(
            "<path:object_id>/picture/",
            self.admin_site.admin_view(self.picture_view),
            name="articles_image_picture",
        )
        return [picture, *super().get_urls()]

    def picture_view(self, request, object_id):
        """The picture's file, for the story form's preview when an editor picks another."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        image = self.get_object(request, unquote(object_id))
        if image is None or not image.file:
            raise Http404("No image with this number.")
        return redirect(image.file.url)

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description="size")
    def size(self, obj):
        if not obj.width or not obj.height:
            return "—"
        return f"{obj.width} × {obj.height}"

    @admin.display(description="used in", ordering="use_count")
    def used_in(self, obj):
        count = getattr(obj, "use_count", None)
        if count is None:
            count = obj.stories.count()
        return f"{count} stor{'y' if count == 1 else 'ies'}" if count else "unused"

    @admin.display(description="preview")
    def preview(self, obj):
        return focal_preview(
            obj if obj.pk else None,
            "focal_x",
            "focal_y",
            empty="Upload a picture and save to see it here.",
        )

    @admin.display(description="where used")
    def where_used(self, obj):
        if obj.pk is None:
            return "Not saved yet."
        stories = list(obj.stories.order_by("-updated_at").only("pk", "headline", "status"))
        if not stories:
            return "No story uses this picture yet; it can be deleted."
        return format_html(
            '<ul class="nr-where-used">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <small>({})</small></li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[story.pk]),
                        story.headline,
                        story.get_status_display(),
                    )
                    for story in stories
                ),
            ),
        )

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
    for article in Article.objects.filter(pk__in=pks).select_related("hero"):
        reversion.add_to_revision(article)
        if article.hero is not None:
            reversion.add_to_revision(article.hero)


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
