"""Spoiler blocks as readers get them: closed, opened with a tap or a key, no script.

The body stores a spoiler as ``<blockquote class="spoiler">`` (the editor's Block
style menu; articles/richtext.py keeps that class and no other). Here each one
becomes a ``<details>`` whose ``<summary>`` names what it spoils.
"""

import re

from django.utils.html import format_html

from articles.richtext import SPOILER_CLASS

# What a closed block starts with on the page: the story's top says it holds one.
SPOILER_BLOCK = '<details class="spoiler">'
_QUOTE = re.compile(rf'<blockquote( class="{SPOILER_CLASS}")?>|</blockquote>')


def close_spoilers(body, spoils=""):
    """``body`` (sanitised HTML) with every spoiler block closed behind a summary."""
    if f'class="{SPOILER_CLASS}"' not in body:
        return body
    summary = format_html(
        '<details class="spoiler"><summary><span class="spoiler__label">Spoiler{}</span> '
        '<span class="spoiler__hint">Show it</span></summary><div class="spoiler__text">',
        f" for {spoils}" if spoils else "",
    )
    parts, open_quotes, at = [], [], 0
    for tag in _QUOTE.finditer(body):
        parts.append(body[at : tag.start()])
        at = tag.end()
        if tag.group(0).startswith("</"):
            # Quotes nest; each end closes what its own start opened.
            parts.append("</div></details>" if open_quotes and open_quotes.pop() else tag.group(0))
        elif tag.group(1):
            open_quotes.append(True)
            parts.append(summary)
        else:
            open_quotes.append(False)
            parts.append(tag.group(0))
    parts.append(body[at:])
    return "".join(parts)
