"""export_content and import_content: nothing lost on the way round, nothing trusted blindly."""

import hashlib
import io
import json
import re
import shutil
import tarfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from articles.around import fill as fill_stored
from articles.models import Article, Author, OldSlug, Section, StatusChange, StoryNote
from backups.archive import MODELS, media_names
from tests.factories import ArticleFactory, AuthorFactory, uploaded_image
from tests.helpers import text
from tests.test_admin import ADD_URL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_content_types():
    """flush makes content types anew; the rollback brings back the old ids, so the
    process-wide cache must not keep the new ones for the tests that follow."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def site(admin_client, post_data):
    """Demo stories, one written and edited in the desk, a byline with a photo, an old address."""
    call_command("seed_demo", verbosity=0)
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    story = Article.objects.get(slug=post_data["slug"])
    story.slug = "tom-cruise-leaps"
    story.save()  # published, so the old address is kept
    photo = Author.objects.get(slug="maya-okafor")
    photo.photo = uploaded_image("maya.png", size=(40, 40), fmt="PNG")
    photo.save()
    assert OldSlug.objects.exists() and StatusChange.objects.exists()
    assert Version.objects.filter(revision__user__username="admin").exists()
    # What the saves' tasks store once they commit (tests never commit).
    fill_stored(only_missing=False)
    return story


def rows():
    """Every restorable row, accounts and content types by name, as Django serialises them."""
    return {
        model._meta.label: serializers.serialize(
            "python", model.objects.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in MODELS
    }


def media():
    root = settings.MEDIA_ROOT
    return {name: (root / name).read_bytes() for name in media_names()}


def pages(client):
    story = Article.objects.get(slug="tom-cruise-leaps")
    urls = [
        "/",
        story.get_absolute_url(),
        "/movies/",
        "/tag/tom-cruise/",
        "/author/maya-okafor/",
        "/search/?q=cruise",
    ]
    # The CSP nonce differs on every response, by design.
    return {url: re.sub(r'nonce="[^"]*"', "", text(client.get(url))) for url in urls}


def empty_the_site():
    """What a fresh database would be. The test's transaction has rows inserted earlier,
    whose foreign-key checks PostgreSQL defers to the commit and will not TRUNCATE past."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_site_survives_export_flush_import_unchanged(site, client, tmp_path):
    before_rows, before_media, before_pages = rows(), media(), pages(client)
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("export_content", str(archive), stdout=out, stderr=io.StringIO())

    empty_the_site()
    assert not Article.objects.exists() and not Section.objects.exists()
    call_command("import_content", str(archive), stdout=out, stderr=io.StringIO())

    assert rows() == before_rows
    assert media() == before_media
    assert pages(client) == before_pages
    story = Article.objects.get(slug="tom-cruise-leaps")
    assert sorted(story.tags.names()) == ["Mission: Impossible", "Stunts", "Tom Cruise"]
    assert story.created_by.username == "admin" and story.updated_by.username == "admin"
    assert client.get("/movies/tom-cruise-skydive-featurette/").status_code == 301
    assert "Wrote" in out.getvalue() and "Restored 35 stories" in out.getvalue()


def comparable(rows):
    """``rows()`` with each stored revision's data read, rather than as text."""
    for version in rows["reversion.Version"]:
        version["fields"]["serialized_data"] = json.loads(version["fields"]["serialized_data"])
    return rows


def as_version_2(files):
    """An archive as the site wrote it before the picture library was an app of its own."""
    rows = json.loads(files["data.json"])
    for row in rows:
        if row["model"] == "library.image":
            row["model"] = "articles.image"
        if row["model"] == "reversion.version" and row["fields"]["content_type"][0] == "library":
            row["fields"]["content_type"] = ["articles", "image"]
            stored = json.loads(row["fields"]["serialized_data"])
            stored[0]["model"] = "articles.image"
            row["fields"]["serialized_data"] = json.dumps(stored)
    data = json.dumps(rows).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["version"] = 2
    manifest["counts"]["articles.image"] = manifest["counts"].pop("library.image")
    manifest["files"]["data.json"] = hashlib.sha256(data).hexdigest()
    return {**files, "data.json": data, "manifest.json": json.dumps(manifest).encode()}


def test_an_archive_from_before_the_library_app_restores_with_its_pictures_and_history(
    site, client, tmp_path
):
    before_rows, before_pages = rows(), pages(client)
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)
    old = write(tmp_path / "old.tar.gz", as_version_2(members(archive)))
    assert b'"articles.image"' in members(old)["data.json"]

    empty_the_site()
    call_command("import_content", str(old), verbosity=0)

    # The stored revisions of pictures were rewritten to name the new app: the same
    # values, if not the same characters.
    assert comparable(rows()) == comparable(before_rows)
    assert pages(client) == before_pages
    pictures = Version.objects.filter(content_type__app_label="library")
    assert pictures.exists() and all(version.field_dict["alt"] for version in pictures)


def without_notes_as_version_3(files):
    """An archive as the site wrote it before notes to readers existed."""
    rows = [row for row in json.loads(files["data.json"]) if row["model"] != "articles.storynote"]
    for row in rows:
        if row["model"] == "articles.article":
            row["fields"].pop("revised_at")
    data = json.dumps(rows).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["version"] = 3
    del manifest["counts"]["articles.storynote"]
    manifest["files"]["data.json"] = hashlib.sha256(data).hexdigest()
    return {**files, "data.json": data, "manifest.json": json.dumps(manifest).encode()}


def test_an_archive_from_before_notes_to_readers_restores(site, client, tmp_path):
    assert StoryNote.objects.exists()  # the demo's correction, in today's archives
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)
    old = write(tmp_path / "old.tar.gz", without_notes_as_version_3(members(archive)))

    empty_the_site()
    call_command("import_content", str(old), verbosity=0)

    assert Article.objects.count() == 35 and not StoryNote.objects.exists()
    assert client.get("/corrections/").status_code == 200


def test_the_archive_names_its_format_counts_and_checksums(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())

    assert manifest["format"] == "newsroom-content" and manifest["version"] == 8
    assert manifest["counts"]["library.image"] == 38  # stories', live stories' and hubs'
    assert manifest["counts"]["articles.page"] == 2
    assert manifest["counts"]["articles.article"] == 35
    assert manifest["counts"]["articles.liveentry"] >= 30  # the demo's live stories
    assert manifest["counts"]["articles.section"] == 5
    assert manifest["counts"]["reversion.version"] >= 1
    assert manifest["accounts"] == ["admin"]
    assert names == {"manifest.json", *manifest["files"]}
    assert len(manifest["files"]) == 1 + 38 + 1  # the data, the library images, one photo
    assert all(len(digest) == 64 for digest in manifest["files"].values())


def test_restored_rows_get_new_numbers_after_the_old_ones(site, admin_client, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)
    highest = Article.objects.order_by("-pk").first().pk
    empty_the_site()
    call_command("import_content", str(archive), verbosity=0)

    added = Article.objects.create(
        headline="After the restore", standfirst="New.", section=Section.objects.first()
    )

    assert added.pk > highest


def test_accounts_unknown_to_the_new_site_come_back_disabled(site, tmp_path, django_user_model):
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)
    empty_the_site()
    call_command("import_content", str(archive), verbosity=0)

    admin = django_user_model.objects.get(username="admin")
    assert not admin.is_active and not admin.has_usable_password()


def test_a_site_with_stories_is_refused(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("export_content", str(archive), verbosity=0)
    before = rows()

    with pytest.raises(CommandError, match="already has stories"):
        call_command("import_content", str(archive), verbosity=0)

    assert rows() == before


# Refusals: each archive below is made from a good one, then spoiled.


def members(archive):
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def write(path, files, links=()):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return path


def with_manifest(files, **changes):
    manifest = json.loads(files["manifest.json"])
    manifest.update(changes)
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def truncated(good, path):
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_gzip(good, path):
    path.write_text("hello")
    return path


def damaged(good, path):
    data = bytearray(good.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def tampered(good, path):
    files = members(good)
    files["data.json"] = files["data.json"].replace(b"Stunts", b"Stuntz")
    return write(path, files)


def extra_file(good, path):
    files = members(good)
    files["media/articles/extra.jpg"] = b"not in the manifest"
    return write(path, files)


def missing_file(good, path):
    files = members(good)
    del files[next(name for name in files if name.startswith("media/"))]
    return write(path, files)


SPOILED = {
    "truncated": (truncated, "damaged or cut short"),
    "damaged": (damaged, "damaged or cut short"),
    "not-gzip": (not_gzip, "damaged or cut short"),
    "no-manifest": (
        lambda good, path: write(path, {"data.json": members(good)["data.json"]}),
        "no manifest.json",
    ),
    "foreign": (
        lambda good, path: write(path, {"manifest.json": b'{"format": "wordpress"}'}),
        "unreadable|not a Newsroom",
    ),
    "other-tool": (
        lambda good, path: write(path, {"notes.txt": b"hello"}),
        "no Newsroom export contains",
    ),
    "wrong-version": (
        lambda good, path: write(path, with_manifest(members(good), version=1)),
        "format version 1",
    ),
    "bad-checksum": (tampered, "does not match its checksum"),
    "file-not-in-manifest": (extra_file, "do not match its manifest"),
    "file-missing": (missing_file, "do not match its manifest"),
    "dot-dot": (
        lambda good, path: write(path, {**members(good), "../x": b"escape"}),
        "no Newsroom export contains",
    ),
    "dot-dot-in-media": (
        lambda good, path: write(path, {**members(good), "media/../../x": b"escape"}),
        "no Newsroom export contains",
    ),
    "absolute": (
        lambda good, path: write(path, {**members(good), "/etc/x": b"escape"}),
        "no Newsroom export contains",
    ),
    "symlink": (
        lambda good, path: write(path, members(good), links=[("media/link.jpg", "/etc/passwd")]),
        "no Newsroom export contains",
    ),
    "counts-disagree": (
        lambda good, path: write(
            path, with_manifest(members(good), counts={"articles.article": 99})
        ),
        "differ from the manifest",
    ),
}


@pytest.fixture
def small_site():
    """Enough of everything to make a real archive, quickly."""
    byline = AuthorFactory(photo=uploaded_image("byline.png", size=(20, 20), fmt="PNG"))
    ArticleFactory(published=True, with_image=True, authors=[byline], tags=["Stunts"])


@pytest.mark.parametrize(("spoil", "message"), SPOILED.values(), ids=SPOILED.keys())
def test_a_spoiled_archive_is_refused_and_the_site_stays_as_it_was(
    small_site, tmp_path, spoil, message
):
    good = tmp_path / "good.tar.gz"
    call_command("export_content", str(good), verbosity=0)
    empty_the_site()
    bad = spoil(good, tmp_path / "bad.tar.gz")

    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(bad), verbosity=0)

    assert not any(model.objects.exists() for model in MODELS)
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))
    assert not (tmp_path / "x").exists()


def test_a_missing_archive_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_content", str(tmp_path / "nope.tar.gz"), verbosity=0)
