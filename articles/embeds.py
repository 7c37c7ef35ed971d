"""Trailer URLs: which are allowed, and how they turn into a player.

django-embed-video recognises the URL forms; we add a strict host check (its
patterns alone would accept a URL with a YouTube-looking path on another
host) and build the player address ourselves, from the privacy-enhanced
domains. Nothing here touches the network.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from embed_video.backends import (
    EmbedVideoException,
    VimeoBackend,
    YoutubeBackend,
)

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# What a video ID looks like on each provider; anything else is not one.
_CODE_SHAPES = {"youtube": re.compile(r"[\w-]{11}"), "vimeo": re.compile(r"[0-9]{1,12}")}


@dataclass(frozen=True)
class Trailer:
    provider: str
    code: str

    @property
    def label(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def watch_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.code}"
        return f"https://vimeo.com/{self.code}"

    @property
    def embed_url(self):
        """The player, from the provider's privacy-enhanced address."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.code}?rel=0"
        return f"https://player.vimeo.com/video/{self.code}?dnt=1"

    @property
    def player_url(self):
        """The player started at once: used after the reader pressed play."""
        return f"{self.embed_url}&autoplay=1"


def parse_trailer(url):
    """Return the ``Trailer`` for a YouTube or Vimeo URL, or raise ``ValidationError``."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(
            "Paste the full address of a YouTube or Vimeo video, starting with https://.",
            code="trailer_url",
        )
    host = parts.hostname.lower()
    if host in YOUTUBE_HOSTS:
        backend, provider = YoutubeBackend, "youtube"
    elif host in VIMEO_HOSTS:
        backend, provider = VimeoBackend, "vimeo"
    else:
        raise ValidationError(
            "Trailers can come from YouTube or Vimeo only; %(host)s is neither.",
            params={"host": host},
            code="trailer_host",
        )
    try:
        code = backend(url).code if backend.is_valid(url) else None
    except EmbedVideoException:
        code = None
    if not code or not _CODE_SHAPES[provider].fullmatch(code):
        raise ValidationError(
            "This %(label)s address does not point to a single video. Open the video "
            "itself and copy its address from the browser or the Share button.",
            params={"label": "YouTube" if provider == "youtube" else "Vimeo"},
            code="trailer_code",
        )
    return Trailer(provider, code)


def validate_trailer_url(url):
    if url:
        parse_trailer(url)
