"""Trailer URLs: which are allowed, and how they turn into a player.

django-embed-video's URL patterns are loose: they take the first eleven
ID-like characters of a YouTube address, so a mistyped ID or a channel page
passes as some other video, and they accept YouTube-looking paths on other
hosts. So we read the video ID ourselves, strictly, and build the player
address from the providers' privacy-enhanced domains. Nothing here touches
the network.
"""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# Paths that name one YouTube video: /embed/<id>, /shorts/<id>, /live/<id>, /v/<id>.
YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/(?P<id>[^/]+)/?")
# vimeo.com/<id>, vimeo.com/<id>/<hash> (unlisted), vimeo.com/channels/<name>/<id>,
# vimeo.com/groups/<name>/videos/<id>, player.vimeo.com/video/<id>.
VIMEO_PATH = re.compile(
    r"/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/)?(?P<id>[0-9]{1,12})"
    r"(?:/(?P<hash>[0-9a-f]{6,20}))?/?"
)


@dataclass(frozen=True)
class Trailer:
    provider: str
    code: str
    private_hash: str = ""  # an unlisted Vimeo video's key

    @property
    def label(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def watch_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.code}"
        if self.private_hash:
            return f"https://vimeo.com/{self.code}/{self.private_hash}"
        return f"https://vimeo.com/{self.code}"

    @property
    def embed_url(self):
        """The player, from the provider's privacy-enhanced address."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.code}?rel=0"
        key = f"h={self.private_hash}&" if self.private_hash else ""
        return f"https://player.vimeo.com/video/{self.code}?{key}dnt=1"

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
        trailer = _youtube(parts)
        label = "YouTube"
    elif host in VIMEO_HOSTS:
        trailer = _vimeo(parts)
        label = "Vimeo"
    else:
        raise ValidationError(
            "Trailers can come from YouTube or Vimeo only; %(host)s is neither.",
            params={"host": host},
            code="trailer_host",
        )
    if trailer is None:
        raise ValidationError(
            "This %(label)s address does not point to a single video. Open the video "
            "itself and copy its address from the browser or the Share button.",
            params={"label": label},
            code="trailer_code",
        )
    return trailer


def _youtube(parts):
    if parts.hostname.lower() == "youtu.be":
        code = parts.path.strip("/")
    elif parts.path.rstrip("/") == "/watch":
        codes = parse_qs(parts.query).get("v", [])
        code = codes[0] if len(codes) == 1 else ""
    elif match := YOUTUBE_PATH.fullmatch(parts.path):
        code = match["id"]
    else:
        return None
    return Trailer("youtube", code) if YOUTUBE_ID.fullmatch(code) else None


def _vimeo(parts):
    match = VIMEO_PATH.fullmatch(parts.path)
    if not match:
        return None
    if parts.hostname.lower() == "player.vimeo.com" and not parts.path.startswith("/video/"):
        return None
    private_hash = match["hash"] or parse_qs(parts.query).get("h", [""])[0]
    if private_hash and not re.fullmatch(r"[0-9a-f]{6,20}", private_hash):
        return None
    return Trailer("vimeo", match["id"], private_hash)


def validate_trailer_url(url):
    if url:
        parse_trailer(url)


# Posts a live entry may link to besides a video: shown as a card that opens the post.
# No script of theirs is loaded on our pages.
POST_HOSTS = {
    "x.com": "X",
    "www.x.com": "X",
    "twitter.com": "X",
    "www.twitter.com": "X",
    "mobile.twitter.com": "X",
    "instagram.com": "Instagram",
    "www.instagram.com": "Instagram",
}
X_POST = re.compile(r"/(?P<user>\w{1,15})/status(?:es)?/(?P<id>[0-9]{1,20})/?")
INSTAGRAM_POST = re.compile(r"/(?:[\w.]{1,30}/)?(?:p|reel|tv)/(?P<id>[\w-]{5,40})/?")


@dataclass(frozen=True)
class Post:
    """A post on X or Instagram: its canonical address and whose it is."""

    label: str
    url: str
    author: str = ""


def parse_entry_link(url):
    """A live entry's link: a ``Trailer`` (YouTube, Vimeo) or a ``Post`` (X, Instagram).

    Raises ``ValidationError`` saying what is accepted.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    host = (parts.hostname or "").lower() if parts else ""
    if parts is None or parts.scheme not in {"http", "https"} or not host:
        raise ValidationError(
            "Paste the full address, starting with https://, of a YouTube or Vimeo video "
            "or of a post on X or Instagram.",
            code="entry_link",
        )
    if host in YOUTUBE_HOSTS or host in VIMEO_HOSTS:
        return parse_trailer(url)
    label = POST_HOSTS.get(host)
    if label is None:
        raise ValidationError(
            "Links can be YouTube or Vimeo videos or posts on X or Instagram; %(host)s is "
            "none of these.",
            params={"host": host},
            code="entry_link_host",
        )
    if label == "X" and (match := X_POST.fullmatch(parts.path)):
        return Post("X", f"https://x.com/{match['user']}/status/{match['id']}", match["user"])
    if label == "Instagram" and (match := INSTAGRAM_POST.fullmatch(parts.path)):
        return Post("Instagram", f"https://www.instagram.com/p/{match['id']}/")
    raise ValidationError(
        "This %(label)s address does not point to a single post. Open the post and copy "
        "its address from the Share button.",
        params={"label": label},
        code="entry_link_post",
    )


def validate_entry_link(url):
    if url:
        parse_entry_link(url)


# A paragraph holding nothing but a video address, typed bare or linked to itself:
# the way editors drop a clip into the text.
_LONE_URL = re.compile(
    r"<p>\s*(?:<a\b[^>]*\bhref=\"(?P<href>[^\"]+)\"[^>]*>\s*(?P<text>[^<]+?)\s*</a>"
    r"|(?P<bare>https?://[^\s<]+))\s*</p>"
)


def embed_lone_links(html, render):
    """Replace each paragraph that is only a YouTube or Vimeo address with ``render(trailer)``.

    ``html`` is the sanitised body; anything that is not exactly one video
    address on its own is left as it was.
    """

    def replace(match):
        if match["bare"]:
            url = unescape(match["bare"])
        else:
            url = unescape(match["href"])
            if unescape(match["text"]).strip() != url:
                return match[0]  # a link with words of its own is prose, not an embed
        try:
            trailer = parse_trailer(url)
        except ValidationError:
            return match[0]
        return render(trailer)

    return _LONE_URL.sub(replace, html)
