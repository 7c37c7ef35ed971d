"""Pictures as the desk shows them: list thumbnails and the focal-point preview."""

from django.urls import reverse
from django.utils.html import format_html


def thumbnail(image):
    """A small picture for desk lists: its 160x90 crop, never the original (megabytes)."""
    if image is None or not image.file:
        return format_html('<span class="nr-thumb nr-thumb--empty">{}</span>', "No image")
    url = image.thumbnail_url
    if url is None:
        return format_html('<span class="nr-thumb nr-thumb--empty">{}</span>', "Being made")
    return format_html(
        '<img class="nr-thumb" src="{}" alt="" width="80" height="45" loading="lazy">', url
    )


def focal_preview(image, field_x, field_y, empty, note=""):
    """The picture with its focal point: a click on it fills the two fields (focal_point.js).

    The story form also swaps the picture when the editor picks another from the library.
    """
    url_pattern = reverse("admin:library_image_picture", args=[0])
    if image is None or not image.file:
        return format_html(
            '<span class="nr-focal" data-focal-preview data-focal-x="id_{}" data-focal-y="id_{}" '
            'data-picture-url="{}"><img class="nr-hero-preview" alt="" hidden>'
            '<span class="nr-focal__marker" hidden></span></span>'
            '<span class="help" data-focal-empty>{}</span>',
            field_x,
            field_y,
            url_pattern,
            empty,
        )
    preview = image.desk_preview
    return format_html(
        '<span class="nr-focal" data-focal-preview data-focal-x="id_{}" data-focal-y="id_{}" '
        'data-picture-url="{}"><img class="nr-hero-preview" src="{}"{} alt="{}">'
        '<span class="nr-focal__marker" hidden></span></span>'
        '<span class="help">Click the subject to keep it in crops for social networks '
        "and story cards, or type its position below.{}</span>",
        field_x,
        field_y,
        url_pattern,
        preview["src"],
        format_html(' srcset="{}" sizes="480px"', preview["srcset"]) if preview["srcset"] else "",
        image.alt,
        note,
    )
