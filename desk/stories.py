"""Stories on the desk: the list, the form, roles, saving and bulk actions.

The form's endpoints (autosave, previews, suggestions, comparison) are views of their
own in story_views.py; History's views and notes are story_history.py's; what the list
and form show beside the fields is story_displays.py's.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from embed_video.fields import EmbedVideoField
from reversion.admin import VersionAdmin

from articles import live, publishing
from articles.models import Article, Author
from reader.previews import share_token

from . import autosave, notes
from .dates import when
from .filters import ArticleChangeList, StatusFilter, TagFilter
from .live import live_desk_urls
from .story_displays import StoryDisplays
from .story_form import ArticleForm
from .story_history import StoryHistory
from .story_views import StoryViews

LIVE_COVERAGE = "Live coverage"


@admin.register(Article)
class ArticleAdmin(StoryHistory, StoryDisplays, VersionAdmin):
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
    autocomplete_fields = ["authors", "hero", "trailer_still", "about", "mentions"]
    # A newsroom has a handful of sections, and a video four kinds: one click each.
    radio_fields = {"section": admin.HORIZONTAL, "video_kind": admin.HORIZONTAL}
    readonly_fields = [
        "hero_preview",
        "trailer_preview",
        "entity_suggestions",
        "status_history",
        "live_desk",
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

    # The featurette on one screen: what every story needs first, the rest folded (a
    # folded part with an error opens by itself).
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    ("loaded_version", "loaded_values", "clashing", "kept_upload"),
                ]
            },
        ),
        (
            "Picture",
            {
                "fields": [
                    "hero",
                    "hero_preview",
                    "hero_image",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                    ("hero_focal_x", "hero_focal_y"),
                ]
            },
        ),
        ("Trailer", {"fields": ["trailer_url", "video_kind", "trailer_preview", "trailer_still"]}),
        ("Filing", {"fields": ["section", "authors", "tags"]}),
        (
            "Status and scheduling",
            {
                "fields": [
                    "status",
                    "publish_at",
                    "featured",
                    "status_history",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
                "description": "“Publish” below publishes now, or at the publish time "
                "set here; “Save” keeps the status chosen here.",
            },
        ),
        (
            "People, films and shows",
            {
                "fields": ["about", "mentions", "entity_suggestions"],
                "classes": ["collapse"],
                "description": "Tags are for topics (stunts, box office); who and what the "
                "story is about are records with hub pages: type a name to find one.",
            },
        ),
        (
            "Spoilers",
            {
                "fields": [("spoilers", "spoils")],
                "classes": ["collapse"],
                "description": "To hide one passage instead, make it a quote and choose "
                "Block style › Quote: Spoiler in the body's toolbar: readers open it with a tap.",
            },
        ),
        (
            LIVE_COVERAGE,
            {
                "fields": [
                    ("coverage_start", "coverage_end"),
                    "key_points",
                    "entries_reviewed",
                    "live_desk",
                ],
                "classes": ["collapse"],
                "description": "For a story followed as it happens. Its entries are "
                "posted on its live desk, not here.",
            },
        ),
    ]

    # Roles: writers draft and submit for review; publishing, scheduling and
    # unpublishing need the "publish" permission that editors have. Everything
    # below is checked on the server, whatever the browser sends.

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.views = StoryViews(self)

    def can_publish(self, request):
        return publishing.may_publish(request.user)

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_live:
            return fieldsets
        # Closed on other stories; open on a live one, whose key points change often.
        return [
            (name, {**options, "classes": []} if name == LIVE_COVERAGE else options)
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.desk_user = request.user  # a class made for this request
        form.restored = getattr(request, "newsroom_restored", None)
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
        form.publish_as = self.publish_button(request, obj)[1]
        if obj is None and "headline" in form.base_fields:
            form.base_fields["headline"].widget.attrs["autofocus"] = True
        return form

    def publish_button(self, request, obj):
        """The one-click button beside Save, as (label, status it saves), or (None, None):
        editors publish (now, or at the publish time set), writers send for review."""
        status = obj.status if obj is not None else Article.Status.DRAFT
        if self.can_publish(request):
            if status != Article.Status.PUBLISHED:
                return "Publish", Article.Status.PUBLISHED
        elif status == Article.Status.DRAFT:
            return "Send for review", Article.Status.REVIEW
        return None, None

    def get_changeform_initial_data(self, request):
        """A new story is bylined to its writer and filed where their last one was (on
        their first, where the desk's newest story was)."""
        initial = super().get_changeform_initial_data(request)
        if "authors" not in initial:
            own = list(Author.objects.filter(user=request.user).values_list("pk", flat=True))
            if own:
                initial["authors"] = own
        if "section" not in initial:
            # Theirs, or on a first story the desk's newest one's.
            newest = Article.objects.order_by("-created_at", "-pk").values_list(
                "section_id", flat=True
            )
            last = newest.filter(created_by=request.user).first() or newest.first()
            if last is not None:
                initial["section"] = last
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["publish_label"] = self.publish_button(request, obj)[0]
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        if form.merged:
            self.message_user(request, form.merged, messages.INFO)
        autosave.forget(request.user, obj)  # saved: nothing left to offer back
        if not change:
            autosave.forget(request.user, None)
        if obj.status != before:
            publishing.record_moves(request.user, [(obj.pk, before, obj.status, obj.publish_at)])
        self.point_out_same_headline(request, obj, form)

    def get_inlines(self, request, obj):
        # Corrections and updates are for what readers have already seen.
        return [notes.NoteInline] if obj is not None and obj.is_published else []

    def save_formset(self, request, form, formset, change):
        if formset.model is notes.StoryNote:
            notes.save_notes(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.say_where_readers_see_it(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.say_where_readers_see_it(request, obj)
        return super().response_change(request, obj)

    def point_out_same_headline(self, request, obj, form):
        """A headline another story already has is saved, with a word about it: readers
        and search engines would take the two for one."""
        if "headline" not in form.changed_data:
            return
        other = (
            Article.objects.exclude(pk=obj.pk)
            .filter(headline__iexact=obj.headline.strip())
            .only("pk", "headline", "status", "publish_at")
            .first()
        )
        if other is None:
            return
        self.message_user(
            request,
            format_html(
                'Another story already has this headline: <a href="{}">“{}”</a> ({}). '
                "Readers and search engines may take one for the other: consider "
                "making this one different.",
                reverse("admin:articles_article_change", args=[other.pk]),
                other.headline,
                other.get_status_display().lower(),
            ),
            messages.WARNING,
        )

    def say_where_readers_see_it(self, request, obj):
        """After a save, a link to the live page (the admin's own message links to the form)."""
        if obj.is_published:
            url = request.build_absolute_uri(obj.get_absolute_url())
            note = format_html('Readers see it at <a href="{}">{}</a>.', url, url)
        elif obj.is_scheduled:
            note = format_html("It goes live on {}.", when(obj.publish_at))
        else:
            return
        self.message_user(request, note, messages.SUCCESS)

    def get_urls(self):
        return [*self.views.urls(), *live_desk_urls(self), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = self.views.offer_autosave(request, None, extra_context or {})
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_change_permission(request, article):
            extra_context = self.views.offer_autosave(request, article, extra_context)
        if article is not None and not article.is_published:
            expires = timezone.localtime() + timedelta(
                seconds=settings.NEWSROOM_SHARE_PREVIEW_SECONDS
            )
            extra_context["share_url"] = request.build_absolute_uri(
                reverse("reader:share_preview", args=[share_token(article)])
            )
            extra_context["share_expires"] = expires
        if article is not None and article.is_live and live.may_post(request.user):
            extra_context["live_desk_url"] = reverse(
                "admin:articles_article_live", args=[article.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name")))
        )

    def view_on_site(self, obj):
        # Only a live story has a page readers can open.
        return obj.get_absolute_url() if obj.is_published else None

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish(self, request, queryset):
        count = publishing.publish_now(queryset, request.user)
        self.message_user(
            request,
            f"Published {count} stor{'y' if count == 1 else 'ies'}."
            if count
            else "The selected stories were already published.",
            messages.SUCCESS if count else messages.INFO,
        )

    @admin.action(description="Return the selected stories to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = publishing.return_to_draft(queryset, request.user)
        self.message_user(
            request,
            f"Returned {count} stor{'y' if count == 1 else 'ies'} to draft; readers no longer see "
            f"{'it' if count == 1 else 'them'}.",
            messages.SUCCESS,
        )

    class Media:
        css = {"all": ["desk/admin.css"]}
        js = ["desk/focal_point.js", "desk/story_form.js"]
