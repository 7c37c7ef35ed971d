"""A byline's links elsewhere: their own site and accounts, one address per line.

Kept as plain text on the byline (``Author.links``) and shown on their author page
under the name of the network, which is read off the address.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MOST_LINKS = 6
# Hosts readers know by a name; any other address shows as its host.
NETWORKS = {
    "bsky.app": "Bluesky",
    "x.com": "X",
    "twitter.com": "X",
    "instagram.com": "Instagram",
    "threads.net": "Threads",
    "threads.com": "Threads",
    "letterboxd.com": "Letterboxd",
    "linkedin.com": "LinkedIn",
    "youtube.com": "YouTube",
    "tiktok.com": "TikTok",
    "facebook.com": "Facebook",
    "substack.com": "Substack",
}
_https = URLValidator(schemes=["https"])


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_links(text):
    """Each line a secure web address, and no more than a handful."""
    found = lines(text)
    if len(found) > MOST_LINKS:
        raise ValidationError(
            f"Keep it to {MOST_LINKS} links: {len(found)} are given.", code="too_many"
        )
    for number, line in enumerate(found, start=1):
        try:
            _https(line)
        except ValidationError:
            raise ValidationError(
                f"Line {number} (“{line[:80]}”) is not a web address starting with https://.",
                code="invalid",
            ) from None


def network(url):
    """What to call the link: "Bluesky" for bsky.app, else the host without www."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for known, name in NETWORKS.items():
        if host == known or host.endswith(f".{known}"):
            return name
    return host


def links_of(text):
    """(name, address) for each line of a byline's links."""
    return [(network(url), url) for url in lines(text)]
