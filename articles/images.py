"""Uploaded pictures: checked by decoding them, then cleaned before anyone is served them.

A file is an image when Pillow decodes it completely as one of the formats we
allow, whatever its name says. What we store has been turned upright by its
EXIF orientation and re-encoded without metadata, so a phone's GPS position,
camera serial or editing history never reaches readers.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError, features

# Pillow's format name -> the file extensions that may carry it.
FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
if features.check("avif"):
    FORMATS["AVIF"] = {".avif"}

MAX_BYTES = getattr(settings, "NEWSROOM_MAX_IMAGE_BYTES", 20 * 1024 * 1024)
# 50 megapixels: more than any camera phone, far less than a decompression bomb.
MAX_PIXELS = getattr(settings, "NEWSROOM_MAX_IMAGE_PIXELS", 50_000_000)

# Pillow's own bomb guard, set to ours so it can never be looser.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def _upload(value):
    """The uploaded file behind a model field value, or None for a file already stored."""
    if not value:
        return None
    if hasattr(value, "_committed"):  # a model's FieldFile
        return None if value._committed else value.file
    return value  # a bare uploaded file, as a form field holds it


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
            kind = image.format
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
            image.load()  # decodes every pixel: truncated or corrupt files fail here
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
    extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if extension not in FORMATS[kind]:
        raise ValidationError(
            "The file is named “%(name)s” but holds a %(kind)s picture. Rename it to end "
            "in %(ext)s, or export it again.",
            params={
                "name": os.path.basename(upload.name),
                "kind": kind,
                "ext": " or ".join(sorted(FORMATS[kind])),
            },
            code="image_extension",
        )
    upload.newsroom_checked = True  # the model's save() need not decode it again


def clean_upload(value):
    """Re-encode a new upload upright and without metadata; return the field's new file.

    Returns None when ``value`` is not a new upload (an image already stored is
    left alone), so saving a post does not rewrite its picture every time.
    """
    upload = _upload(value)
    if upload is None:
        return None
    upload.seek(0)
    with Image.open(upload) as original:
        kind = original.format
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
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer,
        field_name=None,
        name=os.path.basename(upload.name),
        content_type=Image.MIME.get(kind, "application/octet-stream"),
        size=size,
        charset=None,
    )


ENCODER_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
    "AVIF": {"quality": 80},
}


# Renditions: the sizes readers are actually sent. Named after the stored source file,
# so a library image shown by many stories has one set of them.
WIDTHS = (480, 800, 1200, 1600)
SOCIAL_SIZE = (1200, 630)
RENDITION_FORMATS = {
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpg": ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
}


def rendition_folder(source):
    """``articles/2026/11/shot.jpg`` -> ``renditions/articles/2026/11/shot``."""
    return f"renditions/{os.path.splitext(source)[0]}"


def rendition_name(source, width, ext):
    return f"{rendition_folder(source)}/{width}.{ext}"


def social_name(source, focal_x=None, focal_y=None):
    """The focal point is in the name: moving it makes a new file, which no cache has seen."""
    x, y = focus(focal_x), focus(focal_y)
    return f"{rendition_folder(source)}/social-{x}-{y}.jpg"


def widths_for(source_width):
    """Never upscaled; a picture narrower than the smallest width gets one at its own."""
    return [width for width in WIDTHS if width < source_width] or [source_width]


def focus(value):
    """A focal coordinate as a whole percentage; none given is the middle."""
    return 50 if value is None else max(0, min(100, int(value)))


def social_box(width, height, focal_x=None, focal_y=None):
    """The largest 1200:630 box inside the picture, centred as near the focal point as fits."""
    target = SOCIAL_SIZE[0] / SOCIAL_SIZE[1]
    if width / height > target:
        crop_w, crop_h = round(height * target), height
    else:
        crop_w, crop_h = width, round(width / target)
    centre_x = width * focus(focal_x) / 100
    centre_y = height * focus(focal_y) / 100
    left = round(min(max(centre_x - crop_w / 2, 0), width - crop_w))
    top = round(min(max(centre_y - crop_h / 2, 0), height - crop_h))
    return (left, top, left + crop_w, top + crop_h)


def _save(storage, name, image, ext):
    """Store one rendition unless it exists: renditions are made once."""
    if storage.exists(name):
        return
    kind, options = RENDITION_FORMATS[ext]
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)  # a fresh image: nothing but pixels is written
    storage.save(name, ContentFile(buffer.getvalue()))


def _flat(image):
    """RGB pixels; transparency goes on white, as it would on the page."""
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def make_renditions(source, focal_x=None, focal_y=None, storage=None):
    """Make whatever renditions of ``source`` are missing; return what exists.

    The result is what ``Image.renditions`` keeps, so pages know the
    renditions without asking the storage.
    """
    storage = storage or default_storage
    with storage.open(source) as file, Image.open(file) as original:
        animated = getattr(original, "is_animated", False)
        image = _flat(ImageOps.exif_transpose(original))
    width, height = image.size
    # An animated GIF would stop moving as WebP or JPEG; readers get the original.
    widths = [] if animated else widths_for(width)
    for target in widths:
        resized = (
            image
            if target == width
            else image.resize(
                (target, round(height * target / width)), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
        )
        for ext in RENDITION_FORMATS:
            _save(storage, rendition_name(source, target, ext), resized, ext)
    social = social_name(source, focal_x, focal_y)
    crop = image.crop(social_box(width, height, focal_x, focal_y))
    if crop.width > SOCIAL_SIZE[0]:
        crop = crop.resize(SOCIAL_SIZE, Image.Resampling.LANCZOS, reducing_gap=3.0)
    _save(storage, social, crop, "jpg")
    return {
        "source": source,
        "widths": widths,
        "social": social,
        "social_size": list(crop.size),
    }


def delete_renditions(source, storage=None):
    """Remove every rendition of ``source``; the source itself stays (revisions may need it)."""
    storage = storage or default_storage
    folder = rendition_folder(source)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")


def picture(renditions, source_url):
    """What ``<picture>`` needs: srcsets for WebP and JPEG and a fallback ``src``.

    Without renditions (not made yet, or an animated picture) it is the original alone.
    """
    widths = (renditions or {}).get("widths") or []
    if not widths:
        return {"webp": "", "jpeg": "", "src": source_url}
    source = renditions["source"]

    def srcset(ext):
        return ", ".join(
            f"{default_storage.url(rendition_name(source, w, ext))} {w}w" for w in widths
        )

    middle = min(widths, key=lambda w: abs(w - 800))
    return {
        "webp": srcset("webp"),
        "jpeg": srcset("jpg"),
        "src": default_storage.url(rendition_name(source, middle, "jpg")),
    }
