"""What the story's list and form show without being fields: the list's thumbnail,
status and bylines, and the form's previews, suggestions, live desk link and moves."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.models import Article
from articles.suggest import suggestions

from .dates import when
from .story_views import trailer_preview
from .suggestions import render_suggestions
from .widgets import focal_preview, thumbnail


class StoryDisplays:
    """Read-only columns and form rows of ``ArticleAdmin``."""

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
        # story_form.js replaces what is shown as the address is typed.
        return format_html(
            '<div data-trailer-preview="{}">{}</div>',
            reverse("admin:articles_article_trailer_preview"),
            trailer_preview(obj.trailer or None, title=obj.headline, still=obj.trailer_still),
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
