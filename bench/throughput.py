"""Requests per second and latency of the reader pages, through gunicorn and wrk.

    .venv/bin/python bench/throughput.py                 # 1,000 then 100,000 stories, SQLite
    .venv/bin/python bench/throughput.py 1000 --seconds 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python bench/throughput.py

For each size it seeds its own database (bench/.data/http.sqlite3 unless
DATABASE_URL is set; that database is flushed), starts gunicorn on 127.0.0.1
(2 sync workers, DJANGO_DEBUG=0, static files collected into bench/.data),
and measures with wrk (2 threads, 2 connections): a constant Django view as the
ceiling, then the home, article, section, tag and search pages with the whole-page
cache off (cold: every request reads the database and builds the page, taking
cards and story texts from the fragment cache) and on (warm). Each is measured in
several rounds and the median kept. It prints a table and writes it to
bench/results/<date>-<host>.md with the machine's facts.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
PORT = 8765
HOST = f"http://127.0.0.1:{PORT}"

PAGES = {
    "home": "/",
    "article": "/movies/tom-cruise-skydive-stunt-dead-reckoning-featurette/",
    "section": "/movies/",
    "tag": "/tag/stunts/",
    "search": "/search/?q=stunt",
}


def site_env(page_cache):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-never-used-for-a-real-site",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_MEDIA_ROOT=str(DATA / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        NEWSROOM_PAGE_CACHE="1" if page_cache else "0",
        # Cached cards and story texts are part of both modes (caching/fragments.py);
        # cold means no whole-page cache, so every request still reads the database.
        NEWSROOM_FRAGMENT_CACHE="1",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{DATA / 'http.sqlite3'}")
    return env


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=site_env(False), check=True)


def seed(size):
    """A fresh database holding the demo stories and ``size`` in all."""
    env = site_env(False)
    if env["DATABASE_URL"].startswith("sqlite"):
        for leftover in DATA.glob("http.sqlite3*"):
            leftover.unlink()
        manage("migrate", "--noinput", "-v0")
    else:
        manage("migrate", "--noinput", "-v0")
        manage("flush", "--noinput", "-v0")
        manage("migrate", "--noinput", "-v0")  # flush empties the sections' data migration
    started = time.perf_counter()
    manage("seed_demo", "--articles", str(size), "-v0")
    return time.perf_counter() - started


class Server:
    """gunicorn serving the site (and the ceiling view), its log kept for counting errors."""

    def __init__(self, page_cache, log):
        self.page_cache = page_cache
        self.log = log

    def __enter__(self):
        self.log_file = open(self.log, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "ceiling:application",
                "--pythonpath",
                f"{ROOT},{ROOT / 'bench'}",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=site_env(self.page_cache),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(HOST + "/bench/ceiling/", timeout=2):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log_file.close()


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(path, seconds):
    """Requests per second, p50 and p99 in ms, and the count of non-2xx/3xx answers."""
    # Warm-up: fills the page cache when it is on, and the workers' imports either way.
    for _ in range(3):
        with urllib.request.urlopen(HOST + path, timeout=30):  # noqa: S310
            pass
    out = subprocess.run(
        ["wrk", "-t2", "-c2", f"-d{seconds}s", "--latency", HOST + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "errors": int(bad.group(1)) if bad else 0,
    }


def middle(results):
    """The run with the median requests/s (its own latencies), and every run's errors."""
    ranked = sorted(results, key=lambda result: result["rps"])
    return {**ranked[len(ranked) // 2], "errors": sum(result["errors"] for result in results)}


def error_lines(log):
    if not log.exists():
        return 0
    return sum(
        1
        for line in log.read_text().splitlines()
        if re.search(r'"level": "(ERROR|CRITICAL)"|Traceback|\[ERROR\]', line)
    )


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import django

    database = site_env(False)["DATABASE_URL"].split(":", 1)[0]
    return {
        "CPU": cpu,
        "cores": os.cpu_count(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": database,
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True)
        .stdout.strip()
        .split("\n")[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 100_000])
    parser.add_argument("--seconds", type=int, default=5, help="per measurement (default 5)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="measurements of each page; the median is kept"
    )
    options = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu).")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"Port {PORT} is taken; stop what runs there first.")

    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / "gunicorn.log"
    log.unlink(missing_ok=True)
    manage("collectstatic", "--noinput", "-v0")

    rows, seeding = [], {}
    for size in options.sizes:
        print(f"Seeding {size:,} stories...", flush=True)
        seeding[size] = seed(size)
        print(f"  seeded in {seeding[size]:.0f} s", flush=True)
        for mode, page_cache in (("cold", False), ("warm", True)):
            with Server(page_cache, log):
                targets = {"ceiling": "/bench/ceiling/", **PAGES}
                runs = {name: [] for name in targets}
                # Rounds through every page, so a slow spell of a shared machine
                # falls on all of them, and the median of each is kept.
                for _ in range(options.rounds):
                    for name, path in targets.items():
                        runs[name].append(wrk(path, options.seconds))
                ceiling = middle(runs.pop("ceiling"))
                rows.append((size, mode, "ceiling", ceiling, ceiling["rps"]))
                for name, results in runs.items():
                    result = middle(results)
                    rows.append((size, mode, name, result, ceiling["rps"]))
                    print(
                        f"  {size:>7,} {mode} {name:8} {result['rps']:8.0f} req/s "
                        f"p50 {result['p50']:.2f} ms ({result['rps'] / ceiling['rps']:.0%})",
                        flush=True,
                    )

    report = render(rows, seeding, machine(), error_lines(log), options)
    print()
    print(report)
    RESULTS.mkdir(exist_ok=True)
    name = f"{datetime.date.today().isoformat()}-{platform.node() or 'host'}.md"
    (RESULTS / name).write_text(report)
    print(f"Written to bench/results/{name}")


def render(rows, seeding, facts, log_errors, options):
    lines = [
        f"# HTTP benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        f"- gunicorn: 2 sync workers on 127.0.0.1; wrk: 2 threads, 2 connections, "
        f"{options.seconds} s a run, median of {options.rounds} rounds through all pages",
        "- cold: no whole-page cache (every request reads the database); cards and story "
        "texts from the fragment cache; warm: whole-page cache on",
        *(f"- seed_demo --articles {size:,}: {took:.0f} s" for size, took in seeding.items()),
        "",
        "| stories | cache | page | req/s | p50 ms | p99 ms | of ceiling | non-2xx/3xx |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, mode, name, result, ceiling in rows:
        lines.append(
            f"| {size:,} | {mode} | {name} | {result['rps']:.0f} | {result['p50']:.2f} | "
            f"{result['p99']:.2f} | {result['rps'] / ceiling:.0%} | {result['errors']} |"
        )
    errors = sum(result["errors"] for *_, result, _ in rows)
    lines += [
        "",
        f"Non-2xx/3xx answers: {errors}. Error lines in the server log: {log_errors}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
