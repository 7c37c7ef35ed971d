"""Renditions: the sizes and crops readers are actually sent, made once per stored picture.

They are made by the task in ``tasks.py`` after a save commits, and recorded on the
image (``Image.renditions``) so a page knows them without asking the storage.

Until the task has run, the save's own interim rendition stands in: one JPEG
``INTERIM_WIDTH`` wide, made from the small decode that checking the upload did
anyway (``uploads.validate_image_upload``), so no reader is sent the original in
the seconds before the worker. Its record names no crops, so it is never taken
for complete (``receivers.schedule_renditions``), and the task's record replaces it.
"""

import io
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

# Renditions: the sizes readers are actually sent. Named after the stored source file,
# so a library image shown by many stories has one set of them.
WIDTHS = (480, 800, 1200, 1600)
SOCIAL_SIZE = (1200, 630)
# The desk's lists show an 80x45 thumbnail: this is it at twice the pixels, for
# sharp screens, a few kilobytes where the original is megabytes.
THUMB_SIZE = (160, 90)
# The interim rendition's width: the smallest of WIDTHS, which the task makes for every
# picture wider than it, so "480w" in a srcset is true of it. A phone at 3x asks for
# more and gets it once the task has run; until then 480 pixels (tens of kilobytes)
# is what it is sent rather than the original (megabytes).
INTERIM_WIDTH = WIDTHS[0]
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


def thumb_name(source, focal_x=None, focal_y=None):
    """Cropped around the focal point like the social picture, so named after it too."""
    return f"{rendition_folder(source)}/thumb-{focus(focal_x)}-{focus(focal_y)}.webp"


def interim_name(source):
    """Not the task's ``480.jpg``: that one is made from the full picture, this one from
    a decode at an eighth of its size, which blurs fine lines a little."""
    return f"{rendition_folder(source)}/interim.jpg"


def wanted_crops(source, focal_x=None, focal_y=None):
    """The crops an image's record must name for its renditions to be complete."""
    return {
        "social": social_name(source, focal_x, focal_y),
        "thumb": thumb_name(source, focal_x, focal_y),
    }


def widths_for(source_width):
    """Never upscaled; a picture narrower than the smallest width gets one at its own."""
    return [width for width in WIDTHS if width < source_width] or [source_width]


def focus(value):
    """A focal coordinate as a whole percentage; none given is the middle."""
    return 50 if value is None else max(0, min(100, int(value)))


def social_box(width, height, focal_x=None, focal_y=None, size=SOCIAL_SIZE):
    """The largest box of ``size``'s shape (1200:630) inside the picture, centred as near
    the focal point as fits."""
    target = size[0] / size[1]
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


# Modes Pillow resamples as they are; any other (a palette, 16-bit grey) is made RGB first.
RESAMPLED_MODES = {"L", "LA", "RGB", "RGBA", "CMYK"}


def interim_picture(image, size, sideways=False):
    """An upright, flat copy of the decoded ``image`` at most ``INTERIM_WIDTH`` wide, or
    None for an animated picture (readers get the original, as they will after the task).

    ``image`` may be decoded smaller than the picture (a JPEG's draft, never narrower
    than the interim); ``size`` is the picture's own size standing upright, which the
    interim's is worked out from, as the task's renditions are: a narrow picture keeps
    its width. ``sideways``: its EXIF orientation turns it a quarter. It is made small
    first and turned and flattened after, so a large PNG is not copied at full size.
    """
    if getattr(image, "is_animated", False):
        return None
    width, height = size
    target = widths_for(width)[0]
    wanted = (target, max(1, round(height * target / width)))
    if image.mode not in RESAMPLED_MODES:
        # Turned before it is flattened: a flattened copy keeps no EXIF to turn it by.
        image, sideways = _flat(ImageOps.exif_transpose(image)), False
    as_stored = wanted[::-1] if sideways else wanted
    if image.size != as_stored:
        # A new image with the same info: the EXIF orientation goes along.
        image = image.resize(as_stored, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return _flat(ImageOps.exif_transpose(image))


def make_interim(source, pixels, storage=None):
    """Store the interim rendition of ``source``; return the record that names it."""
    storage = storage or default_storage
    name = interim_name(source)
    _save(storage, name, pixels, "jpg")
    return {"source": source, "interim": {"name": name, "width": pixels.width}}


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
    thumb = thumb_name(source, focal_x, focal_y)
    small = image.crop(social_box(width, height, focal_x, focal_y, THUMB_SIZE))
    _save(storage, thumb, small.resize(THUMB_SIZE, Image.Resampling.LANCZOS), "webp")
    return {
        "source": source,
        "widths": widths,
        "social": social,
        "social_size": list(crop.size),
        "thumb": thumb,
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

    Before the task has run, the interim rendition alone; without any (an animated
    picture, or one stored before interim renditions were made) the original alone.
    """
    widths = (renditions or {}).get("widths") or []
    if not widths:
        interim = (renditions or {}).get("interim")
        if interim:
            url = default_storage.url(interim["name"])
            return {"webp": "", "jpeg": f"{url} {interim['width']}w", "src": url}
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
