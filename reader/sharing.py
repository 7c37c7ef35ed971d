"""The story page's share row: plain links to the networks, made on the server.

Each is an ordinary link, so nothing is asked of another host until the reader
clicks one; the copy and native share buttons are the page's own script
(``static/reader/share.js``), shown only where it runs.
"""

from urllib.parse import quote


def _enc(text):
    return quote(text, safe="")


def share_links(url, title):
    """(network, address) for the story at the absolute ``url`` with its ``title``."""
    url_q, title_q = _enc(url), _enc(title)
    return [
        ("X", f"https://x.com/intent/post?url={url_q}&text={title_q}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url_q}"),
        ("Reddit", f"https://www.reddit.com/submit?url={url_q}&title={title_q}"),
        ("WhatsApp", f"https://wa.me/?text={_enc(f'{title} {url}')}"),
        ("E-mail", f"mailto:?subject={title_q}&body={url_q}"),
    ]
