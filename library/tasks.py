"""Work done after a save, off the reader's request path, through Django's tasks framework.

The default backend runs a task at once, in the process that enqueued it, so
``make run`` needs nothing else started; a queue backend moves the same tasks
to a worker without a change here. Arguments are JSON: ids and file names.
"""

from django.tasks import task

from .models import Image
from .renditions import delete_renditions, make_renditions
from .signals import renditions_made


@task
def build_renditions(image_id):
    """Make the missing renditions of a library image and record them on it."""
    row = Image.objects.filter(pk=image_id).values("file", "focal_x", "focal_y").first()
    if not row or not row["file"]:
        return None
    made = make_renditions(row["file"], row["focal_x"], row["focal_y"])
    # update(), not save(): no new revision, no second task; and only if the image
    # still has this file and focal point.
    if Image.objects.filter(pk=image_id, **row).update(renditions=made):
        # Cached pages still point at the full-size original.
        renditions_made.send(sender=Image, images=[image_id])
    return made


@task
def forget_renditions(source):
    """Remove the renditions of a file once no library image has it any more."""
    if Image.objects.filter(file=source).exists():
        return False
    delete_renditions(source)
    return True
