"""Renditions follow the library's images: made after a save commits, removed after a delete.

The work itself is done by the tasks in ``tasks.py``, never on a reader's request.
Saves made by loading rows back (a backup restore, a revision reverted) send
``raw`` signals and are left alone here, as they always were.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Image
from .renditions import social_name
from .tasks import build_renditions, forget_renditions


@receiver(pre_save, sender=Image, dispatch_uid="library-read-stored-file")
def read_stored_file(sender, instance, raw=False, **kwargs):
    """Note the file and focal point the row has before this save replaces them."""
    instance.stored_file = None
    if not raw and instance.pk:
        instance.stored_file = (
            Image.objects.filter(pk=instance.pk).values("file", "focal_x", "focal_y").first()
        )


@receiver(post_save, sender=Image, dispatch_uid="library-schedule-renditions")
def schedule_renditions(sender, instance, raw=False, **kwargs):
    """Renditions are made by a task once the save commits.

    A replaced file's renditions go; its original stays, because revisions may
    still point at it, and restoring one makes its renditions again.
    """
    if raw:
        return
    name = instance.file.name or ""
    old = (getattr(instance, "stored_file", None) or {}).get("file") or ""
    if old and old != name:
        transaction.on_commit(partial(forget_renditions.enqueue, old))
    made = instance.renditions or {}
    wanted = social_name(name, instance.focal_x, instance.focal_y)
    # A changed name always builds: a restored revision brings back the record of
    # renditions that were removed when the file was replaced.
    if name and (name != old or made.get("source") != name or made.get("social") != wanted):
        transaction.on_commit(partial(build_renditions.enqueue, instance.pk))


@receiver(post_delete, sender=Image, dispatch_uid="library-forget-renditions")
def forget_deleted_renditions(sender, instance, **kwargs):
    """A deleted image's renditions go; its original stays for the revisions that name it."""
    if instance.file:
        transaction.on_commit(partial(forget_renditions.enqueue, instance.file.name))
