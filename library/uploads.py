"""Uploaded pictures: checked by decoding them, then cleaned before anyone is served them.

A file is an image when Pillow decodes it completely as one of the formats we
allow, whatever its name says: it is stored under the extension of what it
holds. What we store carries no metadata, so a phone's
GPS position, camera serial or editing history never reaches readers: an upright
JPEG keeps its compressed picture as it came and loses only its metadata
segments (``jpeg_without_metadata``, a few milliseconds where re-encoding a
24-megapixel photo costs most of a second of the editor's save); anything else
is turned upright by its EXIF orientation and re-encoded.
"""

import hashlib
import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError, features

from .renditions import INTERIM_WIDTH, interim_picture

# Pillow's format name -> the file extensions that may carry it.
FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
if features.check("avif"):
    FORMATS["AVIF"] = {".avif"}

MAX_BYTES = settings.NEWSROOM_MAX_IMAGE_BYTES
MAX_PIXELS = settings.NEWSROOM_MAX_IMAGE_PIXELS

# Pillow's own bomb guard, set to ours so it can never be looser.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


# What a stored picture's name ends in, whatever the uploaded file was called: a PNG
# named "still.jpg" is kept as "still.png".
STORED_EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "AVIF": ".avif"}


def picture_format(image):
    """Pillow's format name, with a phone's multi-picture JPEG (MPO) taken as the JPEG
    it starts with: only that first picture is kept."""
    return "JPEG" if image.format == "MPO" else image.format


def stored_name(name, kind):
    """``name`` with an extension that says what the file holds."""
    base, extension = os.path.splitext(os.path.basename(name or "picture"))
    if extension.lower() in FORMATS.get(kind, ()):
        return f"{base}{extension}"
    return f"{base or 'picture'}{STORED_EXTENSION.get(kind, extension)}"


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def _upload(value):
    """The uploaded file behind a model field value, or None for a file already stored."""
    if not value:
        return None
    if hasattr(value, "_committed"):  # a model's FieldFile
        return None if value._committed else value.file
    return value  # a bare uploaded file, as a form field holds it


def file_digest(value):
    """The SHA-256 of an upload's bytes as the editor sent them: the same file uploaded
    twice has the same digest (its stored copy is cleaned, so is not compared)."""
    upload = _upload(value) if hasattr(value, "_committed") else value
    known = getattr(upload, "newsroom_sha256", None)
    if known:
        return known
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    upload.newsroom_sha256 = digest.hexdigest()
    return upload.newsroom_sha256


def validate_image_upload(value):
    """Refuse anything that does not decode, in full, as an allowed image format."""
    upload = _upload(value)
    if upload is None or getattr(upload, "newsroom_checked", False):
        return  # a stored file, or an upload the form has already decoded
    allowed = ", ".join(sorted(FORMATS))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; pictures can be up to %(limit)s.",
            params={"size": _megabytes(upload.size), "limit": _megabytes(MAX_BYTES)},
            code="image_too_big",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = picture_format(image)
            width, height = image.size
            if kind not in FORMATS:
                raise ValidationError(
                    "This is a %(kind)s file; upload a picture in one of: %(allowed)s.",
                    params={"kind": kind or "unknown", "allowed": allowed},
                    code="image_format",
                )
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "This picture is %(width)s × %(height)s pixels, too large to process; "
                    "resize it to under %(limit)s megapixels.",
                    params={"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
                    code="image_pixels",
                )
            sideways = image.getexif().get(ORIENTATION, 1) in SIDEWAYS
            if kind == "JPEG":
                # Decoded at an eighth of the size: every block of the file is still
                # read, so a truncated or corrupt one fails as at full size, in half
                # the time. Never narrower than the interim rendition made from it.
                image.draft("RGB", draft_size(width, height, sideways))
            image.load()  # decodes every pixel: truncated or corrupt files fail here
            # While it is decoded: the small copy the library's save stores as the
            # picture's interim rendition (renditions.py), a few milliseconds.
            upright_size = (height, width) if sideways else (width, height)
            interim = interim_picture(image, upright_size, sideways)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can read (it may be damaged or in another "
            "format). Upload a %(allowed)s file.",
            params={"allowed": allowed},
            code="image_invalid",
        ) from error
    finally:
        upload.seek(0)
    upload.newsroom_checked = True  # the model's save() need not decode it again
    upload.newsroom_interim = interim


def draft_size(width, height, sideways):
    """The size a JPEG's draft is asked for: an eighth, unless that would be narrower
    (upright) than the interim rendition; a draft is never smaller than asked."""
    needed = min(INTERIM_WIDTH, height if sideways else width)
    if sideways:
        return max(width // 8, 1), max(height // 8, needed, 1)
    return max(width // 8, needed, 1), max(height // 8, 1)


def interim_of(value):
    """The interim rendition's pixels ``validate_image_upload`` kept of a new upload, or
    None (a stored file, an animated picture)."""
    upload = _upload(value)
    return getattr(upload, "newsroom_interim", None) if upload is not None else None


def clean_upload(value):
    """A new upload without its metadata, upright; return the field's new file.

    An upright JPEG loses its metadata segments and nothing else; every other
    upload (a JPEG to turn by its EXIF orientation, PNG, WebP, GIF, AVIF) is
    re-encoded.

    Returns None when ``value`` is not a new upload (an image already stored is
    left alone), so saving a post does not rewrite its picture every time.
    """
    upload = _upload(value)
    if upload is None:
        return None
    upload.seek(0)
    with Image.open(upload) as original:
        kind = picture_format(original)
        if kind == "JPEG" and original.getexif().get(ORIENTATION, 1) == 1:
            upload.seek(0)
            try:
                return _stored(jpeg_without_metadata(upload.read()), upload.name, kind)
            except ValueError:
                pass  # segments we cannot follow: re-encoded below instead
        options = {"icc_profile": original.info.get("icc_profile")}  # colour, not metadata
        if getattr(original, "is_animated", False):
            # Every frame is kept; re-saving drops comments and extension blocks.
            image = original
            options.update(save_all=True, loop=original.info.get("loop", 0), comment=b"")
        else:
            image = ImageOps.exif_transpose(original)  # a copy, turned upright
            if kind == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            # Encoders fall back on what the file came with (a JPEG's comment, for one).
            image.info = {}
        options.update(ENCODER_OPTIONS.get(kind, {}))
        buffer = io.BytesIO()
        # Only what ``options`` names is written: no EXIF, XMP or comments are passed on.
        image.save(buffer, kind, **{k: v for k, v in options.items() if v is not None})
    return _stored(buffer.getvalue(), upload.name, kind)


def _stored(data, name, kind):
    """The cleaned bytes as the file the field stores."""
    return InMemoryUploadedFile(
        io.BytesIO(data),
        field_name=None,
        name=stored_name(name, kind),
        content_type=Image.MIME.get(kind, "application/octet-stream"),
        size=len(data),
        charset=None,
    )


ORIENTATION = 0x0112  # the EXIF tag
SIDEWAYS = {5, 6, 7, 8}  # orientations that turn the picture a quarter

# The JPEG segments a picture needs to be shown as it was taken: its JFIF header
# (APP0), colour profile (APP2 "ICC_PROFILE"), Adobe colour transform (APP14), and
# the markers that describe and hold the compressed image. EXIF and XMP (APP1),
# IPTC (APP13), the camera makers' own segments, other APP2 data and comments go.
KEPT_APP_SEGMENTS = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}
SOS, EOI = 0xDA, 0xD9
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length


def jpeg_without_metadata(data):
    """The JPEG ``data`` with its metadata segments left out, its picture untouched.

    The compressed scans are copied byte for byte, so nothing is re-encoded or lost;
    anything after the end-of-image marker (a second picture, a maker's trailer) is
    dropped too. ``data`` must be a JPEG Pillow has decoded (``validate_image_upload``).
    """
    kept = [data[:2]]  # the start-of-image marker
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            raise ValueError(f"Not a JPEG marker at byte {at}.")
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes may pad before a marker
            at += 1
            continue
        if marker == EOI:
            kept.append(data[at : at + 2])
            break
        if marker in STANDALONE:
            kept.append(data[at : at + 2])
            at += 2
            continue
        end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        segment = data[at:end]
        if _shows_the_picture(marker, segment):
            kept.append(segment)
        at = end
        if marker == SOS:  # the scan's compressed data runs to the next real marker
            scan_end = _next_marker(data, at)
            kept.append(data[at:scan_end])
            at = scan_end
    return b"".join(kept)


def _shows_the_picture(marker, segment):
    """Whether a segment is part of the picture rather than metadata about it."""
    if not (0xE0 <= marker <= 0xEF or marker == 0xFE):  # neither APPn nor a comment
        return True
    kept = KEPT_APP_SEGMENTS.get(marker)
    return kept is not None and segment[4:].startswith(kept)


def _next_marker(data, at):
    """Where the marker after a scan's compressed data starts."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        # 0xFF00 is an escaped data byte and restart markers sit inside the scan.
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


# The stored original is shown to readers only until its renditions (progressive
# JPEGs, renditions.py) are made; a progressive original would cost the editor's
# save of a 24-megapixel photo 0.35 s more for a file no smaller.
ENCODER_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
    "AVIF": {"quality": 80},
}


def cleaned_image(value):
    """A new upload, checked and re-encoded without metadata; a stored image, unchanged.

    Forms have run the same check already (and marked the upload, so it is not decoded
    twice); this catches uploads from scripts and the shell.
    """
    validate_image_upload(value)
    return clean_upload(value) or value
