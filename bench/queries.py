"""Count the database queries (and time) of every reader page, at two data sizes.

    .venv/bin/python bench/queries.py            # 50 and 10,000 stories, SQLite
    .venv/bin/python bench/queries.py 100 5000   # other sizes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/queries.py

It works on its own database (bench/.data/bench.sqlite3 unless DATABASE_URL
is set) and its own media folder, so the site's data is never touched. Each page
is measured twice: its first visit with nothing cached (as after any change to the
site) and the visits after it, which take their cards and texts from the fragment
cache. A page whose query count changes between the two sizes has an N+1 problem.
"""

import statistics
import sys
import time

from django_setup import DATA  # sets Django up: import it before anything of Django

# isort: split

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Section
from caching.site import site_settings

REPEATS = 20


def pages():
    """One URL of each kind of reader page, picked from the current data."""
    article = Article.objects.published().get(
        slug="tom-cruise-skydive-stunt-dead-reckoning-featurette"
    )
    tag = sorted(article.tags.all(), key=lambda t: t.name)[0]
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "article": article.get_absolute_url(),
        "section": Section.objects.get(slug="movies").get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "author": Author.objects.get(slug="maya-okafor").get_absolute_url(),
        "feed": "/feed/",
        "section feed": "/movies/feed/atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap, stories": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "search, a word": "/search/?q=stunt",
        "search, phrase -word": '/search/?q="box office" -sequel',
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(queries)  # read now: the next request empties Django's query log


def measure(client, url):
    """(queries of a first visit, of the next one, median time of later visits in ms)."""
    cache.clear()
    site_settings()  # cached as on a running site: its one query is after a save
    first = count_queries(client, url)
    again = count_queries(client, url)
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return f"{first}/{again}", statistics.median(timings) * 1000


def main(sizes):
    DATA.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # start from nothing each run
    client = Client()
    results = {}
    for size in sizes:
        # The eight demo stories (two of them live) plus generated ones make up ``size`` stories.
        call_command("seed_demo", articles=str(max(size - 8, 0)), verbosity=0)
        total = Article.objects.published().count()
        # The connection looks up once whether SQLite's search index exists; a running
        # site has done so long before, so that query is not counted against a page.
        client.get("/search/?q=warm")
        results[size] = {name: measure(client, url) for name, url in pages().items()}
        print(f"measured with {total} published stories")
    width = max(len(name) for name in results[sizes[0]])
    header = "".join(f"{f'{s} stories':>26}" for s in sizes)
    print(f"\n{'page':<{width}}{header}   queries constant?")
    print(f"{'':<{width}}{'(queries first/next visit, ms of a next visit)':>{26 * len(sizes)}}")
    for name in results[sizes[0]]:
        cells = "".join(
            f"{results[s][name][0]:>8} queries {results[s][name][1]:>6.1f} ms" for s in sizes
        )
        counts = {results[s][name][0] for s in sizes}
        print(f"{name:<{width}}{cells}   {'yes' if len(counts) == 1 else 'NO'}")
    growing = [name for name in results[sizes[0]] if len({results[s][name][0] for s in sizes}) > 1]
    if growing:
        raise SystemExit(f"query count grows with the data on: {', '.join(growing)}")


if __name__ == "__main__":
    try:
        sizes = sorted(int(arg) for arg in sys.argv[1:]) or [50, 10_000]
    except ValueError:
        raise SystemExit("usage: bench/queries.py [SIZE ...]  (whole numbers of stories)") from None
    if any(size < 20 for size in sizes):
        raise SystemExit("each size must be at least 20 stories, so every page has a page 2")
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        main(sizes)
