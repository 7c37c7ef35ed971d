"""Content backups: every story and what it needs, in one checked archive.

An archive is a gzipped tar holding ``data.json`` (the rows, in Django's own
serialisation, with accounts named by username and content types by name),
``media/…`` (the pictures the rows use) and ``manifest.json`` (format version,
row counts and the SHA-256 of every other member). ``import_content`` trusts
nothing in it until every member has been checked against the manifest.
"""

import datetime
import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from io import BytesIO
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.around import fill as fill_stored
from articles.models import (
    Article,
    Author,
    Credit,
    Entity,
    LiveEntry,
    OldSlug,
    OldTag,
    Page,
    ReleaseDate,
    Section,
    StatusChange,
    StoryNote,
)
from articles.shown import store as store_labels
from articles.signals import content_changed
from library.models import Image

FORMAT = "newsroom-content"
# 2: pictures are library images (articles.image rows); 3: the library is its own
# app (library.image rows); 4: notes to readers (articles.storynote rows); 5: people,
# films and shows (articles.entity, releasedate, credit rows; stories' about and
# mentions); 6: the addresses of merged tags (articles.oldtag); 7: live stories'
# entries (articles.liveentry). Older archives are read too, their labels moved and
# the newer models counted empty.
VERSION = 8
READABLE = {2, 3, 4, 5, 6, 7, 8}
# The models an archive of each version cannot hold yet: {version: [labels]}.
_ENTITIES = ["articles.entity", "articles.releasedate", "articles.credit", "articles.oldtag"]
_LIVE = ["articles.liveentry"]
_PAGES = ["articles.page"]
ADDED_SINCE = {
    2: ["articles.storynote", *_ENTITIES, *_LIVE, *_PAGES],
    3: ["articles.storynote", *_ENTITIES, *_LIVE, *_PAGES],
    4: [*_ENTITIES, *_LIVE, *_PAGES],
    5: ["articles.oldtag", *_LIVE, *_PAGES],
    6: [*_LIVE, *_PAGES],
    7: _PAGES,
}
# Model labels that changed since an archive version: {version: {old: new}}.
MOVED_LABELS = {2: {"articles.image": "library.image"}}

# In the order they are loaded back: everything a row points to comes before it.
MODELS = [
    Section,
    Page,
    Author,
    Tag,
    Image,
    Entity,
    ReleaseDate,
    Credit,
    OldTag,
    Article,
    StoryNote,
    LiveEntry,
    TaggedItem,
    OldSlug,
    StatusChange,
    Revision,
    Version,
]

# Who wrote, edited, moved or revised something, found through these fields.
ACCOUNT_FIELDS = [
    (Author, "user"),
    (Image, "uploaded_by"),
    (Article, "created_by"),
    (Article, "updated_by"),
    (StatusChange, "changed_by"),
    (StoryNote, "created_by"),
    (StoryNote, "published_by"),
    (StoryNote, "withdrawn_by"),
    (LiveEntry, "created_by"),
    (LiveEntry, "updated_by"),
    (Revision, "user"),
]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a restore should not move them."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ArchiveError(Exception):
    """The archive cannot be trusted or cannot be restored; the message says why."""


def label(model):
    return model._meta.label_lower


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _querysets():
    article_type = "articles", "article"
    return {
        Section: Section.objects.order_by("pk"),
        Page: Page.objects.order_by("pk"),
        Author: Author.objects.order_by("pk"),
        Tag: Tag.objects.order_by("pk"),
        Image: Image.objects.order_by("pk"),
        # Franchises first: a film names the franchise it belongs to.
        Entity: Entity.objects.order_by(F("franchise").asc(nulls_first=True), "pk"),
        ReleaseDate: ReleaseDate.objects.order_by("pk"),
        Credit: Credit.objects.order_by("pk"),
        OldTag: OldTag.objects.order_by("pk"),
        Article: Article.objects.order_by("pk"),
        StoryNote: StoryNote.objects.order_by("pk"),
        LiveEntry: LiveEntry.objects.order_by("pk"),
        TaggedItem: TaggedItem.objects.filter(
            content_type__app_label=article_type[0], content_type__model=article_type[1]
        ).order_by("pk"),
        OldSlug: OldSlug.objects.order_by("pk"),
        StatusChange: StatusChange.objects.order_by("pk"),
        Revision: Revision.objects.order_by("pk"),
        Version: Version.objects.order_by("pk"),
    }


def media_names():
    """The uploaded files the rows use, each once."""
    names = set(Image.objects.exclude(file="").values_list("file", flat=True))
    names |= set(Author.objects.exclude(photo="").values_list("photo", flat=True))
    return sorted(names)


def account_names():
    names = set()
    for model, field in ACCOUNT_FIELDS:
        names |= set(
            model.objects.exclude(**{f"{field}__isnull": True}).values_list(
                f"{field}__username", flat=True
            )
        )
    return sorted(names)


def _add(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    archive.addfile(info, BytesIO(data))


def export(path, progress=True):
    """Write the archive to ``path`` (through a temporary name, so never half of one)."""
    querysets = _querysets()
    data = serializers.serialize(
        "json",
        [row for queryset in querysets.values() for row in queryset.iterator()],
        use_natural_foreign_keys=True,
        cls=ExactJSONEncoder,
        indent=1,
    ).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "counts": {label(model): queryset.count() for model, queryset in querysets.items()},
        "accounts": account_names(),
        "files": {"data.json": sha256(data)},
        "missing_media": [],
    }
    partial = f"{path}.part"
    names = media_names()
    with tarfile.open(partial, "w:gz") as archive:
        _add(archive, "data.json", data)
        for name in tqdm(names, desc="media", unit=" files", disable=not progress or None):
            try:
                with default_storage.open(name, "rb") as source:
                    content = source.read()
            except FileNotFoundError:
                manifest["missing_media"].append(name)
                continue
            member = f"media/{name}"
            manifest["files"][member] = sha256(content)
            _add(archive, member, content)
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    os.replace(partial, path)
    return manifest


def _safe_member(member):
    """A member name that can only land inside media/, for a plain file."""
    name = member.name
    parts = PurePosixPath(name).parts
    if (
        not member.isfile()
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in {"..", "."} for part in parts)
        or not (name in {"manifest.json", "data.json"} or (parts[0] == "media" and len(parts) > 1))
    ):
        raise ArchiveError(
            f"The archive holds “{name}”, which no Newsroom export contains "
            "(a link, an absolute path or a path leaving its folder); nothing was restored."
        )
    return name


def read(path, workdir):
    """Check an archive and unpack its media into ``workdir``; return (manifest, data).

    Every member is read and hashed before anything touches the site.
    """
    hashes, data, manifest_bytes = {}, None, None
    try:
        # tarfile stops quietly at a spoiled header, as if the archive ended there;
        # reading the whole gzip stream first checks its length and CRC.
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                name = _safe_member(member)
                if name in hashes:
                    raise ArchiveError(f"The archive holds “{name}” twice; nothing was restored.")
                content = archive.extractfile(member).read()
                if name == "manifest.json":
                    manifest_bytes = content
                    continue
                hashes[name] = sha256(content)
                if name == "data.json":
                    data = content
                else:
                    target = os.path.join(workdir, name)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with open(target, "wb") as out:
                        out.write(content)
    except FileNotFoundError:
        raise ArchiveError(f"There is no file at {path}.") from None
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
        raise ArchiveError(
            f"The archive is damaged or cut short ({error}); nothing was restored."
        ) from None

    if manifest_bytes is None:
        raise ArchiveError("The archive has no manifest.json: it is not a Newsroom export.")
    try:
        manifest = json.loads(manifest_bytes)
        known = manifest.get("format") == FORMAT
        version = manifest.get("version")
        files = dict(manifest["files"])
        counts = dict(manifest["counts"])
        accounts = list(manifest["accounts"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveError(
            "The archive's manifest.json is unreadable; nothing was restored."
        ) from None
    if not known:
        raise ArchiveError("The archive is not a Newsroom content export.")
    if version not in READABLE:
        readable = " and ".join(str(number) for number in sorted(READABLE))
        raise ArchiveError(
            f"The archive is format version {version!r}; this site reads versions {readable}."
        )
    if set(files) != set(hashes):
        raise ArchiveError(
            "The archive's files do not match its manifest "
            f"(missing: {sorted(set(files) - set(hashes)) or 'none'}, "
            f"unexpected: {sorted(set(hashes) - set(files)) or 'none'}); nothing was restored."
        )
    for name, digest in hashes.items():
        if files[name] != digest:
            raise ArchiveError(
                f"“{name}” does not match its checksum: the archive was altered or damaged; "
                "nothing was restored."
            )
    manifest = {"counts": counts, "accounts": accounts, "files": files}
    return _upgrade(version, manifest, data)


def _upgrade(version, manifest, data):
    """An older archive's manifest and data with today's model labels (once checked)."""
    for name in ADDED_SINCE.get(version, []):
        manifest["counts"].setdefault(name, 0)
    moved = MOVED_LABELS.get(version)
    if not moved:
        return manifest, data
    manifest["counts"] = {moved.get(name, name): n for name, n in manifest["counts"].items()}
    try:
        rows = json.loads(data)
        for row in rows:
            row["model"] = moved.get(row["model"], row["model"])
            if row["model"] == "reversion.version":
                _upgrade_version_row(row["fields"], moved)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveError("The archive's data.json is unreadable; nothing was restored.") from None
    return manifest, json.dumps(rows).encode()


def _upgrade_version_row(fields, moved):
    """A stored revision of a moved model names its new content type and label."""
    app_label, model = fields["content_type"]
    new = moved.get(f"{app_label}.{model}")
    if new is None:
        return
    fields["content_type"] = new.split(".")
    stored = json.loads(fields["serialized_data"])
    for item in stored:
        item["model"] = moved.get(item["model"], item["model"])
    fields["serialized_data"] = json.dumps(stored)


def site_is_empty():
    """No stories, bylines, tags, people, films or revisions yet (the migration's sections
    do not count)."""
    kept = (Article, Image, Author, Tag, Entity, Revision)
    return not any(model.objects.exists() for model in kept)


def restore(path, progress=True):
    """Restore an archive into an empty site, all or nothing; return the manifest."""
    workdir = tempfile.mkdtemp(prefix="newsroom-import-")
    written = []
    try:
        manifest, data = read(path, workdir)
        # Content types are looked up by name; a flush since the last lookup renumbers them.
        ContentType.objects.clear_cache()
        with transaction.atomic():
            if not site_is_empty():
                raise ArchiveError(
                    "This site already has stories, bylines, tags, people, films or revisions. "
                    "Restore into an empty site (a fresh database, migrated) so that "
                    "nothing is overwritten or mixed up."
                )
            # The sections a fresh site starts with give way to the archive's own.
            Section.objects.all().delete()
            _ensure_accounts(manifest["accounts"])
            try:
                for row in serializers.deserialize("json", data):
                    row.save()
            except serializers.base.DeserializationError as error:
                raise ArchiveError(f"The archive's data cannot be loaded: {error}") from None
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                    cursor.execute(statement)
            counts = {label(model): model.objects.count() for model in MODELS}
            if counts != manifest["counts"]:
                raise ArchiveError(
                    f"The restored rows ({counts}) differ from the manifest's "
                    f"({manifest['counts']}); nothing was restored."
                )
            # Loading a story's bylines stored its labels before its tags were loaded;
            # and an archive of an older format has none of what stories store.
            store_labels(Article.objects.values_list("pk", flat=True))
            fill_stored()
            media = sorted(name for name in manifest["files"] if name.startswith("media/"))
            for member in tqdm(media, desc="media", unit=" files", disable=not progress or None):
                written += _put(member.removeprefix("media/"), os.path.join(workdir, member))
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # Content type ids are written into compiled queries and cached pages: they may be new.
    ContentType.objects.clear_cache()
    content_changed.send(sender=Article)
    return manifest


def _ensure_accounts(usernames):
    """Accounts named in the archive but unknown here come back disabled, without a password.

    They keep "created by" and the revision history right; an administrator decides
    whether to let them sign in again.
    """
    User = get_user_model()
    known = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    for username in sorted(set(usernames) - known):
        user = User(username=username, is_active=False)
        user.set_unusable_password()
        user.save()


def _put(name, source):
    """Store one file under its own name; returns the names written (none if already there)."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing, open(source, "rb") as new:
            if existing.read() == new.read():
                return []
        # An empty site has no row using it: a leftover from before, replaced.
        default_storage.delete(name)
    with open(source, "rb") as content:
        stored = default_storage.save(name, File(content, name=name))
    if stored != name:
        default_storage.delete(stored)
        raise ArchiveError(f"The file “{name}” could not be stored under its own name.")
    return [name]
