"""The story form's endpoints, beside the admin's own views: autosave and its discard,
the trailer's preview, suggested people and films, the reader's preview and the
comparison of two revisions.

Each is a view of its own, checked against the same roles as the form (through the
``ArticleAdmin`` it is made for) and wrapped by the admin site, so signing in, CSRF
and the desk's headers are the admin's.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles.embeds import parse_trailer
from articles.models import Article
from articles.suggest import suggestions
from library.models import Image
from reader.story import story_page

from . import autosave, revisions
from .dates import when
from .models import AUTOSAVED_FIELDS
from .suggestions import render_suggestions

TRAILER_PROMPT = "Paste a YouTube or Vimeo address above: its preview shows here."


def trailer_preview(trailer, title="", still=None):
    """The desk's preview of a parsed trailer (or the prompt to paste one): a poster, the
    still if one is chosen, and the player only once the editor presses play."""
    if trailer is None:
        return TRAILER_PROMPT
    return render_to_string(
        "admin/articles/article/trailer_preview.html",
        {"trailer": trailer, "title": title, "still": still},
    )


def versions_of(object_id):
    """A story's stored revisions, newest first."""
    return list(
        Version.objects.get_for_object_reference(Article, unquote(object_id))
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


class StoryViews:
    """The views, for one ``ArticleAdmin``."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self):
        wrap = self.model_admin.admin_site.admin_view
        story = "<path:object_id>/"
        routes = [
            (f"{story}preview/", self.preview, "preview"),
            (f"{story}history/compare/", self.compare, "compare"),
            ("trailer-preview/", self.trailer, "trailer_preview"),
            ("suggest-entities/", require_POST(self.suggest_entities), "suggest_entities"),
            # Autosave and its discard, for a story (by number) and for a new one.
            (f"{story}autosave/", require_POST(self.autosave), "autosave"),
            (f"{story}autosave/discard/", require_POST(self.discard), "autosave_discard"),
            ("autosave/", require_POST(self.autosave), "autosave_new"),
            ("autosave/discard/", require_POST(self.discard), "autosave_discard_new"),
        ]
        return [
            path(route, wrap(view), name=f"articles_article_{name}") for route, view, name in routes
        ]

    # Who may ask -------------------------------------------------------------------------

    def story_or_404(self, request, object_id, allowed):
        """The story a desk URL names, if ``allowed`` (a has_*_permission method) lets the user."""
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No story with this number.")
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def may_write(self, request):
        admin = self.model_admin
        if not admin.has_view_or_change_permission(request) and not admin.has_add_permission(
            request
        ):
            raise PermissionDenied

    # Autosave ----------------------------------------------------------------------------

    def autosaved_story(self, request, object_id):
        """The story an autosave URL names (None: a new one), if the user may edit it."""
        if object_id is None:
            if not self.model_admin.has_add_permission(request):
                raise PermissionDenied
            return None
        return self.story_or_404(request, object_id, self.model_admin.has_change_permission)

    def autosave(self, request, object_id=None):
        """Keep what the editor has typed (story_form.js posts it every few seconds)."""
        return autosave.store(request, self.autosaved_story(request, object_id))

    def discard(self, request, object_id=None):
        article = self.autosaved_story(request, object_id)
        autosave.forget(request.user, article)
        messages.info(request, "Your unsaved work was discarded.")
        if article is None:
            return redirect("admin:articles_article_add")
        return redirect("admin:articles_article_change", article.pk)

    def offer_autosave(self, request, article, extra_context):
        """The form's context for autosave, with the editor's unsaved work offered (or,
        when asked, put back in the form)."""
        args, suffix = ([article.pk], "") if article else ([], "_new")

        def url(name):
            return reverse(f"admin:articles_article_{name}{suffix}", args=args)

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
            messages.success(
                request,
                f"Your unsaved work from {saved_at} is back in the form. Check it, then save.",
            )
            return extra_context
        return {
            **extra_context,
            "autosave_saved_at": saved_at,
            "autosave_discard": url("autosave_discard"),
        }

    # What the form asks as the editor types ----------------------------------------------

    def trailer(self, request):
        """The trailer's preview for the address being typed (story_form.js), or why not."""
        self.may_write(request)
        url = request.GET.get("url", "").strip()
        if not url:
            return HttpResponse(TRAILER_PROMPT)
        try:
            parsed = parse_trailer(url)
        except ValidationError as error:
            return HttpResponse(format_html('<p class="errornote">{}</p>', error.messages[0]))
        still = request.GET.get("still", "")
        return HttpResponse(
            trailer_preview(
                parsed,
                title=request.GET.get("title", "").strip()[:200],
                still=Image.objects.filter(pk=still).first() if still.isdigit() else None,
            )
        )

    def suggest_entities(self, request):
        """People, films and shows the text being typed names (story_form.js posts it)."""
        self.may_write(request)
        chosen = [pk for pk in request.POST.getlist("chosen") if pk.isdigit()]
        found = suggestions(
            request.POST.get("headline", ""),
            request.POST.get("standfirst", ""),
            request.POST.get("body", ""),
            exclude=chosen,
        )
        return HttpResponse(render_suggestions(found))

    # Reading the story -------------------------------------------------------------------

    def preview(self, request, object_id):
        """The story as readers will see it, whatever its status, marked as a preview."""
        article = self.story_or_404(request, object_id, self.model_admin.has_view_permission)
        return story_page(request, article, preview="desk")

    def compare(self, request, object_id):
        """What changed between two revisions of a story, field by field."""
        admin = self.model_admin
        article = self.story_or_404(request, object_id, admin.has_view_or_change_permission)
        versions = {version.pk: version for version in versions_of(object_id)}
        try:
            chosen = [versions[int(request.GET[key])] for key in ("older", "newer")]
        except (KeyError, ValueError):
            messages.error(request, "Pick two revisions of this story to compare.")
            return redirect("admin:articles_article_history", object_id)
        older, newer = sorted(chosen, key=lambda v: (v.revision.date_created, v.pk))
        context = {
            **admin.admin_site.each_context(request),
            "opts": admin.opts,
            "original": article,
            "title": f"Changes to “{article}”",
            "older": older,
            "newer": newer,
            "rows": revisions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
