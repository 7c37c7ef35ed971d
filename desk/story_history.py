"""A story's history on the desk: its revisions listed, restored and recovered, and the
notes History shows for each save, in the form's own words."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from . import notes, revisions
from .story_views import versions_of

# The story form's hidden bookkeeping, never an editor's change.
BOOKKEEPING = {"loaded_version", "loaded_values", "clashing", "kept_upload"}
# Labels that read oddly out of the form's context.
HISTORY_LABELS = {
    "hero": "Picture",
    "hero_image": "Picture (uploaded)",
    "hero_alt": "Alt text",
    "hero_caption": "Caption",
    "hero_credit": "Credit",
    "hero_focal_x": "Focal point",
    "hero_focal_y": "Focal point",
    "publish_at": "Publish time",
}


def history_labels(form):
    """The fields a save changed, as History lists them: editors' words, each once."""
    shown = []
    for name in form.changed_data:
        if name in BOOKKEEPING:
            continue
        label = HISTORY_LABELS.get(name) or str(form.fields[name].label or name)
        if label not in shown:
            shown.append(label)
    return shown


class StoryHistory:
    """History's views and notes, for ``ArticleAdmin`` (a django-reversion VersionAdmin)."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion reverts the row before the form runs, so the checks
        # must look at the story as it is now, not as the old revision has it.
        current = self.views.story_or_404(request, object_id, self.has_change_permission)
        request.newsroom_status_before = current.status
        request.newsroom_checked_story = current.pk
        if request.method == "GET":
            note = revisions.picture_restore_note(current, version_id)
            if note:
                self.message_user(request, note, messages.WARNING)
        return super().revision_view(request, object_id, version_id, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        """History's note of a save, in the labels editors see on the form, without the
        form's own bookkeeping (the version it was opened with, clashes, kept uploads)."""
        message = super().construct_change_message(request, form, formsets, add)
        for part in message:
            changed = part.get("changed")
            if changed is not None and "name" not in changed:  # the story's own fields
                changed["fields"] = history_labels(form)
        return [part for part in message if part.get("changed", {}).get("fields", True)]

    def recoverlist_view(self, request, extra_context=None):
        if not self.can_publish(request):
            raise PermissionDenied  # bringing a deleted story back is an editor's call
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.can_publish(request):
            raise PermissionDenied
        request.newsroom_status_before = None
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        versions = versions_of(object_id)
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "notes": notes.history(unquote(object_id)),
        }
        return super().history_view(request, object_id, extra_context)
