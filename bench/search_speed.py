"""Time the search page at a large size (100,000 stories by default).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python bench/search_speed.py
    .venv/bin/python bench/search_speed.py 20000     # SQLite, fewer stories

Like bench/queries.py it uses its own database (bench/.data/bench.sqlite3
unless DATABASE_URL is set) and media folder. It does not flush: seed_demo adds
only the stories still missing, so a second run starts measuring at once.
Each query is timed end to end through Django's test client (count, page of
results, bylines, highlighting, template), median of a few requests.
"""

import statistics
import sys
import time

from django_setup import DATA  # sets Django up: import it before anything of Django

# isort: split

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from articles.models import Article
from search.query import search

REPEATS = 7
# A rare word, common words, a phrase with an exclusion, a word nobody wrote.
QUERIES = ["skydive", "stunt", "premiere", '"box office" -sequel', "cameo twist", "zzzzqx"]


def main(size):
    DATA.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    # The eight demo stories (two of them live) plus generated ones; stories already there are kept.
    call_command("seed_demo", articles=str(max(size - 8, 0)), verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
    print(f"{Article.objects.published().count()} published stories on {connection.vendor}")
    client = Client()
    for query in QUERIES:
        matches = search(query).count()
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{query!r} answered {response.status_code}")
        print(f"{query!r:<24}{matches:>8} matches {statistics.median(timings) * 1000:>8.0f} ms")


if __name__ == "__main__":
    try:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    except ValueError:
        raise SystemExit("usage: bench/search_speed.py [STORIES]") from None
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        main(size)
