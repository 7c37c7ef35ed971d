"""Autosave of the story form: what the editor types goes to their own row every few
seconds (story_form.js), and the form offers it back after a crash, a closed tab or
a lost connection."""

from django.db import transaction
from django.http import JsonResponse

from .dates import when
from .models import AUTOSAVED_FIELDS, Autosave

MAX_BYTES = 2_000_000  # a body far longer than any story


def store(request, article):
    """Keep the posted boxes for this user and story; answer in JSON for the script."""
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    if size > MAX_BYTES:
        return JsonResponse({"error": "Too long to autosave; save the story instead."}, status=413)
    fields = {
        name: request.POST[name][:MAX_BYTES]
        for name in AUTOSAVED_FIELDS
        if isinstance(request.POST.get(name), str)
    }
    if not fields:
        return JsonResponse({"error": "Nothing to autosave."}, status=400)
    with transaction.atomic():
        row, _ = Autosave.objects.select_for_update().get_or_create(
            user=request.user, article=article
        )
        row.fields = fields
        row.save()
    return JsonResponse({"saved_at": when(row.saved_at, seconds=True)})


def waiting(user, article):
    """This user's unsaved work on the story, if newer than the story's last save."""
    row = Autosave.objects.filter(user=user, article=article).first()
    if row is None:
        return None
    if article is not None and article.updated_at and row.saved_at <= article.updated_at:
        row.delete()  # saved since (from another tab, say): nothing is lost
        return None
    return row


def forget(user, article):
    Autosave.objects.filter(user=user, article=article).delete()
