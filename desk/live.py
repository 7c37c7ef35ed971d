"""The live desk: one live story's page for posting entries as the coverage goes on.

Entries are typed, posted, edited in place, approved and deleted here, and the
coverage ended; who may do which is ``articles/live.py``'s call, not this page's.
Every action is a plain form post answered with a redirect and a message, so the page
works without JavaScript; ``static/desk/live.js`` adds Ctrl+Enter, posting without a
reload and a list that refreshes itself, asking for the entries again only when the
story's live revision moved.

Two editors never overwrite each other: each entry is its own row, and an edit carries
the revision its entry had when the form was opened. An edit of an entry that changed
since is refused, with both versions shown, instead of being saved over the other.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles import live
from articles.models import Article, LiveEntry
from articles.publishing import may_publish

from .dates import when
from .live_entries import (
    DESK_PAGE_SIZE,
    EntryForm,
    desk_entries,
    desk_page_of,
    desk_url,
    wants_json,
    without_prefix,
)
from .widgets import thumbnail

EDIT_PREFIX = "edit"

POSTED = "Posted. It is on the site within a few seconds."
POSTED_WAITING = "Posted. It waits for an editor: readers see it once one approves it."
UPDATED = "Entry updated."
APPROVED = "Approved: readers see it now, at the top as the newest entry."
DELETED = "Entry deleted: it is gone from the site, the feed and the API."
GONE = "This entry is gone: someone deleted it after you opened the page."


def live_desk_urls(model_admin):
    desk = LiveDesk(model_admin)
    wrap = model_admin.admin_site.admin_view
    story = "<path:object_id>/live/"
    entry = f"{story}<int:entry_id>/"
    return [
        path(story, wrap(desk.page_view), name="articles_article_live"),
        path(f"{story}entries/", wrap(desk.entries_view), name="articles_article_live_entries"),
        path(f"{story}end/", wrap(desk.end_view), name="articles_article_live_end"),
        path(f"{entry}edit/", wrap(desk.edit_view), name="articles_article_live_edit"),
        path(f"{entry}approve/", wrap(desk.approve_view), name="articles_article_live_approve"),
        path(f"{entry}delete/", wrap(desk.delete_view), name="articles_article_live_delete"),
    ]


class LiveDesk:
    """The live desk's views, for ``ArticleAdmin``."""

    template = "admin/articles/article/live.html"
    entries_template = "admin/articles/article/live_entries.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site

    # Finding what a URL names ------------------------------------------------------------

    def story(self, request, object_id):
        if not live.may_post(request.user):
            raise PermissionDenied("Your role cannot post live entries.")
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No story with this number.")
        return article

    @staticmethod
    def entry(article, entry_id, lock=False):
        found = LiveEntry.objects.filter(article=article, pk=entry_id)
        if lock:
            found = found.select_for_update()
        return found.first()

    def form(self, request, data=None, **kwargs):
        return EntryForm(data, user=request.user, admin_site=self.admin_site, **kwargs)

    def new_form(self, request, data=None):
        profile = getattr(request.user, "author_profile", None)
        return self.form(request, data, initial={"authors": [profile] if profile else []})

    # Answers ----------------------------------------------------------------------------

    def done(self, request, article, message, level=messages.SUCCESS, **where):
        """An action's answer: JSON for the page's script, else a redirect and a message."""
        if wants_json(request):
            return JsonResponse(
                {
                    "ok": level != messages.ERROR,
                    "message": message,
                    "entries": self.render_entries(request, article),
                    "revision": Article.objects.values_list("live_revision", flat=True).get(
                        pk=article.pk
                    ),
                },
                status=200 if level != messages.ERROR else 400,
            )
        messages.add_message(request, level, message)
        return redirect(desk_url(article, **where))

    def refused(self, request, article, errors_of, message, status=400, **context):
        """A form not saved (``errors_of``): for the script its errors, else the page
        showing them (``context``: the forms it shows), as an invalid form is answered
        (200), or with ``status`` when it is 409, a clash with someone else's change."""
        if wants_json(request):
            # The script shows the errors under its message, not beside the boxes.
            said = message.replace(": fix what is marked below.", ". Fix:")
            return JsonResponse(
                {"ok": False, "message": said, "errors": errors_of.error_list()},
                status=status,
            )
        messages.error(request, message)
        return self.render_page(
            request, article, status=status if status == 409 else 200, **context
        )

    def rows(self, request, entries):
        user = request.user
        publisher = may_publish(user)
        return [
            {
                "entry": entry,
                "waiting": not entry.is_shown,
                "may_edit": live.may_edit(user, entry),
                "may_delete": live.may_delete(user, entry),
                "may_approve": publisher and not entry.is_shown,
                "thumbnail": thumbnail(entry.picture) if entry.picture_id else "",
                "bylines": ", ".join(author.name for author in entry.authors.all()),
                "posted": when(entry.posted_at),
                "edited": when(entry.updated_at)
                if entry.updated_at - entry.posted_at > timedelta(seconds=5)
                else "",
            }
            for entry in entries
        ]

    def entries_context(self, request, article, page=None, editing=None, edit_form=None):
        paginator = Paginator(desk_entries(article), DESK_PAGE_SIZE)
        shown = paginator.get_page(page)
        return {
            "article": article,
            "page": shown,
            "paginator": paginator,
            "rows": self.rows(request, shown.object_list),
            "editing": editing,
            "edit_form": edit_form,
            "confirm_delete": self.asked_to_delete(request),
            "desk_url": desk_url(article),
        }

    @staticmethod
    def asked_to_delete(request):
        value = request.GET.get("delete", "")
        return int(value) if value.isdigit() else None

    def render_entries(self, request, article, page=None):
        return render_to_string(
            self.entries_template, self.entries_context(request, article, page), request=request
        )

    def render_page(
        self, request, article, form=None, editing=None, edit_form=None, stale=None, status=200
    ):
        user = request.user
        publisher = may_publish(user)
        page = request.GET.get("page")
        if editing is None and request.GET.get("edit", "").isdigit():
            editing = self.entry(article, int(request.GET["edit"]))
            if editing is not None and not live.may_edit(user, editing):
                messages.error(request, "You may change only your own entries.")
                editing = None
            elif editing is None:
                messages.error(request, GONE)
        if editing is not None and edit_form is None:
            edit_form = self.form(request, instance=editing, prefix=EDIT_PREFIX)
        confirm = self.asked_to_delete(request)
        target = editing or (self.entry(article, confirm) if confirm else None)
        if target is not None and page is None:
            page = desk_page_of(target)
        if form is None:
            form = self.new_form(request)
        media = form.media + (edit_form.media if edit_form is not None else forms.Media())
        media += forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/jquery.init.js",
                "admin/js/core.js",
                "admin/js/admin/RelatedObjectLookups.js",
                "desk/live.js",
            ]
        )
        now = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            **self.entries_context(request, article, page, editing, edit_form),
            "opts": Article._meta,
            "original": article,
            "title": f"Live desk: {article}",
            "form": form,
            "stale": stale,
            "media": media,
            "may_publish": publisher,
            "waits": article.entries_reviewed and not publisher,
            "ended": article.coverage_end is not None and article.coverage_end <= now,
            "ends_later": article.coverage_end is not None and article.coverage_end > now,
            "not_started": article.coverage_start is not None and article.coverage_start > now,
            "coverage_start": when(article.coverage_start),
            "coverage_end": when(article.coverage_end),
            "confirm_end": request.GET.get("end") == "1" and publisher,
            "reader_url": article.get_absolute_url() if article.is_published else None,
            "waiting_count": LiveEntry.objects.filter(
                article=article, state=LiveEntry.State.WAITING
            ).count(),
            "entries_url": reverse("admin:articles_article_live_entries", args=[article.pk]),
            "end_url": reverse("admin:articles_article_live_end", args=[article.pk]),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "revision": article.live_revision,
        }
        return TemplateResponse(request, self.template, context, status=status)

    # Views ------------------------------------------------------------------------------

    def page_view(self, request, object_id):
        """The page; a post to it is a new entry."""
        article = self.story(request, object_id)
        if request.method == "GET":
            return self.render_page(request, article)
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "POST"])
        if not article.is_live:
            return self.done(
                request,
                article,
                "Not posted: this story is not live coverage. Give it a coverage start on "
                "its form first.",
                messages.ERROR,
            )
        form = self.new_form(request, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():  # the entry and its bylines, or nothing
                    entry = live.post(article, request.user, **form.entry_fields())
            except ValidationError as error:
                form.refuse(error)
            else:
                return self.done(request, article, POSTED if entry.is_shown else POSTED_WAITING)
        return self.refused(
            request, article, form, "Not posted yet: fix what is marked below.", form=form
        )

    def entries_view(self, request, object_id):
        """The list alone, for the page's script; nothing (204) when nothing changed."""
        article = self.story(request, object_id)
        if request.GET.get("revision") == str(article.live_revision):
            return HttpResponse(status=204)
        response = HttpResponse(self.render_entries(request, article, request.GET.get("page")))
        response["X-Live-Revision"] = str(article.live_revision)
        response["Cache-Control"] = "no-store"
        return response

    def edit_view(self, request, object_id, entry_id):
        article = self.story(request, object_id)
        if request.method != "POST":
            return redirect(desk_url(article, edit=entry_id, anchor=f"entry-{entry_id}"))
        with transaction.atomic():
            entry = self.entry(article, entry_id, lock=True)  # held until the edit is saved
            if entry is None:
                # Their text is not lost: it waits in the new-entry box, to post again.
                form = self.new_form(request, without_prefix(request.POST, EDIT_PREFIX))
                return self.refused(
                    request,
                    article,
                    form,
                    f"{GONE} Your text is in the box above: post it as a new entry if it "
                    "should stay.",
                    status=409,
                    form=form,
                )
            if not live.may_edit(request.user, entry):
                return self.done(
                    request, article, "You may change only your own entries.", messages.ERROR
                )
            form = self.form(request, request.POST, instance=entry, prefix=EDIT_PREFIX)
            if self.is_stale(request, entry):
                return self.stale(request, article, entry, form)
            if form.is_valid():
                try:
                    live.edit(entry, request.user, **form.entry_fields())
                except PermissionDenied as error:
                    return self.done(request, article, str(error), messages.ERROR)
                except ValidationError as error:
                    form.refuse(error)
                else:
                    return self.done(
                        request,
                        article,
                        UPDATED,
                        page=desk_page_of(entry),
                        anchor=f"entry-{entry.pk}",
                    )
        entry.refresh_from_db()  # the form's checks wrote the typed values to it
        return self.refused(
            request,
            article,
            form,
            "Not saved yet: fix what is marked below.",
            editing=entry,
            edit_form=form,
        )

    @staticmethod
    def is_stale(request, entry):
        sent = request.POST.get(f"{EDIT_PREFIX}-revision", "")
        return not sent.isdigit() or int(sent) != entry.revision

    def stale(self, request, article, entry, form):
        """Someone changed the entry after this form was opened: nothing is saved. Both
        versions are shown, and the form now carries the entry's new revision, so a
        second save replaces theirs knowingly."""
        data = request.POST.copy()
        data[f"{EDIT_PREFIX}-revision"] = str(entry.revision)
        form = self.form(request, data, instance=entry, prefix=EDIT_PREFIX)
        form.is_valid()
        entry.refresh_from_db()
        who = entry.updated_by or "someone"
        message = (
            f"Not saved: this entry changed after you opened it (last edited by {who}, "
            f"{when(entry.updated_at, seconds=True)}). Its version now is shown with your "
            "text, which is still in the box: check both, then save again to replace it "
            "with yours, or cancel to keep theirs."
        )
        form.add_error(None, message)
        return self.refused(
            request,
            article,
            form,
            "Not saved: someone changed this entry after you opened it. Both versions are below.",
            status=409,
            editing=entry,
            edit_form=form,
            stale=entry,
        )

    def approve_view(self, request, object_id, entry_id):
        article = self.story(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        entry = self.entry(article, entry_id)
        if entry is None:
            return self.done(request, article, GONE, messages.ERROR)
        if entry.is_shown:
            return self.done(request, article, "Another editor approved it already.", messages.INFO)
        try:
            live.approve(entry, request.user)
        except PermissionDenied as error:
            return self.done(request, article, str(error), messages.ERROR)
        return self.done(request, article, APPROVED, anchor=f"entry-{entry.pk}")

    def delete_view(self, request, object_id, entry_id):
        """Deleting asks first: a post without ``confirmed`` shows the question."""
        article = self.story(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        entry = self.entry(article, entry_id)
        if entry is None:
            return self.done(request, article, "This entry was deleted already.", messages.INFO)
        if not request.POST.get("confirmed"):
            return redirect(desk_url(article, delete=entry.pk, anchor=f"entry-{entry.pk}"))
        try:
            with transaction.atomic():
                live.delete(entry, request.user)
        except PermissionDenied as error:
            return self.done(request, article, str(error), messages.ERROR)
        return self.done(request, article, DELETED)

    def end_view(self, request, object_id):
        """End the coverage now; like deleting, a post without ``confirmed`` asks first."""
        article = self.story(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if article.coverage_end is not None and article.coverage_end <= timezone.now():
            return self.done(
                request,
                article,
                f"The coverage had already ended, on {when(article.coverage_end)}.",
                messages.INFO,
            )
        if not request.POST.get("confirmed"):
            return redirect(desk_url(article, end=1, anchor="nr-live-end"))
        try:
            live.end_coverage(article, request.user)
        except PermissionDenied as error:
            return self.done(request, article, str(error), messages.ERROR)
        return self.done(
            request,
            article,
            f"Coverage ended on {when(article.coverage_end)}: the story tells readers so.",
        )
