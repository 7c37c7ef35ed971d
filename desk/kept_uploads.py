"""A picture chosen on a story form that was refused is kept, so the editor need not
choose it again.

The file goes to the site's storage under ``kept/<user id>/``; the form carries a
signed token naming it, good for a day and only for the editor who chose it. The
story's save takes the file from there (it is then checked and cleaned as any
upload) and removes it. Files left behind by forms never sent again are removed
the next time the same editor has a picture kept, once they are a day old.
"""

import os
import secrets
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "kept"
GOOD_FOR = timedelta(days=1)
SALT = "newsroom.desk.kept-upload"


def keep(upload, user):
    """Store ``upload`` for ``user``; return the token the form sends back."""
    folder = f"{FOLDER}/{user.pk}"
    _forget_old(folder)
    upload.seek(0)
    name = default_storage.save(
        f"{folder}/{secrets.token_hex(8)}/{os.path.basename(upload.name)}", upload
    )
    upload.seek(0)
    return signing.dumps({"name": name, "user": user.pk}, salt=SALT, compress=True)


def kept(token, user):
    """The stored name a token names, if it is this user's, a day old at most and there."""
    if not token:
        return None
    try:
        found = signing.loads(token, salt=SALT, max_age=GOOD_FOR)
    except signing.BadSignature:
        return None
    name = found.get("name", "")
    if found.get("user") != user.pk or not name.startswith(f"{FOLDER}/{user.pk}/"):
        return None
    return name if default_storage.exists(name) else None


def open_kept(name):
    """The kept file's bytes, under the name the editor's upload had (20 MB at most)."""
    with default_storage.open(name) as file:
        return ContentFile(file.read(), name=os.path.basename(name))


def forget(name):
    if name and default_storage.exists(name):
        default_storage.delete(name)


def _forget_old(folder):
    """Remove this editor's kept files more than a day old."""
    cutoff = timezone.now() - GOOD_FOR
    try:
        holders, _ = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for holder in holders:
        _, files = default_storage.listdir(f"{folder}/{holder}")
        for file in files:
            name = f"{folder}/{holder}/{file}"
            try:
                if default_storage.get_modified_time(name) < cutoff:
                    default_storage.delete(name)
            except (FileNotFoundError, NotImplementedError):
                continue
