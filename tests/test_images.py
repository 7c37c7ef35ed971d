"""Uploads: only real pictures get in, and what is stored carries no metadata."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from library import uploads
from library.models import Image as LibraryImage
from library.renditions import interim_name
from tests.factories import AuthorFactory, image_bytes, uploaded_image
from tests.test_admin import ADD_URL, form_errors

pytestmark = pytest.mark.django_db


def png_claiming(width, height):
    """A tiny PNG whose header says it is ``width`` x ``height``: a decompression bomb's shape."""
    data = image_bytes(size=(1, 1), fmt="PNG")
    header = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + header
    return (
        data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


HOSTILE = {
    "a truncated JPEG": (
        upload("cut.jpg", image_bytes(size=(400, 300))[:1500], "image/jpeg"),
        "",
    ),
    "a 20000 x 20000 picture": (upload("huge.png", png_claiming(20000, 20000), "image/png"), ""),
    "an SVG with a script": (
        upload(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        "",
    ),
    "a text file": (upload("notes.jpg", b"just some words, not a picture\n", "text/plain"), ""),
    "an HTML page named .png": (
        upload("page.png", b"<html><body onload=alert(1)>hi</body></html>", "image/png"),
        "",
    ),
    "an empty file": (upload("empty.jpg", b"", "image/jpeg"), ""),
    "a TIFF": (upload("scan.tiff", image_bytes(fmt="TIFF"), "image/tiff"), ""),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_the_admin_refuses_files_that_are_not_allowed_pictures(
    admin_client, post_data, settings, case
):
    bad_file, expected = HOSTILE[case]
    post_data["hero_image"] = bad_file

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 200  # the form again, with the editor's text kept
    errors = form_errors(response)
    assert "hero_image" in errors, errors
    assert expected in " ".join(errors["hero_image"])
    assert post_data["headline"] in response.content.decode()
    assert not Article.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_over_the_size_limit_is_refused_with_the_limit(admin_client, post_data, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 1024)
    post_data["hero_image"] = uploaded_image("big.jpg", size=(800, 600))

    response = admin_client.post(ADD_URL, post_data)

    errors = " ".join(form_errors(response)["hero_image"])
    assert "pictures can be up to" in errors
    assert not Article.objects.exists()


@pytest.mark.parametrize("fmt, name", [("JPEG", "a.jpeg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_allowed_formats_are_accepted(admin_client, post_data, fmt, name):
    post_data["hero_image"] = SimpleUploadedFile(name, image_bytes(fmt=fmt))

    response = admin_client.post(ADD_URL, post_data)

    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get().hero.file.name.endswith(name.rsplit(".", 1)[1])


def phone_photo():
    """A JPEG as a phone writes it: stored sideways, EXIF orientation 6, GPS and camera tags."""
    picture = Image.new("RGB", (60, 40), (30, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, comment=b"edited on my phone")
    return buffer.getvalue()


def test_a_phone_photo_is_turned_upright_and_stripped_of_metadata(admin_client, post_data):
    original = Image.open(io.BytesIO(phone_photo()))
    assert original.getexif()[0x0112] == 6 and original.getexif().get_ifd(0x8825)

    post_data["hero_image"] = SimpleUploadedFile("IMG_0001.jpg", phone_photo(), "image/jpeg")
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302, form_errors(response)

    article = Article.objects.get()
    with article.hero.file.open("rb") as stored, Image.open(stored) as served:
        assert served.size == (40, 60)  # upright: portrait, as the phone showed it
        assert (article.hero.width, article.hero.height) == (40, 60)
        assert not served.getexif()  # no orientation, camera or GPS
        assert "exif" not in served.info and "comment" not in served.info
        assert not any(key.startswith("xmp") for key in served.info)


def camera_photo(**options):
    """An upright JPEG as an agency sends it: EXIF with GPS, XMP, a comment, a colour
    profile, and a maker's bytes after the end of the picture."""
    from PIL import ImageCms

    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    picture = Image.radial_gradient("L").convert("RGB").resize((96, 64))
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    picture.save(
        buffer,
        "JPEG",
        exif=exif,
        icc_profile=profile,
        comment=b"shot from the hotel roof",
        xmp=b"<x:xmpmeta>Creator: a real name</x:xmpmeta>",
        **options,
    )
    return buffer.getvalue() + b"MAKER-TRAILER", profile


@pytest.mark.parametrize("options", [{}, {"progressive": True, "restart_marker_rows": 1}])
def test_an_upright_jpeg_keeps_its_picture_byte_for_byte_and_loses_its_metadata(options):
    data, profile = camera_photo(**options)
    sent = Image.open(io.BytesIO(data))
    assert sent.getexif() and "comment" in sent.info and "xmp" in sent.info

    image = LibraryImage(file=upload("red-carpet.jpg", data, "image/jpeg"), alt="A red carpet")
    image.save()

    with image.file.open("rb") as stored:
        kept = stored.read()
    served = Image.open(io.BytesIO(kept))
    assert served.tobytes() == sent.tobytes()  # not re-encoded: the same pixels
    assert (image.width, image.height) == (96, 64)
    assert not served.getexif() and "comment" not in served.info
    assert not any(key.startswith("xmp") for key in served.info)
    assert served.info["icc_profile"] == profile  # colour is not metadata
    for secret in (b"CameraMaker", b"hotel roof", b"a real name", b"MAKER-TRAILER"):
        assert secret not in kept


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone's real name")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10)).save(buffer, "PNG", pnginfo=info)

    author = AuthorFactory(photo=SimpleUploadedFile("me.png", buffer.getvalue()))

    with author.photo.open("rb") as stored, Image.open(stored) as served:
        assert served.size == (20, 10)
        assert "Author" not in served.info


def test_the_shell_cannot_slip_a_bad_file_past_the_checks():
    """Saving from a script goes through the same check as the admin form."""
    from django.core.exceptions import ValidationError

    image = LibraryImage(file=upload("evil.jpg", b"<script>alert(1)</script>"), alt="Nothing")
    with pytest.raises(ValidationError):
        image.save()
    assert not LibraryImage.objects.exists()


def test_saving_again_does_not_rewrite_a_stored_picture(admin_client, post_data, settings):
    admin_client.post(ADD_URL, post_data)
    article = Article.objects.get()
    name = article.hero.file.name

    article.headline = "A new headline"
    article.save()

    assert Article.objects.get().hero.file.name == name
    # The original and the interim rendition its first save made, no more.
    stored = [p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*")]
    files = sorted(str(p) for p in stored if (settings.MEDIA_ROOT / p).is_file())
    assert files == sorted([name, interim_name(name)])


def test_an_animated_gif_keeps_its_frames_but_not_its_comment():
    frames = [Image.new("RGB", (16, 16), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], comment=b"secret")

    author = AuthorFactory(photo=SimpleUploadedFile("loop.gif", buffer.getvalue()))

    with author.photo.open("rb") as stored, Image.open(stored) as served:
        assert served.n_frames == 3
        assert "comment" not in served.info


def test_a_webp_loses_its_exif_and_xmp():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (9, 9, 9)).save(
        buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>where I was</x:xmpmeta>"
    )
    assert "exif" in Image.open(io.BytesIO(buffer.getvalue())).info

    author = AuthorFactory(photo=SimpleUploadedFile("me.webp", buffer.getvalue()))

    with author.photo.open("rb") as stored, Image.open(stored) as served:
        assert "exif" not in served.info and "xmp" not in served.info


def test_a_png_named_jpg_is_taken_and_stored_as_png():
    image = LibraryImage(
        alt="A still.", file=upload("still.jpg", image_bytes(fmt="PNG"), "image/jpeg")
    )
    image.full_clean(exclude=["uploaded_by"])
    image.save()
    assert image.file.name.endswith("/still.png")
    with image.file.open() as stored, Image.open(stored) as picture:
        assert picture.format == "PNG"
