"""The editors' desk."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from embed_video.fields import EmbedVideoField
from taggit.models import Tag

from .models import Article, Author, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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


class ArticleChangeList(ChangeList):
    def get_filters(self, request):
        # Django's date hierarchy turns a bad ?publish_at__year= into "invalid lookup"
        # on ValueError only; a year like 99999999999999999999 overflows into a 500.
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "headline", "section", "state", "publish_at", "bylines"]
    list_display_links = ["thumbnail", "headline"]
    list_filter = [StatusFilter, "section", "featured", "authors", TagFilter]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "section"]
    readonly_fields = ["hero_preview", "trailer_preview", "created_at", "updated_at"]
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
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            "Hero image",
            {"fields": ["hero_image", "hero_preview", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        ("Trailer", {"fields": ["trailer_url", "trailer_preview"]}),
        ("Filing", {"fields": ["section", "authors", "tags"]}),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "featured", "created_at", "updated_at"]},
        ),
    ]

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
        return format_html(
            '<img src="{}" alt="{}" style="max-width:480px;height:auto">',
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

    def view_on_site(self, obj):
        # Only a live story has a page readers can open.
        return obj.get_absolute_url() if obj.is_published else None

    @admin.action(description="Publish the selected stories now", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        to_publish = queryset.exclude(status=Article.Status.PUBLISHED)
        # A story without a publish time goes live now; a scheduled time is kept.
        undated = to_publish.filter(publish_at__isnull=True).update(
            status=Article.Status.PUBLISHED, publish_at=now, updated_at=now
        )
        dated = to_publish.update(status=Article.Status.PUBLISHED, updated_at=now)
        count = undated + dated
        self.message_user(
            request,
            f"Published {count} stor{'y' if count == 1 else 'ies'}."
            if count
            else "The selected stories were already published.",
            messages.SUCCESS if count else messages.INFO,
        )

    @admin.action(description="Return the selected stories to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        count = queryset.exclude(status=Article.Status.DRAFT).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            f"Returned {count} stor{'y' if count == 1 else 'ies'} to draft; readers no longer see "
            f"{'it' if count == 1 else 'them'}.",
            messages.SUCCESS,
        )

    class Media:
        css = {"all": ["articles/admin.css"]}
