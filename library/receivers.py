"""Renditions follow the library's images: made after a save commits, removed after a delete.

The work itself is done by the tasks in ``tasks.py``, never on a reader's request.
Saves made by loading rows back (a backup restore, a revision reverted) send
``raw`` signals: they never write back the record of renditions (revisions do not
keep it), and only a file whose renditions are missing gets them made.

A new upload's save records an interim rendition first (``renditions.make_interim``):
a record of the file that names none of ``wanted_crops``, so it is never complete.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Image
from .renditions import wanted_crops
from .tasks import build_renditions, forget_renditions


@receiver(pre_save, sender=Image, dispatch_uid="library-read-stored-file")
def read_stored_file(sender, instance, raw=False, **kwargs):
    """Note the file and focal point the row has before this save replaces them."""
    instance.stored_file = None
    if not instance.pk:
        return
    stored = Image.objects.filter(pk=instance.pk).values("file", "focal_x", "focal_y", "renditions")
    instance.stored_file = stored.first()
    if raw and instance.stored_file:
        # A revision restored: the renditions already made stay recorded, whatever
        # the image looked like when the revision was kept.
        instance.renditions = instance.stored_file["renditions"] or {}


@receiver(post_save, sender=Image, dispatch_uid="library-schedule-renditions")
def schedule_renditions(sender, instance, raw=False, **kwargs):
    """Renditions are made by a task once the save commits.

    A replaced file's renditions go; its original stays, because revisions may
    still point at it, and restoring one makes its renditions again. A row loaded
    back from a backup brings its record of renditions with it: they are made
    again only if it does not describe the file.
    """
    name = instance.file.name or ""
    old = (getattr(instance, "stored_file", None) or {}).get("file") or ""
    if old and old != name:
        transaction.on_commit(partial(forget_renditions.enqueue, old))
    made = instance.renditions or {}
    wanted = wanted_crops(name, instance.focal_x, instance.focal_y)
    complete = made.get("source") == name and all(made.get(k) == v for k, v in wanted.items())
    # A changed name always builds: a restored older file's renditions were removed
    # when it was replaced.
    if name and (name != old or not complete):
        transaction.on_commit(partial(build_renditions.enqueue, instance.pk))


@receiver(post_delete, sender=Image, dispatch_uid="library-forget-renditions")
def forget_deleted_renditions(sender, instance, **kwargs):
    """A deleted image's renditions go; its original stays for the revisions that name it."""
    if instance.file:
        transaction.on_commit(partial(forget_renditions.enqueue, instance.file.name))
