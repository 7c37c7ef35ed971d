"""CPU time per request of a reader page built from scratch, measured in-process.

    .venv/bin/python bench/cpu.py                    # the cold article page, 300 requests
    .venv/bin/python bench/cpu.py --path / --requests 500
    .venv/bin/python bench/cpu.py --profile          # and where that time goes (pyinstrument)
    .venv/bin/python bench/cpu.py --warm --redis redis://127.0.0.1:6379/5   # page-cache hits
    .venv/bin/python bench/cpu.py --plain            # the plain project's constant view

It reads the database bench/throughput.py seeded (bench/.data/http.sqlite3 unless
DATABASE_URL is set) and changes nothing in it. Both caches are off
(NEWSROOM_PAGE_CACHE=0), with production settings, so
every request reads the database and renders the whole page. After a warm-up it
sends the requests one after another through Django's test client (the whole
middleware stack, no web server, no network) and divides time.process_time() by
their number: the CPU of this process, which on SQLite includes the database's own
work and on PostgreSQL does not (that runs in the server's processes).

--warm turns the page cache on (give --redis): after the warm-up every request is a
page-cache hit. --plain measures bench/plain's constant view the same way, the
ceiling the other figures are divided by.

--profile repeats the loop under pyinstrument (`pip install pyinstrument` into
.venv; it is not a dependency) and prints the functions with the most time of
their own, then writes the whole call tree to bench/.data/profile.txt and .html.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
ARTICLE = "/movies/tom-cruise-skydive-stunt-dead-reckoning-featurette/"


def setup_plain():
    sys.path.insert(0, str(ROOT / "bench" / "plain"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "plainsite.settings"
    import django

    django.setup()


def setup(redis_url, warm=False):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DATA / 'http.sqlite3'}")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_MEDIA_ROOT"] = str(DATA / "media")
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    os.environ["NEWSROOM_PAGE_CACHE"] = "1" if warm else "0"
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # The manifest of collected static files is not needed to time a page.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def run(client, path, count):
    """Process CPU seconds and the wall time of each of ``count`` requests."""
    walls = []
    cpu_started = time.process_time()
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        walls.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return time.process_time() - cpu_started, walls


def own_time(frame, totals):
    """Add each function's time of its own (not its callees') to ``totals``."""
    key = f"{frame.function}  {frame.file_path_short}:{frame.line_no}"
    totals[key] += frame.total_self_time
    for child in frame.children:
        own_time(child, totals)


def profile(client, path, count, top):
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit(
            "--profile needs pyinstrument: .venv/bin/pip install pyinstrument"
        ) from None
    profiler = Profiler(interval=0.0005)
    profiler.start()
    run(client, path, count)
    session = profiler.stop()
    root = session.root_frame()
    totals = Counter()
    own_time(root, totals)
    whole = sum(totals.values())
    print(f"\nTime of their own, {count} requests of {path} ({whole:.2f} s sampled):")
    for key, seconds in totals.most_common(top):
        print(f"  {seconds / whole:6.1%}  {seconds / count * 1000:6.2f} ms/request  {key}")
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "profile.txt").write_text(profiler.output_text(unicode=False, color=False))
    (DATA / "profile.html").write_text(profiler.output_html())
    print("Call tree: bench/.data/profile.txt and bench/.data/profile.html")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default=ARTICLE, help="the page (default: the demo featurette)")
    parser.add_argument("--requests", type=int, default=300, help="requests measured")
    parser.add_argument("--warmup", type=int, default=30, help="requests sent first, unmeasured")
    parser.add_argument(
        "--redis",
        default="",
        help="REDIS_URL for the site (as bench/throughput.py's cold run); default: none",
    )
    parser.add_argument("--warm", action="store_true", help="the page cache on: page-cache hits")
    parser.add_argument("--plain", action="store_true", help="bench/plain's constant view instead")
    parser.add_argument("--profile", action="store_true", help="then profile with pyinstrument")
    parser.add_argument("--top", type=int, default=15, help="functions listed by --profile")
    options = parser.parse_args()

    if options.warm and not options.redis:
        parser.error("--warm needs --redis (e.g. redis://127.0.0.1:6379/5)")
    if options.plain:
        setup_plain()
        options.path = "/"
    else:
        setup(options.redis, options.warm)
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1") if options.plain else Client()
    run(client, options.path, options.warmup)
    cpu, walls = run(client, options.path, options.requests)
    print(
        f"{'plain constant view' if options.plain else options.path} on {connection.vendor}, "
        f"{'page cache hits' if options.warm else 'caches off'}, {options.requests} requests: "
        f"cpu {cpu / options.requests * 1000:.2f} ms/request, "
        f"wall median {statistics.median(walls) * 1000:.2f} ms"
    )
    if options.profile:
        profile(client, options.path, options.requests, options.top)


if __name__ == "__main__":
    main()
