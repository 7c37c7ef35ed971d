"""Stories on the desk: the list, the form, roles, previews, share links and history."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from embed_video.fields import EmbedVideoField
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import live, publishing
from articles.embeds import parse_trailer
from articles.models import Article, Author
from articles.suggest import suggestions
from library.models import Image
from reader.previews import share_token
from reader.story import story_page

from . import autosave, notes, revisions
from .dates import when
from .filters import ArticleChangeList, StatusFilter, TagFilter
from .live import live_desk_urls
from .models import AUTOSAVED_FIELDS
from .story_form import ArticleForm
from .suggestions import render_suggestions
from .widgets import focal_preview, thumbnail

LIVE_COVERAGE = "Live coverage"
TRAILER_PROMPT = "Paste a YouTube or Vimeo address above: its preview shows here."


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
    autocomplete_fields = ["authors", "section", "hero", "trailer_still", "about", "mentions"]
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
        ("Trailer", {"fields": ["trailer_url", "trailer_preview", "trailer_still"]}),
        (
            "Spoilers",
            {
                "fields": [("spoilers", "spoils")],
                "description": "To hide one passage instead, make it a quote and choose "
                "Block style › Quote: Spoiler in the body's toolbar: readers open it with a tap.",
            },
        ),
        ("Filing", {"fields": ["section", "authors", "tags"]}),
        (
            "People, films and shows",
            {
                "fields": ["about", "mentions", "entity_suggestions"],
                "description": "Tags are for topics (stunts, box office); who and what the "
                "story is about are records with hub pages: type a name to find one.",
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
        if form.merged:
            self.message_user(request, form.merged, messages.INFO)
        autosave.forget(request.user, obj)  # saved: nothing left to offer back
        if not change:
            autosave.forget(request.user, None)
        if obj.status != before:
            publishing.record_moves(request.user, [(obj.pk, before, obj.status, obj.publish_at)])

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
        suggest = path(
            "suggest-entities/",
            self.admin_site.admin_view(self.suggest_entities_view),
            name="articles_article_suggest_entities",
        )
        trailer = path(
            "trailer-preview/",
            self.admin_site.admin_view(self.trailer_preview_view),
            name="articles_article_trailer_preview",
        )
        # Autosave and its discard, for a story (by number) and for a new one.
        autosaves = [
            path(
                f"{story}{action}/",
                self.admin_site.admin_view(view),
                name=f"articles_article_{name}{'' if story else '_new'}",
            )
            for story in ("<path:object_id>/", "")
            for action, view, name in [
                ("autosave", self.autosave_view, "autosave"),
                ("autosave/discard", self.discard_autosave_view, "autosave_discard"),
            ]
        ]
        return [
            preview,
            compare,
            trailer,
            suggest,
            *autosaves,
            *live_desk_urls(self),
            *super().get_urls(),
        ]

    def autosaved_story(self, request, object_id):
        """The story an autosave URL names (None: a new one), if the user may edit it."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        return self.story_or_404(request, object_id, self.has_change_permission)

    def autosave_view(self, request, object_id=None):
        """Keep what the editor has typed (story_form.js posts it every few seconds)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return autosave.store(request, self.autosaved_story(request, object_id))

    def discard_autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.autosaved_story(request, object_id)
        autosave.forget(request.user, article)
        self.message_user(request, "Your unsaved work was discarded.", messages.INFO)
        if article is None:
            return redirect("admin:articles_article_add")
        return redirect("admin:articles_article_change", article.pk)

    def offer_autosave(self, request, article, extra_context):
        """Autosave on this form, and the editor's unsaved work offered (or, when asked,
        put back in the form)."""
        story = ([article.pk], "") if article else ([], "_new")

        def url(name):
            return reverse(f"admin:articles_article_{name}{story[1]}", args=story[0])

        extra_context = {
            **extra_context,
            "autosave_url": url("autosave"),
            "autosave_every": int(settings.NEWSROOM_AUTOSAVE_SECONDS * 1000),
            "autosave_fields": ",".join(AUTOSAVED_FIELDS),
        }
        row = autosave.waiting(request.user, article) if request.method == "GET" else None
        if row is None:
            return extra_context
        saved_at = when(row.saved_at, seconds=True)
        if request.GET.get("restore_autosave"):
            request.newsroom_restored = row.fields
            self.message_user(
                request,
                f"Your unsaved work from {saved_at} is back in the form. Check it, then save.",
                messages.SUCCESS,
            )
            return extra_context
        return {
            **extra_context,
            "autosave_saved_at": saved_at,
            "autosave_discard": url("autosave_discard"),
        }

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = self.offer_autosave(request, None, extra_context or {})
        return super().add_view(request, form_url, extra_context)

    def trailer_preview_view(self, request):
        """The trailer's preview for the address being typed (story_form.js), or why not."""
        if not self.has_view_or_change_permission(request) and not self.has_add_permission(request):
            raise PermissionDenied
        url = request.GET.get("url", "").strip()
        if not url:
            return HttpResponse(TRAILER_PROMPT)
        try:
            trailer = parse_trailer(url)
        except ValidationError as error:
            return HttpResponse(format_html('<p class="errornote">{}</p>', error.messages[0]))
        still = request.GET.get("still", "")
        context = {
            "trailer": trailer,
            "title": request.GET.get("title", "").strip()[:200],
            "still": Image.objects.filter(pk=still).first() if still.isdigit() else None,
        }
        return HttpResponse(
            render_to_string("admin/articles/article/trailer_preview.html", context)
        )

    def suggest_entities_view(self, request):
        """People, films and shows the text being typed names (story_form.js posts it)."""
        if not self.has_view_or_change_permission(request) and not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        chosen = [pk for pk in request.POST.getlist("chosen") if pk.isdigit()]
        found = suggestions(
            request.POST.get("headline", ""),
            request.POST.get("standfirst", ""),
            request.POST.get("body", ""),
            exclude=chosen,
        )
        return HttpResponse(render_suggestions(found))

    def history_view(self, request, object_id, extra_context=None):
        versions = self.versions_of(object_id)
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "notes": notes.history(unquote(object_id)),
        }
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
        return story_page(request, article, preview="desk")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_change_permission(request, article):
            extra_context = self.offer_autosave(request, article, extra_context)
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

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail(obj.hero)

    @admin.display(description="status", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return format_html(
                "Scheduled<br><small>{}</small>",
                when(obj.publish_at),
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
        shown = (
            render_to_string(
                "admin/articles/article/trailer_preview.html",
                {"trailer": obj.trailer, "title": obj.headline, "still": obj.trailer_still},
            )
            if obj.trailer
            else TRAILER_PROMPT
        )
        # story_form.js replaces what is shown as the address is typed.
        return format_html(
            '<div data-trailer-preview="{}">{}</div>',
            reverse("admin:articles_article_trailer_preview"),
            shown,
        )

    @admin.display(description="suggested")
    def entity_suggestions(self, obj):
        """Records the saved text names that the story does not list yet; story_form.js
        asks again as the editor types, and adds one with a click."""
        found = []
        if obj is not None and obj.pk:
            chosen = [e.pk for e in [*obj.about.all(), *obj.mentions.all()]]
            found = suggestions(obj.headline, obj.standfirst, obj.body, exclude=chosen)
        return format_html(
            '<div data-entity-suggestions="{}" aria-live="polite">{}</div>',
            reverse("admin:articles_article_suggest_entities"),
            render_suggestions(found),
        )

    @admin.display(description="live desk")
    def live_desk(self, obj):
        if obj is None or obj.pk is None or not obj.is_live:
            return "Give the story a coverage start and save it: its live desk opens from here."
        return format_html(
            '<a class="button" href="{}">Open the live desk</a> '
            '<span class="help">Post, edit and approve entries, and end the coverage.</span>',
            reverse("admin:articles_article_live", args=[obj.pk]),
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
                        when(move.changed_at),
                        move.get_to_status_display(),
                        move.changed_by or "someone since removed",
                        f" (live from {when(move.publish_at)})"
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
