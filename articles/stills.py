"""A trailer's still: the provider's own thumbnail, kept in the picture library.

The story page shows it on the trailer's frame until the reader presses play, so
the frame is a picture of the video rather than the hero a second time, and no
reader's browser asks YouTube or Vimeo for anything before they choose to play.
It is fetched once, by a task after the story is saved (``tasks.py``), never on a
reader's request; offline, or when the provider has none, the frame stays a plain
dark one with the title on it, and the next save tries again.

``NEWSROOM_TRAILER_STILLS`` turns the fetching off (the tests do, and a site
that must not reach the providers at all would).
"""

import json
import logging
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from library.models import Image

logger = logging.getLogger("newsroom.stills")

TIMEOUT = 10  # seconds per request: a task, so a slow provider costs no reader anything
MAX_BYTES = 5 * 1024 * 1024  # a provider's thumbnail is a few hundred kilobytes
HEADERS = {"User-Agent": "Newsroom (trailer stills)"}


class NoStill(Exception):
    """The provider gave no picture for this video (or could not be reached)."""


def candidates(trailer):
    """Addresses to try for the video's picture, largest first."""
    if trailer.provider == "youtube":
        # maxresdefault (1280x720) exists for most trailers; hqdefault for every video.
        return [
            f"https://i.ytimg.com/vi/{trailer.code}/{name}.jpg"
            for name in ("maxresdefault", "sddefault", "hqdefault")
        ]
    query = urlencode({"url": trailer.watch_url, "width": 1280})
    oembed = json.loads(download(f"https://vimeo.com/api/oembed.json?{query}"))
    url = oembed.get("thumbnail_url") if isinstance(oembed, dict) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise NoStill("Vimeo's description of the video names no picture")
    return [url]


def download(url):
    """The bytes at ``url``, or ``NoStill``."""
    try:
        with urlopen(Request(url, headers=HEADERS), timeout=TIMEOUT) as response:  # noqa: S310 - https only
            data = response.read(MAX_BYTES + 1)
    except (URLError, OSError, ValueError) as error:
        raise NoStill(f"{url}: {error}") from error
    if len(data) > MAX_BYTES:
        raise NoStill(f"{url}: larger than {MAX_BYTES} bytes")
    return data


def fetch_still(trailer, headline):
    """A library image of the trailer's thumbnail (an existing one if the same file is
    there already), or ``NoStill``."""
    reasons = []
    for url in candidates(trailer):
        try:
            data = download(url)
        except NoStill as error:
            reasons.append(str(error))
            continue
        upload = ContentFile(data, name=f"{trailer.provider}-{trailer.code}.jpg")
        same = Image.objects.same_file(upload).first()
        if same is not None:
            return same
        image = Image(
            file=upload,
            alt=f"A still from the video in “{headline}”"[:250],
            credit=trailer.label,
        )
        try:
            image.full_clean()
        except ValidationError as error:  # not a picture we take (a placeholder page, say)
            reasons.append(f"{url}: {'; '.join(error.messages)}")
            continue
        image.save()
        return image
    raise NoStill("; ".join(reasons) or "no address to try")


def wanted(story):
    """Whether a still should be looked for: a trailer, and none chosen or kept yet."""
    return settings.NEWSROOM_TRAILER_STILLS and story.trailer and story.trailer_still_id is None
