"""Look at the reader pages as a reader's browser does: screenshots, weight, first screen.

    .venv/bin/python bench/pages.py http://127.0.0.1:8000/ [--out docs/screenshots]
        [--story PATH] [--section PATH] [--tag PATH] [--author PATH] [--query WORDS]
        [--no-shots]

Against a running site (``make run``, or gunicorn with DJANGO_DEBUG=0 for figures
that match production), in Chromium (``CHROMIUM``, /usr/bin/chromium by default):

- screenshots of the first screen of home, story, section, tag, author and search
  at 390x844 (a phone, drawn at twice the pixels) and 1366x900, light and dark,
  written as ``<page>-<width>-<scheme>.jpg``;
- on the phone, where the story's first paragraph of text starts (its top, in CSS
  pixels from the top of the page: within 844 it is on the first screen);
- the story page's weight at 390 px wide and DPR 2, scrolled to the end so every
  lazy picture loads, before the trailer is pressed: HTML, CSS, scripts, fonts and
  images, as the bytes that came over the wire;
- every host other than the site's that a page asked for (there should be none).

The defaults are the demo's pages (``manage.py seed_demo``).
"""

import argparse
import json
import os
import sys
from collections import defaultdict
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "story": "/movies/tom-cruise-skydive-stunt-dead-reckoning-featurette/",
    "section": "/movies/",
    "tag": "/tag/stunts/",
    "author": "/author/maya-okafor/",
    "search": "/search/?q=stunt",
}
VIEWPORTS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}
FIRST_PARAGRAPH = ".story__body > p"


def note_host(hosts, request):
    hosts.add(urlsplit(request.url).netloc)


def kind_of(response):
    kind = response.request.resource_type
    return {"stylesheet": "css", "script": "js", "document": "html"}.get(kind, kind)


def page_weight(browser, url, site):
    """Bytes by kind for ``url`` at 390 px and DPR 2, lazy pictures loaded, no trailer played."""
    context = browser.new_context(viewport=VIEWPORTS["390"], device_scale_factor=2)
    page = context.new_page()
    sizes, others = defaultdict(int), set()

    def counted(response):
        host = urlsplit(response.url).netloc
        if host != site:
            others.add(host)
            return
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        sizes[kind_of(response)] += len(body)

    page.on("response", counted)
    page.goto(url, wait_until="networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for _step in range(0, height + 844, 600):
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(60)
    page.wait_for_load_state("networkidle")
    context.close()
    return dict(sizes), others


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the site's address, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--out", default="docs/screenshots", help="where screenshots go")
    parser.add_argument("--no-shots", action="store_true", help="measure only")
    for name in ("story", "section", "tag", "author"):
        parser.add_argument(f"--{name}", default=PAGES[name], help=f"the {name} page's path")
    parser.add_argument("--query", default="stunt", help="what the search page asks")
    args = parser.parse_args(argv)
    pages = dict(PAGES, **{n: getattr(args, n) for n in ("story", "section", "tag", "author")})
    pages["search"] = f"/search/?q={args.query}"
    site = urlsplit(args.base).netloc
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = {"first_paragraph_top": None, "weight": {}, "other_hosts": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for scheme in ("light", "dark"):
            for width, viewport in VIEWPORTS.items():
                context = browser.new_context(
                    viewport=viewport,
                    device_scale_factor=2 if width == "390" else 1,
                    color_scheme=scheme,
                )
                page = context.new_page()
                hosts = set()
                page.on("request", partial(note_host, hosts))
                for name, path in pages.items():
                    hosts.clear()
                    response = page.goto(urljoin(args.base, path), wait_until="networkidle")
                    if response is None or response.status != 200:
                        sys.exit(f"{path} answered {response and response.status}")
                    hosts.discard(site)
                    if hosts:
                        report["other_hosts"][path] = sorted(hosts)
                    if name == "story" and width == "390" and scheme == "light":
                        report["first_paragraph_top"] = page.evaluate(
                            "s => Math.round(document.querySelector(s)"
                            ".getBoundingClientRect().top + scrollY)",
                            FIRST_PARAGRAPH,
                        )
                    if not args.no_shots:
                        page.screenshot(
                            path=out / f"{name}-{width}-{scheme}.jpg", type="jpeg", quality=70
                        )
                context.close()
        sizes, others = page_weight(browser, urljoin(args.base, pages["story"]), site)
        if others:
            report["other_hosts"]["story, scrolled"] = sorted(others)
        report["weight"] = dict(sizes, total=sum(sizes.values()))
        browser.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
