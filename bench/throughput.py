"""Requests per second and latency of the reader pages, through gunicorn and wrk.

    .venv/bin/python bench/throughput.py                 # 1,000 then 100,000 stories, SQLite
    .venv/bin/python bench/throughput.py 1000 --seconds 3 --rounds 1
    .venv/bin/python bench/throughput.py --sizes 1000,100000 --pages article,home
    .venv/bin/python bench/throughput.py 2000 --modes day    # the newsroom day only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_x \
        .venv/bin/python bench/throughput.py

The ceiling is a plain Django project of its own (bench/plain: startproject's
settings and middleware, one view returning a constant), served by gunicorn with
the same options as the site and measured in the same run, between the pages.

For each size it seeds its own database (bench/.data/http.sqlite3 unless
DATABASE_URL is set; that database is flushed), times the CPU of the cold article
page in-process (bench/cpu.py), then serves the site under gunicorn (2 sync
workers, DJANGO_DEBUG=0) in two modes and measures each page with wrk
(2 threads, 2 connections, on 127.0.0.1):

- cold: NEWSROOM_PAGE_CACHE=0, every request reads the database and renders the
  whole page (what a page not kept, or purged, costs);
- warm: the page cache on, every request after the first a kept page.

There is no fragment cache any more (pages are purged by key, caching/keys.py), so
the third mode the bench had, fragments, is gone. The site uses Redis in both modes
(--redis, database 5 by default; the keys starting with "newsroom:" there are
deleted before each mode). Each page and the
ceiling are measured in several rounds and the median kept.

A fourth mode, day, runs once, at the smallest size, after the others: the warm
site with the task worker beside it and mixed reader traffic (bench/day.py) in
three phases, while the desk does nothing, saves a story a second, and publishes
one every ten seconds. A fifth, live, runs after it at the same size: readers'
pages checking a live story's update address while entries are posted to it, beside
the same mix (bench/live.py). It prints a table, checks it against the targets and
writes it to bench/results/<date>-<host>.md. --port moves the site (and the ceiling,
on the next port) off 8041.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import day
import live

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
SITE_PORT = 8041  # the ceiling on the next port
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"

PAGES = {
    "article": "/movies/tom-cruise-skydive-stunt-dead-reckoning-featurette/",
    "home": "/",
    "section": "/movies/",
    "tag": "/tag/stunts/",
    "search": "/search/?q=stunt",
    # The read API: the newest 20 stories, and the featurette by its slug.
    "api-list": "/api/v1/stories/",
    "api-story": "/api/v1/stories/slug/tom-cruise-skydive-stunt-dead-reckoning-featurette/",
}
# mode: NEWSROOM_PAGE_CACHE
MODES = {"cold": "0", "warm": "1"}
# The newsroom day (bench/day.py): warm, at the smallest size, after the other modes.
DAY = "day"
# Live coverage (bench/live.py): after the day, at the same size.
LIVE = live.MODE

# Shares of the plain ceiling the issue asks for, and the cold article's CPU.
WARM_TARGET = 0.90
COLD_TARGETS = {"article": 0.10, "home": 0.06, "section": 0.06, "tag": 0.06}
CPU_TARGET_MS = 8.0
P50_GROWTH_TARGET = 0.25

# Both servers are started with exactly these options.
GUNICORN_OPTIONS = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]


def site_env(mode, redis_url):
    page_cache = MODES[mode]
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
        REDIS_URL=redis_url,
        NEWSROOM_PAGE_CACHE=page_cache,
        # wrk is one address: the API's per-address limit would answer it 429. The
        # limit is still counted on every API request, in Redis, as in production.
        NEWSROOM_API_ANONYMOUS_PER_MINUTE="1000000000",
        # No network here: the worker would try YouTube for a still on every save, where
        # a site online fetches each trailer's once.
        NEWSROOM_TRAILER_STILLS="0",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{DATA / 'http.sqlite3'}")
    return env


def plain_env():
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "plainsite.settings"
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def story_count(env):
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from articles.models import Article; print(Article.objects.count())"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    last = out.stdout.strip().splitlines()[-1:] if out.returncode == 0 else []
    return int(last[0]) if last and last[0].isdigit() else -1


def seed(size, env, reuse=False):
    """A fresh database holding ``size`` stories: the eight demo ones (two live) and generated ones.

    ``reuse``: a database that already holds exactly ``size`` stories is only migrated
    (seeding 100,000 on PostgreSQL takes a quarter of an hour); None is returned.
    """
    if reuse:
        manage(env, "migrate", "--noinput", "-v0")
        if story_count(env) == size:
            return None
    if env["DATABASE_URL"].startswith("sqlite"):
        for leftover in DATA.glob("http.sqlite3*"):
            leftover.unlink()
        manage(env, "migrate", "--noinput", "-v0")
    else:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "flush", "--noinput", "-v0")
        manage(env, "migrate", "--noinput", "-v0")  # flush empties the sections' data migration
    started = time.perf_counter()
    manage(env, "seed_demo", "--articles", str(max(size - 8, 0)), "-v0")
    return time.perf_counter() - started


def forget_cache(redis_url):
    """Delete the site's keys (prefix "newsroom:") from the bench's Redis database."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {redis_url} does not answer ({error}); see --redis") from None
    keys = list(client.scan_iter(match="newsroom:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


class Server:
    """gunicorn serving one WSGI app on one port, its output kept for counting errors."""

    def __init__(self, app, pythonpath, port, env, log, probe):
        self.app, self.pythonpath, self.port = app, pythonpath, port
        self.env, self.log, self.probe = env, log, probe

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log_file = open(self.log, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                self.app,
                "--pythonpath",
                str(self.pythonpath),
                "--bind",
                f"127.0.0.1:{self.port}",
                *GUNICORN_OPTIONS,
            ],
            cwd=self.pythonpath,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + self.probe, timeout=2):  # noqa: S310
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn ({self.app}) did not start; see {self.log}")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log_file.close()


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url, seconds):
    """Requests per second, p50 and p99 in ms, and the count of non-2xx/3xx answers."""
    # Warm-up: fills the caches that are on, and the workers' imports either way.
    for _ in range(5):
        with urllib.request.urlopen(url, timeout=30):  # noqa: S310
            pass
    out = subprocess.run(
        ["wrk", "-t2", "-c2", f"-d{seconds}s", "--latency", url],
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


def cpu_per_request(env, redis_url, requests):
    """bench/cpu.py on the cold article page: (CPU ms per request, wall median ms)."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "cpu.py"),
            "--requests",
            str(requests),
            "--redis",
            redis_url,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"cpu ([\d.]+) ms/request, wall median ([\d.]+) ms", out)
    return float(found.group(1)), float(found.group(2))


def error_lines(log):
    if not log.exists():
        return 0
    return sum(
        1
        for line in log.read_text().splitlines()
        if re.search(r'"level": "(ERROR|CRITICAL)"|Traceback|\[ERROR\]', line)
    )


class Worker:
    """The task worker (``manage.py db_worker``, as the Procfile runs it) with the site's
    environment, so the tasks the desk's saves enqueue run as they do in production."""

    def __init__(self, env, log):
        self.env, self.log = env, log

    def __enter__(self):
        self.log_file = open(self.log, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        return self

    def __exit__(self, *exc):
        died = self.process.poll()
        stop(self.process)
        self.log_file.close()
        if died is not None and exc[0] is None:
            raise SystemExit(
                f"The task worker stopped during the day (status {died}); see {self.log}"
            )


class Desk:
    """The editor of one phase of the day (``bench/day.py desk``), a process of its own
    with the site's environment; a failed save fails the run, with its traceback."""

    def __init__(self, env, action, every, seconds, log):
        self.env, self.action, self.log = env, action, log
        self.arguments = ["--action", action, "--every", str(every or 1), "--seconds", str(seconds)]

    def __enter__(self):
        self.log_file = open(self.log, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "day.py"), "desk", *self.arguments],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log_file,
            text=True,
        )
        # Django set up, and the task queue empty: the phase starts from rest.
        if self.process.stdout.readline().strip() != "desk: ready":
            self.__exit__(None, None, None)
        return self

    def go(self):
        with contextlib.suppress(BrokenPipeError):  # it failed: __exit__ says how
            self.process.stdin.write("go\n")
            self.process.stdin.flush()

    def __exit__(self, *exc):
        out = stop(self.process)
        self.log_file.close()
        if exc[0] is not None:
            return
        found = [line for line in out.splitlines() if line.startswith("desk: {")]
        if self.process.returncode != 0 or not found:
            tail = "\n".join(self.log.read_text().splitlines()[-25:])
            raise SystemExit(
                f"The desk ({self.action}) failed with status {self.process.returncode}; "
                f"the end of {self.log}:\n{tail}"
            )
        self.summary = json.loads(found[-1].removeprefix("desk: "))


def stop(process):
    """SIGTERM, as a supervisor stops it, then SIGKILL after a minute; what it printed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out or ""


def day_script(env, *args):
    """What ``bench/day.py`` prints on its last line, run with the site's environment."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "day.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"bench/day.py {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout.strip().splitlines()[-1]


def prime(base, mix):
    """Ask for every page of the mix once, so that each phase starts with all of them kept."""
    failed = []
    for _, path, _ in mix:
        try:
            with urllib.request.urlopen(base + path, timeout=30):  # noqa: S310
                pass
        except urllib.error.HTTPError as error:
            failed.append(f"{path}: {error.code}")
    if failed:
        raise SystemExit("Pages of the day's mix answered errors:\n" + "\n".join(failed))


def wrk_mix(base, script, seconds):
    """wrk through the day's script: req/s, p50, p99, non-2xx/3xx and socket errors."""
    out = subprocess.run(
        ["wrk", "-t2", "-c2", f"-d{seconds}s", "-s", str(script), base + "/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return day.parse_result(out)


def newsroom_day(size, options, log):
    """The day's three phases, ``options.rounds`` times through them: the median of each.

    The site is warm (the page cache, Redis) and the task worker runs beside it. Each
    phase starts a desk process, which waits for the task queue to empty; then every
    page of the mix is asked for once, wrk warms up for a moment, the desk is told to
    begin, and wrk measures while it saves or publishes.
    """
    env = site_env("warm", options.redis)
    seconds, warmup = options.day_seconds, min(2, options.day_seconds)
    worker_log, desk_log = DATA / "worker.log", DATA / "desk.log"
    for old in (worker_log, desk_log):
        old.unlink(missing_ok=True)
    day_script(env, "tidy")  # what a run stopped half-way published
    forget_cache(options.redis)
    mix = json.loads(day_script(env, "mix"))
    script = DATA / "day.lua"
    script.write_text(day.lua_script(mix))
    print(f"  newsroom day: {day.describe_mix()}; {len(mix)} pages", flush=True)
    server_errors = error_lines(log)
    runs = {phase: [] for phase in day.PHASES}
    site = Server("newsroom.wsgi:application", ROOT, options.site_port, env, log, "/healthz")
    with site, Worker(env, worker_log):
        for _ in range(options.rounds):
            for phase, (action, every) in day.PHASES.items():
                with Desk(env, action, every, seconds, desk_log) as desk:
                    prime(site.base, mix)
                    wrk_mix(site.base, script, warmup)
                    desk.go()
                    result = wrk_mix(site.base, script, seconds)
                runs[phase].append({**result, "desk": desk.summary})
                print(
                    f"  {size:>7,} day {phase:10} {result['rps']:7.0f} req/s "
                    f"p50 {result['p50']:6.2f} ms  p99 {result['p99']:7.2f} ms  "
                    f"non-2xx/3xx {result['errors']}  desk: {done_by_desk([desk.summary])}",
                    flush=True,
                )
        tidied = json.loads(day_script(env, "tidy"))["deleted"]
    phases = {}
    for phase, results in runs.items():
        phases[phase] = {
            **middle(results),
            "socket": sum(result["socket"] for result in results),
            "desks": [result["desk"] for result in results],
        }
    return {
        "phases": phases,
        "pages": len(mix),
        "seconds": seconds,
        "warmup": warmup,
        "tidied": tidied,
        "errors": {
            "server log": error_lines(log) - server_errors,
            "task worker log": error_lines(worker_log),
            "desk log": error_lines(desk_log),
        },
    }


def done_by_desk(desks):
    """What the desk did in each round of a phase, e.g. "10/10 saves (31 ms each)"."""
    if desks[0]["action"] == "none":
        return "no edits"
    noun = {"save": "saves", "publish": "publishes"}[desks[0]["action"]]
    counts = ", ".join(f"{desk['done']}/{desk['planned']}" for desk in desks)
    mean = sum(desk["mean_ms"] for desk in desks) / len(desks)
    return f"{counts} {noun} ({mean:.0f} ms each)"


def tasks_run(desks):
    """The tasks enqueued during a phase's rounds, by state when the phase ended."""
    total = {}
    for desk in desks:
        for state, count in desk["tasks"].items():
            total[state] = total.get(state, 0) + count
    return ", ".join(f"{count} {state}" for state, count in sorted(total.items())) or "none"


def day_ratio(result):
    phases = result["phases"]
    return phases["saves"]["rps"] / phases["quiet"]["rps"]


def machine(env):
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import django

    return {
        "CPU": cpu,
        "cores": os.cpu_count(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True)
        .stdout.strip()
        .split("\n")[0],
    }


def load():
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def whole_numbers(text):
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="stories (default 1000 100000)")
    parser.add_argument("--sizes", dest="size_list", type=whole_numbers, help="e.g. 1000,100000")
    parser.add_argument("--pages", default=",".join(PAGES), help="default: " + ",".join(PAGES))
    every_mode = ",".join([*MODES, DAY, LIVE])
    parser.add_argument(
        "--modes",
        default=every_mode,
        help=f"default: {every_mode} (day, then live: once, at the smallest size, after "
        "the others)",
    )
    parser.add_argument(
        "--seconds", type=int, help="per measurement (default 5) and day phase (default 10)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database that already holds that many stories instead of seeding it "
        "again (list the largest size first, since a smaller one empties it)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="measurements of each page; the median is kept"
    )
    parser.add_argument("--cpu-requests", type=int, default=300, help="for the CPU figure")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"default {DEFAULT_REDIS}")
    parser.add_argument(
        "--port",
        type=int,
        default=SITE_PORT,
        help=f"the site's port; the ceiling's is the next one (default {SITE_PORT})",
    )
    live.add_arguments(parser)
    options = parser.parse_args(argv)
    options.site_port, options.plain_port = options.port, options.port + 1
    options.sizes = options.sizes + (options.size_list or []) or [1000, 100_000]
    options.pages = [page for page in options.pages.split(",") if page]
    options.modes = [mode for mode in options.modes.split(",") if mode]
    options.day_seconds = options.seconds or 10
    options.seconds = options.seconds or 5
    unknown = [p for p in options.pages if p not in PAGES] + [
        m for m in options.modes if m not in MODES and m not in (DAY, LIVE)
    ]
    if unknown:
        parser.error(f"unknown page or mode: {', '.join(unknown)}")
    return options


def main():
    options = parse()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu).")
    for port in (options.site_port, options.plain_port):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(f"Port {port} is taken; stop what runs there first.")

    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / "gunicorn.log"
    log.unlink(missing_ok=True)
    seed_env = site_env("cold", options.redis)
    forget_cache(options.redis)
    manage(seed_env, "collectstatic", "--noinput", "-v0")

    # The page modes in the order given; the day and live after them, since they edit.
    modes = [mode for mode in options.modes if mode in MODES]
    day_size = min(options.sizes) if DAY in options.modes else None
    live_size = min(options.sizes) if LIVE in options.modes else None
    plain = Server("plainsite.wsgi:application", ROOT / "bench" / "plain", options.plain_port,
                   plain_env(), log, "/") if modes else contextlib.nullcontext()  # fmt: skip
    rows, seeding, cpu, loads, days, lives = [], {}, {}, [load()], {}, {}
    with plain:
        for size in options.sizes if modes else [day_size or live_size]:
            print(f"Seeding {size:,} stories...", flush=True)
            seeding[size] = seed(size, seed_env, options.reuse)
            took = seeding[size]
            print("  kept from before" if took is None else f"  seeded in {took:.0f} s", flush=True)
            forget_cache(options.redis)
            if modes:
                cpu[size] = cpu_per_request(seed_env, options.redis, options.cpu_requests)
                print(f"  cold article in-process: {cpu[size][0]:.2f} ms CPU/request", flush=True)
            for mode in modes:
                forget_cache(options.redis)
                site = Server("newsroom.wsgi:application", ROOT, options.site_port,
                              site_env(mode, options.redis), log, "/healthz")  # fmt: skip
                with site:
                    targets = {"ceiling": plain.base + "/"}
                    targets.update({page: site.base + PAGES[page] for page in options.pages})
                    runs = {name: [] for name in targets}
                    # Rounds through the ceiling and every page, so a slow spell of a
                    # shared machine falls on all of them; the median of each is kept.
                    for _ in range(options.rounds):
                        for name, url in targets.items():
                            runs[name].append(wrk(url, options.seconds))
                    loads.append(load())
                ceiling = middle(runs.pop("ceiling"))
                rows.append((size, mode, "ceiling", ceiling, ceiling["rps"]))
                for name, results in runs.items():
                    result = middle(results)
                    rows.append((size, mode, name, result, ceiling["rps"]))
                    print(
                        f"  {size:>7,} {mode:9} {name:8} {result['rps']:7.0f} req/s "
                        f"p50 {result['p50']:6.2f} ms  {result['rps'] / ceiling['rps']:5.1%} "
                        f"of {ceiling['rps']:.0f}",
                        flush=True,
                    )
            if size == day_size:
                days[size] = newsroom_day(size, options, log)
                loads.append(load())
                ratio = day_ratio(days[size])
                print(
                    f"  {size:>7,} day: one save a second keeps {ratio:.1%} of the quiet "
                    f"req/s (target >= {day.SAVES_TARGET:.0%}): "
                    f"{'PASS' if ratio >= day.SAVES_TARGET else 'FAIL'}",
                    flush=True,
                )
            if size == live_size:
                lives[size] = live.run(size, options, log, plain)
                loads.append(load())
                print(
                    f"  {size:>7,} live: the site keeps {live.live_ratio(lives[size]):.1%} of "
                    "its quiet req/s with the readers' checks and the entries",
                    flush=True,
                )
    forget_cache(options.redis)

    facts = machine(seed_env)
    report = render(rows, seeding, cpu, facts, error_lines(log), loads, options, days, lives)
    print()
    print(report)
    RESULTS.mkdir(exist_ok=True)
    name = f"{datetime.date.today().isoformat()}-{platform.node() or 'host'}.md"
    (RESULTS / name).write_text(report)
    print(f"Written to bench/results/{name}")


def targets(rows, cpu, sizes, days):
    """(target, figure, met) for each target the figures of this run can speak to."""
    share = {(size, mode, name): r["rps"] / c for size, mode, name, r, c in rows}
    p50 = {(size, mode, name): r["p50"] for size, mode, name, r, _ in rows}
    checks = []
    for size in sizes:
        for page in ("article", "home", "section", "tag"):
            if (size, "warm", page) in share:
                got = share[size, "warm", page]
                checks.append(
                    (
                        f"{size:,}: warm {page} >= {WARM_TARGET:.0%}",
                        f"{got:.1%}",
                        got >= WARM_TARGET,
                    )
                )
        for page, wanted in COLD_TARGETS.items():
            if (size, "cold", page) in share:
                got = share[size, "cold", page]
                checks.append(
                    (f"{size:,}: cold {page} >= {wanted:.0%}", f"{got:.1%}", got >= wanted)
                )
        if size in cpu:
            got = cpu[size][0]
            checks.append(
                (f"{size:,}: cold article CPU < {CPU_TARGET_MS:g} ms", f"{got:.2f} ms", got < 8)
            )
    small, large = min(sizes), max(sizes)
    if small != large:
        for page in PAGES:
            if (small, "cold", page) in p50 and (large, "cold", page) in p50:
                growth = p50[large, "cold", page] / p50[small, "cold", page] - 1
                checks.append(
                    (
                        f"cold {page} p50 growth {small:,} -> {large:,} <= {P50_GROWTH_TARGET:.0%}",
                        f"{growth:+.1%}",
                        growth <= P50_GROWTH_TARGET,
                    )
                )
    for size, result in days.items():
        got = day_ratio(result)
        checks.append(
            (
                f"{size:,}: day, one save a second >= {day.SAVES_TARGET:.0%} of quiet req/s",
                f"{got:.1%}",
                got >= day.SAVES_TARGET,
            )
        )
    return checks


def render(rows, seeding, cpu, facts, log_errors, loads, options, days, lives=None):
    lines = [
        f"# HTTP benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
    ]
    if rows:
        lines += [
            f"- gunicorn {' '.join(GUNICORN_OPTIONS)} for both the site and the plain ceiling, "
            f"on 127.0.0.1; wrk: 2 threads, 2 connections, {options.seconds} s a run, "
            f"median of {options.rounds} rounds through the ceiling and all pages",
            "- ceiling: bench/plain, a startproject-style Django project (its default "
            "middleware) whose one view returns a constant; the share is of the ceiling "
            "measured in the same mode's rounds",
            "- cold: NEWSROOM_PAGE_CACHE=0; warm: NEWSROOM_PAGE_CACHE=1; Redis in both",
        ]
    lines += [
        *(
            f"- seeding {size:,} stories: "
            + ("kept from an earlier run (--reuse)" if took is None else f"{took:.0f} s")
            for size, took in seeding.items()
        ),
        f"- load average (1, 5, 15 min) at the start and after each mode: {' / '.join(loads)}",
        "",
    ]
    if rows:
        lines += [
            "| stories | mode | page | req/s | p50 ms | p99 ms | of ceiling | non-2xx/3xx |",
            "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for size, mode, name, result, ceiling in rows:
            lines.append(
                f"| {size:,} | {mode} | {name} | {result['rps']:.0f} | {result['p50']:.2f} | "
                f"{result['p99']:.2f} | {result['rps'] / ceiling:.1%} | {result['errors']} |"
            )
        errors = sum(result["errors"] for *_, result, _ in rows)
        lines += [
            "",
            f"Non-2xx/3xx answers: {errors}. Error lines in the server log: {log_errors}.",
            "",
            "Cold article page in-process (bench/cpu.py: the page cache off, Django's test "
            f"client, {options.cpu_requests} requests after a warm-up; time.process_time):",
            "",
            *(
                f"- {size:,} stories: {figures[0]:.2f} ms CPU/request, "
                f"wall median {figures[1]:.2f} ms"
                for size, figures in cpu.items()
            ),
            "",
        ]
    else:
        lines += [f"Error lines in the server log: {log_errors}.", ""]
    for size, result in days.items():
        lines += render_day(size, result, options)
    for size, result in (lives or {}).items():
        lines += live.render(size, result)
    checks = targets(rows, cpu, sorted(seeding), days)
    if checks:  # the live mode alone has no target of the issue's
        lines += [
            "| target | this run | met |",
            "| --- | ---: | --- |",
            *(f"| {name} | {figure} | {'yes' if met else 'NO'} |" for name, figure, met in checks),
            "",
        ]
    return "\n".join(lines)


def render_day(size, result, options):
    """The day's section of the results: how it ran, a row per phase, the target."""
    phases, quiet = result["phases"], result["phases"]["quiet"]["rps"]
    what = {
        "none": "nothing",
        "save": "saves a story every {every:g} s",
        "publish": "publishes a story every {every:g} s",
    }
    lines = [
        f"## Newsroom day, {size:,} stories",
        "",
        "Warm (the page cache, through Redis), the site under gunicorn as above, the task "
        "worker (`manage.py db_worker`) beside it; the desk a process of its own "
        "(bench/day.py), saving and publishing through the ORM with the site's environment.",
        f"Readers: wrk, 2 threads, 2 connections, bench/.data/day.lua over {result['pages']} "
        f"pages: {day.describe_mix()}.",
        "Each phase: the desk started and the task queue empty, every page of the mix "
        f"asked for once, {result['warmup']} s of warm-up, then {result['seconds']} s "
        f"measured while the desk works; median of {options.rounds} rounds through the "
        "three phases.",
        "",
        "| phase | the desk | req/s | p50 ms | p99 ms | of quiet | non-2xx/3xx | "
        "done by the desk | tasks enqueued |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for phase, (action, every) in day.PHASES.items():
        figures = phases[phase]
        lines.append(
            f"| {phase} | {what[action].format(every=every)} | {figures['rps']:.0f} | "
            f"{figures['p50']:.2f} | {figures['p99']:.2f} | {figures['rps'] / quiet:.1%} | "
            f"{figures['errors']} | {done_by_desk(figures['desks'])} | "
            f"{tasks_run(figures['desks'])} |"
        )
    ratio = day_ratio(result)
    socket_errors = sum(figures["socket"] for figures in phases.values())
    logs = ", ".join(f"{name} {count}" for name, count in result["errors"].items())
    lines += [
        "",
        f"Target: with one save a second, >= {day.SAVES_TARGET:.0%} of the quiet req/s: "
        f"{ratio:.1%}, {'PASS' if ratio >= day.SAVES_TARGET else 'FAIL'}.",
        f"Socket errors: {socket_errors}. Error lines during the day: {logs}. "
        f"Stories the desk published, deleted afterwards: {result['tidied']}.",
        "",
    ]
    return lines


if __name__ == "__main__":
    # bench/live.py imports this module by name: let it find this copy, not a second.
    sys.modules.setdefault("throughput", sys.modules[__name__])
    main()
