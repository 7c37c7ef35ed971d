"""What a large new picture costs the save, and what readers are sent before the worker runs.

    .venv/bin/python bench/interim.py             # a 6000x4000 JPEG, SQLite
    .venv/bin/python bench/interim.py 4000 3000   # another size

Times ``Image(file=..., alt=...).full_clean()`` and ``save()`` over a few runs, each
upload a new file (its comment differs, so the library does not refuse a copy),
with the tasks left queued (Django's dummy backend): the save alone, as an editor
waits for it. Then a published story shows the last of them and its page is read
as a phone would, before and after ``build_renditions`` runs: every picture the
page asks a browser to load (``src``, ``srcset``) with its size in storage, and
the one a phone 390 CSS pixels wide at 3x (1170 pixels) would pick from the srcset.
On the benchmark's own database and media folder (bench/django_setup.py).
"""

import re
import statistics
import sys
import time
from html import unescape

from django_setup import ROOT  # noqa: F401  # sets Django up: import it before anything of Django

# isort: split

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from upload import photo

from articles.models import Article, Author, Section
from library.models import Image
from library.tasks import build_renditions

RUNS = 9
QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
PHONE_PIXELS = 390 * 3
IMAGE_URL = re.compile(r"<(?:img|source)\b[^>]*>")
ATTRIBUTE = re.compile(r'\b(src|srcset)="([^"]*)"')


def with_comment(data, text):
    """The JPEG ``data`` with a comment segment after its start marker: another file."""
    comment = text.encode()
    return data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]


def timed_save(data, n):
    upload = SimpleUploadedFile(f"premiere-{n}.jpg", data, content_type="image/jpeg")
    started = time.perf_counter()
    image = Image(file=upload, alt="A red carpet under camera flashes.")
    image.full_clean()
    image.save()
    return time.perf_counter() - started, image


def pictures_on(page):
    """(url, width descriptor or None) of every picture the page asks a browser to load."""
    found = []
    for tag in IMAGE_URL.findall(page):
        for name, value in ATTRIBUTE.findall(tag):
            value = unescape(value)
            if name == "src":
                found.append((value, None))
            else:
                for candidate in filter(None, (c.strip() for c in value.split(","))):
                    url, _, width = candidate.partition(" ")
                    found.append((url, int(width.rstrip("w")) if width else None))
    return found


def stored_size(url):
    return default_storage.size(url.removeprefix("/media/"))


def phone_pick(candidates):
    """The candidate a 1170-pixel-wide screen takes: the narrowest that covers it, else
    the widest (a plain ``src`` when there is no srcset)."""
    widths = [(w, url) for url, w in candidates if w]
    if not widths:
        return candidates[0][0]
    covering = [pair for pair in sorted(widths) if pair[0] >= PHONE_PIXELS]
    return (covering[0] if covering else max(widths))[1]


def report(client, url, label, original):
    page = client.get(url).content.decode()
    body = page[page.index('class="story__hero"') :]
    hero = pictures_on(body[: body.index("</figure>")])
    everything = pictures_on(page)
    largest = max((stored_size(u), u) for u, _ in everything)
    pick = phone_pick(hero)
    print(f"{label}:")
    print(f"  the hero's candidates: {sorted({u for u, _ in hero})}")
    print(f"  original referenced by a picture: {any(u == original for u, _ in everything)}")
    print(f"  a phone (1170 px) downloads {pick}: {stored_size(pick):,} bytes")
    print(f"  largest picture the page can load: {largest[1]}: {largest[0]:,} bytes")


def main(width, height):
    call_command("migrate", verbosity=0)
    data = photo(width, height)
    print(f"A {width}x{height} JPEG of {len(data):,} bytes")
    stamp = int(time.time())
    with override_settings(TASKS=QUEUED):
        timed_save(with_comment(data, f"warm-up {stamp}"), f"{stamp}-warm-up")
        times = []
        for n in range(RUNS):
            elapsed, image = timed_save(with_comment(data, f"{stamp} {n}"), f"{stamp}-{n}")
            times.append(elapsed)
        print(
            f"full_clean() + save(), {RUNS} runs: median {statistics.median(times) * 1000:.0f} ms, "
            f"fastest {min(times) * 1000:.0f} ms "
            f"(each: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)"
        )
        print(f"  record before the worker: {image.renditions or '{}'}")
        section = Section.objects.get(slug="movies")
        author, _ = Author.objects.get_or_create(name="Bench Writer", slug="bench-writer")
        story = Article.objects.create(
            headline=f"A premiere in pictures {stamp}",
            slug=f"premiere-in-pictures-interim-{stamp}",
            standfirst="The red carpet, from the back of the crowd.",
            body="<p>Everyone was there.</p>",
            section=section,
            hero=image,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        story.authors.add(author)
    client = Client()
    url = story.get_absolute_url()
    # Nothing was collected for the benchmark: static URLs are not looked up in a manifest.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        report(client, url, "The story page before the worker runs", image.file.url)
        build_renditions.call(image.pk)
        report(client, url, "After build_renditions", image.file.url)


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:3]] or [6000, 4000]
    main(*sizes)
