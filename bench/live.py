"""A live night: readers' pages checking a live story while entries are posted to it.

bench/throughput.py runs it (``--modes live``): the warm site (the page cache, through
Redis) under gunicorn with the task worker beside it, the day's reader mix driven by
wrk at full speed (bench/day.py), and the newest story made live coverage. Three
phases, each ``--live-seconds`` long and measured in the same run:

- quiet: the mix alone;
- checks: the mix, and ``--live-readers`` simulated readers' pages each asking the
  story's update address (``<story>/live/updates/?since=N``) every
  ``--live-check-every`` seconds, with no entry posted: every check should be a kept
  answer;
- live: the same, and an entry posted every ``--live-entry-every`` seconds.

The readers are one asyncio client per ``--live-clients`` process, each reader with
its own pace, its own ``since`` (the revision of the last answer, as
reader/static/reader/live.js keeps it) and the ETag of its last answer (a browser
revalidates the same way once the answer's few seconds of max-age are over). The
entries come from a process of their own (``poster``), through ``articles.live.post``
with the site's environment, so each one takes the story's next revision, writes
its outbox row and purges the story's key once it commits, as the desk's would.

The commands below run in the site's environment (as bench/day.py's desk does):

    .venv/bin/python bench/live.py story      # make the newest story live; JSON
    .venv/bin/python bench/live.py poster --story ID --every 20 --seconds 60
    .venv/bin/python bench/live.py readers --base http://127.0.0.1:8141 --path P \\
        --since N --readers 500 --every 15 --seconds 60
    .venv/bin/python bench/live.py statements # PostgreSQL: transactions so far
    .venv/bin/python bench/live.py tidy       # remove the bench's entries again

``poster`` and ``readers`` print a "ready" line, wait for a line on their standard
input, work for ``--seconds`` and print their figures as one JSON line.
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODE = "live"

READERS = 1000
CHECK_EVERY = 15.0
ENTRY_EVERY = 20.0
CLIENTS = 2
SECONDS = 60
# Entries the live story starts with: a page and a half of them.
STARTING_ENTRIES = 30
# Seconds to wait for one check before counting it as an error.
TIMEOUT = 10.0
# After an entry, checks for this long are "just after an entry" in the report.
AFTER_ENTRY = 2.0
# phase: (readers checking, entries posted)
PHASES = {
    "quiet": (False, False),
    "checks": (True, False),
    "live": (True, True),
    # The mix alone again: how far the machine drifted meanwhile (it is shared).
    "quiet again": (False, False),
}
ACCOUNT = "bench-live"


def add_arguments(parser):
    """The live mode's options, on bench/throughput.py's parser."""
    group = parser.add_argument_group("live mode")
    group.add_argument(
        "--live-seconds", type=int, default=SECONDS, help=f"per phase (default {SECONDS})"
    )
    group.add_argument(
        "--live-readers", type=int, default=READERS, help=f"readers' pages (default {READERS})"
    )
    group.add_argument(
        "--live-check-every",
        type=float,
        default=CHECK_EVERY,
        help=f"seconds between one reader's checks, on average (default {CHECK_EVERY:g})",
    )
    group.add_argument(
        "--live-entry-every",
        type=float,
        default=ENTRY_EVERY,
        help=f"seconds between entries in the live phase (default {ENTRY_EVERY:g})",
    )
    group.add_argument(
        "--live-clients",
        type=int,
        default=CLIENTS,
        help=f"processes the readers are spread over (default {CLIENTS})",
    )


# The parent's side: bench/throughput.py calls ``run``.


def run(size, options, log, plain):
    """The three phases, once each; ``plain`` is the ceiling's server when it runs."""
    import throughput as bench

    env = bench.site_env("warm", options.redis)
    seconds, warmup = options.live_seconds, 2
    worker_log, poster_log = bench.DATA / "worker.log", bench.DATA / "live-poster.log"
    for old in (worker_log, poster_log):
        old.unlink(missing_ok=True)
    script(env, "tidy")  # what a run stopped half-way left
    bench.forget_cache(options.redis)
    mix = json.loads(bench.day_script(env, "mix"))
    lua = bench.DATA / "day.lua"
    lua.write_text(bench.day.lua_script(mix))
    postgres = env["DATABASE_URL"].startswith("postgres")
    server_errors = bench.error_lines(log)
    results, ceilings = {}, []
    site = bench.Server("newsroom.wsgi:application", ROOT, options.site_port, env, log, "/healthz")
    ceiling_server = (
        contextlib.nullcontext(plain)
        if isinstance(plain, bench.Server)
        else bench.Server(
            "plainsite.wsgi:application",
            ROOT / "bench" / "plain",
            options.plain_port,
            bench.plain_env(),
            log,
            "/",
        )
    )
    ceiling_seconds = min(10, seconds)
    with ceiling_server as ceiling, site, bench.Worker(env, worker_log):
        # With the worker running, so that what making it live enqueued is done first.
        story = json.loads(script(env, "story"))
        if story["path"] != mix[0][1]:
            raise SystemExit(f"The live story {story['path']} is not the mix's first, {mix[0][1]}")
        print(
            f"  live: {story['path']} ({story['entries']} entries), {options.live_readers} "
            f"readers every {options.live_check_every:g} s over {options.live_clients} "
            f"processes, an entry every {options.live_entry_every:g} s; beside the day's mix",
            flush=True,
        )
        ceilings.append(bench.wrk(ceiling.base + "/", ceiling_seconds))
        for phase, (reading, posting) in PHASES.items():
            revision = check_once(site.base + story["updates"])
            bench.prime(site.base, [*mix, ["live", f"{story['updates']}?since={revision}", 0]])
            poster = (
                Poster(env, story["id"], options.live_entry_every, seconds, poster_log)
                if posting
                else contextlib.nullcontext()
            )
            clients = (
                Readers(env, site.base, story["updates"], revision, seconds, options)
                if reading
                else contextlib.nullcontext()
            )
            with poster, clients:
                bench.wrk_mix(site.base, lua, warmup)
                before = statements(env) if postgres else None
                for process in (poster, clients):
                    if hasattr(process, "go"):
                        process.go()
                mixed = bench.wrk_mix(site.base, lua, seconds)
            time.sleep(1.5)  # PostgreSQL's counters reach the view within a second
            after = statements(env) if postgres else None
            results[phase] = {
                "site": mixed,
                "checks": summarise_checks(
                    getattr(clients, "summary", None), getattr(poster, "summary", None)
                ),
                "poster": getattr(poster, "summary", None),
                "statements": None if before is None else after - before,
            }
            say(size, phase, results[phase], seconds)
        ceilings.append(bench.wrk(ceiling.base + "/", ceiling_seconds))
        tidied = json.loads(script(env, "tidy"))
    return {
        "story": story,
        "phases": results,
        "ceilings": ceilings,
        "ceiling_seconds": ceiling_seconds,
        "seconds": seconds,
        "warmup": warmup,
        "pages": len(mix),
        "postgres": postgres,
        "tidied": tidied,
        "options": {
            "readers": options.live_readers,
            "check_every": options.live_check_every,
            "entry_every": options.live_entry_every,
            "clients": options.live_clients,
        },
        "errors": {
            "server log": bench.error_lines(log) - server_errors,
            "task worker log": bench.error_lines(worker_log),
            "poster log": bench.error_lines(poster_log),
        },
    }


def script(env, *args):
    """What ``bench/live.py ARGS`` prints on its last line, in the site's environment."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "live.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"bench/live.py {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout.strip().splitlines()[-1]


def statements(env):
    return int(script(env, "statements"))


def check_once(url):
    """The story's revision now, from its update address."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310
        return json.load(answer)["revision"]


class Helper:
    """A ``bench/live.py`` process that says "ready", waits for "go" and prints its
    figures as one JSON line at the end."""

    prefix = ""

    def start(self, env, args, log):
        self.log = log
        log_file = open(log, "a")  # noqa: SIM115 - closed in close()
        self.files = [*getattr(self, "files", []), log_file]
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "live.py"), *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
        line = process.stdout.readline().strip()
        if line != f"{self.prefix}: ready":
            stop(process)
            self.close()
            raise SystemExit(f"bench/live.py {args[0]} did not start; see {log}")
        return process

    def finish(self, process, timeout):
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            out = stop(process)
        found = [line for line in out.splitlines() if line.startswith(f"{self.prefix}: {{")]
        if process.returncode != 0 or not found:
            tail = "\n".join(self.log.read_text().splitlines()[-25:])
            raise SystemExit(
                f"bench/live.py {self.prefix} failed with status {process.returncode}; "
                f"the end of {self.log}:\n{tail}"
            )
        return json.loads(found[-1].removeprefix(f"{self.prefix}: "))

    def close(self):
        for log_file in getattr(self, "files", []):
            log_file.close()
        self.files = []


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out or ""


def tell(process):
    with contextlib.suppress(BrokenPipeError):  # it failed: finishing says how
        process.stdin.write("go\n")
        process.stdin.flush()


class Poster(Helper):
    """The live desk of the live phase: an entry every ``every`` seconds."""

    prefix = "poster"

    def __init__(self, env, story, every, seconds, log):
        self.env, self.seconds, self.path = env, seconds, log
        self.args = ["poster", "--story", str(story), "--every", str(every)]
        self.args += ["--seconds", str(seconds)]

    def __enter__(self):
        self.process = self.start(self.env, self.args, self.path)
        return self

    def go(self):
        tell(self.process)

    def __exit__(self, *exc):
        if exc[0] is not None:
            stop(self.process)
        else:
            self.summary = self.finish(self.process, self.seconds + 60)
        self.close()


class Readers(Helper):
    """The readers' pages, spread over ``options.live_clients`` processes."""

    prefix = "readers"

    def __init__(self, env, base, path, since, seconds, options):
        self.env, self.seconds = env, seconds
        count = max(1, options.live_clients)
        shares = [options.live_readers // count + (i < options.live_readers % count)
                  for i in range(count)]  # fmt: skip
        self.args = [
            [
                "readers",
                "--base",
                base,
                "--path",
                path,
                "--since",
                str(since),
                "--readers",
                str(share),
                "--every",
                str(options.live_check_every),
                "--seconds",
                str(seconds),
                "--seed",
                str(number),
            ]
            for number, share in enumerate(shares)
        ]
        self.path = ROOT / "bench" / ".data" / "live-readers.log"

    def __enter__(self):
        self.processes = []
        try:
            for args in self.args:
                self.processes.append(self.start(self.env, args, self.path))
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def go(self):
        for process in self.processes:
            tell(process)

    def __exit__(self, *exc):
        if exc[0] is not None:
            for process in self.processes:
                stop(process)
        else:
            self.summary = [self.finish(p, self.seconds + 60) for p in self.processes]
        self.close()


def percentile(values, share):
    """Nearest-rank percentile of ``values`` (sorted here), or None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def spread(values):
    return {"count": len(values), "p50": percentile(values, 0.5), "p99": percentile(values, 0.99)}


def summarise_checks(clients, poster):
    """The readers' figures merged: latency, errors, the answers made rather than kept,
    the clients' own CPU and lateness. None when no reader ran."""
    if clients is None:
        return None
    checks = [check for client in clients for check in client["checks"]]
    ok = [check for check in checks if check["status"] in (200, 304)]
    latencies = [check["ms"] for check in ok]
    failed = {}
    for check in checks:
        if check["status"] not in (200, 304):
            failed[str(check["status"])] = failed.get(str(check["status"]), 0) + 1
    # A kept answer carries the Last-Modified of the moment it was made; each distinct
    # (address, Last-Modified) pair among the answers is one time the view ran (a
    # lower bound: two made in the same second look like one).
    nothing, changed = set(), set()
    for check in ok:
        made = (check["since"], check["made"])
        (nothing if check["revision"] == check["since"] else changed).add(made)
    revisions = {since for since, _ in nothing}
    entries_at = poster["posted_at"] if poster else []
    near = [
        check["ms"]
        for check in ok
        if any(0 <= check["at"] - at <= AFTER_ENTRY for at in entries_at)
    ]
    far = [
        check["ms"]
        for check in ok
        if not any(0 <= check["at"] - at <= AFTER_ENTRY for at in entries_at)
    ]
    wall = max(client["wall_s"] for client in clients)
    return {
        "count": len(checks),
        "rate": len(checks) / wall if wall else 0.0,
        "ok": len(ok),
        "not_modified": sum(1 for check in ok if check["status"] == 304),
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies, default=None),
        "errors": sum(failed.values()),
        "failed": failed,
        "made_nothing_changed": len(nothing),
        "revisions_seen": len(revisions),
        "made_changed": len(changed),
        "moved": sum(1 for check in ok if check["revision"] != check["since"]),
        "near_entry": spread(near),
        "elsewhere": spread(far),
        "cpu": [client["cpu_s"] / client["wall_s"] for client in clients],
        "lag_p99": max(client["lag_p99_ms"] for client in clients),
        "lag_max": max(client["lag_max_ms"] for client in clients),
        "clients": len(clients),
    }


def say(size, phase, result, seconds):
    site, checks, poster = result["site"], result["checks"], result["poster"]
    line = (
        f"  {size:>7,} live {phase:7} site {site['rps']:7.0f} req/s p50 {site['p50']:5.2f} ms "
        f"p99 {site['p99']:6.2f} ms"
    )
    if checks:
        line += (
            f" | checks {checks['count']} ({checks['rate']:.1f}/s) p50 {checks['p50']:.2f} ms "
            f"p99 {checks['p99']:.2f} ms errors {checks['errors']} | client CPU "
            + "/".join(f"{share:.0%}" for share in checks["cpu"])
        )
    if poster:
        line += f" | {poster['done']}/{poster['planned']} entries ({poster['mean_ms']:.0f} ms)"
    print(line, flush=True)


def live_ratio(result):
    phases = result["phases"]
    return phases["live"]["site"]["rps"] / phases["quiet"]["site"]["rps"]


def ms(value):
    return "-" if value is None else f"{value:.2f}"


def render(size, result):
    """The live mode's section of the results file."""
    phases, opts = result["phases"], result["options"]
    quiet = phases["quiet"]["site"]["rps"]
    ceiling = sorted(c["rps"] for c in result["ceilings"])
    ceiling_mean = sum(ceiling) / len(ceiling)
    story = result["story"]
    lines = [
        f"## Live coverage, {size:,} stories",
        "",
        "Warm (the page cache, through Redis), the site under gunicorn as above, the task "
        "worker beside it. The live story is the newest one (the mix's most read page, "
        f"{story['path']}), given a coverage start and {story['entries']} entries before "
        "the phases.",
        f"Site traffic: wrk, 2 threads, 2 connections, bench/.data/day.lua over "
        f"{result['pages']} pages ({_mix_words()}), at full speed in every phase.",
        f"Checks: {opts['readers']} readers' pages, each asking "
        "`<story>/live/updates/?since=<its revision>` every "
        f"{opts['check_every']:g} s on average (each its own pace, 0.8-1.2 times that, "
        "first check at a random moment), moving to the answer's revision as live.js does "
        "and sending the last answer's ETag (If-None-Match); asyncio and one new connection "
        f"per check (gunicorn's sync workers close each), over {opts['clients']} processes. "
        f"Entries: `bench/live.py poster`, `articles.live.post` every "
        f"{opts['entry_every']:g} s (the first half an interval in), through the model, "
        "its outbox row and its purge of the story's key.",
        f"Each phase: every page of the mix and the check asked for once, {result['warmup']} s "
        f"of wrk warm-up, then {result['seconds']} s measured; one round, in the order below.",
        "",
        "| phase | checks/s | check p50 ms | check p99 ms | check errors | site req/s | "
        "site p50 ms | site p99 ms | of quiet | of ceiling | entries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for phase, figures in phases.items():
        site, checks, poster = figures["site"], figures["checks"], figures["poster"]
        lines.append(
            f"| {phase} | {f'{checks["rate"]:.1f}' if checks else '-'} | "
            f"{ms(checks['p50']) if checks else '-'} | {ms(checks['p99']) if checks else '-'} | "
            f"{checks['errors'] if checks else '-'} | {site['rps']:.0f} | {site['p50']:.2f} | "
            f"{site['p99']:.2f} | {site['rps'] / quiet:.1%} | {site['rps'] / ceiling_mean:.1%} | "
            + (
                f"{poster['done']}/{poster['planned']}, {poster['mean_ms']:.0f} ms each"
                if poster
                else "none"
            )
            + " |"
        )
    live = phases["live"]
    lines += [
        "",
        f"Site throughput with the live readers and entries: {live_ratio(result):.1%} of the "
        f"quiet figure ({live['site']['rps']:.0f} / {quiet:.0f} req/s). The plain Django "
        f"constant view (bench/plain, wrk as for the pages, {result['ceiling_seconds']} s "
        "before and after the phases): "
        + " and ".join(f"{c['rps']:.0f}" for c in result["ceilings"])
        + " req/s. The mix alone again at the end: "
        f"{phases['quiet again']['site']['rps'] / quiet:.1%} of the first quiet phase "
        "(how much the shared machine drifted meanwhile).",
        "",
        "| phase | checks | 304 | moved revision | answers made (nothing changed / changed) | "
        "revisions seen | p99 within "
        f"{AFTER_ENTRY:g} s of an entry | p99 otherwise | max ms | DB transactions | "
        "client CPU | client lateness p99 / max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for phase, figures in phases.items():
        checks = figures["checks"]
        db = "-" if figures["statements"] is None else f"{figures['statements']:,}"
        if not checks:
            lines.append(f"| {phase} | - | - | - | - | - | - | - | - | {db} | - | - |")
            continue
        near, far = checks["near_entry"], checks["elsewhere"]
        lines.append(
            f"| {phase} | {checks['count']} | {checks['not_modified']} | {checks['moved']} | "
            f"{checks['made_nothing_changed']} / {checks['made_changed']} | "
            f"{checks['revisions_seen']} | "
            + (f"{ms(near['p99'])} ({near['count']})" if near["count"] else "-")
            + f" | {ms(far['p99'])} | {ms(checks['max'])} | {db} | "
            + " / ".join(f"{share:.1%}" for share in checks["cpu"])
            + f" of a core | {checks['lag_p99']:.1f} / {checks['lag_max']:.1f} |"
        )
    failed = {
        phase: figures["checks"]["failed"]
        for phase, figures in phases.items()
        if figures["checks"] and figures["checks"]["failed"]
    }
    socket_errors = sum(figures["site"]["socket"] for figures in phases.values())
    site_errors = sum(figures["site"]["errors"] for figures in phases.values())
    logs = ", ".join(f"{name} {count}" for name, count in result["errors"].items())
    lines += [
        "",
        "Answers made: the distinct (address, Last-Modified) pairs among the checks' "
        "answers, i.e. how often the view ran rather than a kept answer being sent (a "
        "lower bound, Last-Modified being in seconds); with nothing changed it should be "
        "one per revision seen. DB transactions: PostgreSQL's count for the database "
        "(pg_stat_database) over the measured seconds, the site's, the worker's and the "
        "poster's together (each query outside a transaction counts as one). Client "
        "CPU: each reader process's CPU time over its wall time; lateness: how far after "
        "its planned moment a check began.",
        f"Check errors by kind: {json.dumps(failed) if failed else 'none'}. Site non-2xx/3xx: "
        f"{site_errors}; socket errors: {socket_errors}. Error lines: {logs}. "
        f"Entries removed afterwards: {result['tidied']['deleted']}.",
        "",
    ]
    return lines


def _mix_words():
    import day

    return day.describe_mix()


# The processes' side.


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def account():
    """The bench's live desk account: it may post entries and publish (no review)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user, made = get_user_model().objects.get_or_create(
        username=ACCOUNT, defaults={"is_staff": True}
    )
    if made:
        user.set_unusable_password()
        user.save()
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="articles", codename="add_liveentry"),
            Permission.objects.get(content_type__app_label="articles", codename="publish_article"),
        )
    return get_user_model().objects.get(pk=user.pk)  # no permission cache from before


def entry_body(number):
    from django.utils import timezone

    return (
        f"<p><strong>{timezone.localtime():%H:%M:%S}</strong> Update {number} from the "
        "premiere: the cast has reached the end of the red carpet, the director is "
        "talking to the press about the stunt that closes the film, and the first "
        "screening starts in a few minutes.</p>"
    )


def make_story():
    """The newest published story (the mix's first) made live, with entries: JSON."""
    import day
    import reversion
    from django.db import transaction
    from django.utils import timezone

    from articles import live
    from reader.live import updates_url

    story = day.newest_stories()[0]
    user = account()
    if story.coverage_start is None:
        story.coverage_start = timezone.now() - datetime.timedelta(hours=1)
        story.updated_by = user
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment("Live coverage started (bench).")
            story.save()
    for number in range(live.shown(story).count(), STARTING_ENTRIES):
        live.post(story, user, body=entry_body(number + 1))
    day.wait_for_the_worker()
    story.refresh_from_db()
    print(
        json.dumps(
            {
                "id": story.pk,
                "path": story.get_absolute_url(),
                "updates": updates_url(story),
                "revision": story.live_revision,
                "entries": live.shown(story).count(),
            }
        )
    )


def poster(story_id, every, seconds):
    """Post an entry every ``every`` seconds, from half an interval after the go."""
    from articles import live
    from articles.models import Article

    story = Article.objects.select_related("section").get(pk=story_id)
    user = account()
    first = live.shown(story).count() + 1
    print("poster: ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    # At every/2, then every ``every`` seconds, while the phase lasts.
    planned = max(0, math.ceil((seconds - every / 2) / every))
    took, posted_at, revisions = [], [], []
    for tick in range(planned):
        wait = started + every / 2 + tick * every - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        at, before = time.time(), time.perf_counter()
        entry = live.post(story, user, body=entry_body(first + tick))
        took.append(time.perf_counter() - before)
        posted_at.append(at)
        revisions.append(entry.revision)
    print(
        "poster: "
        + json.dumps(
            {
                "done": len(took),
                "planned": planned,
                "mean_ms": 1000 * sum(took) / len(took) if took else 0.0,
                "slowest_ms": 1000 * max(took, default=0.0),
                "posted_at": posted_at,
                "revisions": revisions,
            }
        ),
        flush=True,
    )


def transactions():
    """PostgreSQL's committed and rolled back transactions in this database so far."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        )
        print(cursor.fetchone()[0])


def tidy():
    """Remove the bench's entries, and the coverage of stories it left with none."""
    import reversion
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from articles.models import Article, LiveEntry

    user = get_user_model().objects.filter(username=ACCOUNT).first()
    deleted = 0
    if user is not None:
        for story in Article.objects.filter(entries__created_by=user).distinct():
            for entry in LiveEntry.objects.filter(article=story, created_by=user):
                entry.delete()
                deleted += 1
            if not LiveEntry.objects.filter(article=story).exists():
                story.coverage_start = story.coverage_end = None
                story.updated_by = user
                with transaction.atomic(), reversion.create_revision():
                    reversion.set_user(user)
                    reversion.set_comment("Live coverage removed (bench).")
                    story.save()
    print(json.dumps({"deleted": deleted}))


# The readers, without Django: asyncio and one connection per check.


async def fetch(host, port, path, etag):
    """(status, headers, body) of one GET, the connection closed after it."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Accept: application/json",
            "Connection: close",
        ]
        if etag:
            lines.append(f"If-None-Match: {etag}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def made_at(headers):
    value = headers.get("last-modified")
    try:
        return parsedate_to_datetime(value).timestamp() if value else None
    except (TypeError, ValueError):
        return None


async def one_reader(number, options, checks, lags, go):
    """One reader's page: checks on its own pace until the phase ends."""
    rng = random.Random(f"{options.seed}-{number}")
    loop = asyncio.get_running_loop()
    host, _, port = options.base.removeprefix("http://").partition(":")
    since, answers = options.since, {}  # since: (ETag, the revision that answer gave)
    due = go + rng.uniform(0, options.every)
    end = go + options.seconds
    while due < end:
        await asyncio.sleep(max(0.0, due - loop.time()))
        began = loop.time()
        lags.append(1000 * (began - due))
        at = time.time()
        etag, known = answers.get(since, (None, None))
        check = {"at": at, "since": since, "status": None, "revision": None, "made": None}
        try:
            async with asyncio.timeout(TIMEOUT):
                status, headers, body = await fetch(
                    host, int(port), f"{options.path}?since={since}", etag
                )
            check["status"] = status
            if status == 200:
                answer = json.loads(body)
                check["revision"] = answer["revision"]
                answers[since] = (headers.get("etag"), answer["revision"])
            elif status == 304:
                check["revision"] = known
            check["made"] = made_at(headers)
        except TimeoutError:
            check["status"] = "timeout"
        except (OSError, ValueError, KeyError, IndexError) as error:
            check["status"] = type(error).__name__
        check["ms"] = 1000 * (loop.time() - began)
        checks.append(check)
        if check["revision"] is not None and check["revision"] != since:
            since = check["revision"]
        due += options.every * rng.uniform(0.8, 1.2)


async def readers_main(options):
    loop = asyncio.get_running_loop()
    checks, lags = [], []
    go = loop.time()
    cpu = time.process_time()
    await asyncio.gather(
        *(one_reader(number, options, checks, lags, go) for number in range(options.readers))
    )
    return {
        "checks": checks,
        "cpu_s": time.process_time() - cpu,
        "wall_s": loop.time() - go,
        "lag_p99_ms": percentile(lags, 0.99) or 0.0,
        "lag_max_ms": max(lags, default=0.0),
    }


def readers(options):
    print("readers: ready", flush=True)
    sys.stdin.readline()
    figures = asyncio.run(readers_main(options))
    print("readers: " + json.dumps(figures), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("story", help="make the newest story live (with entries); JSON")
    posting = commands.add_parser("poster", help="post entries on a clock")
    posting.add_argument("--story", type=int, required=True)
    posting.add_argument("--every", type=float, default=ENTRY_EVERY)
    posting.add_argument("--seconds", type=float, required=True)
    reading = commands.add_parser("readers", help="readers' pages checking the update address")
    reading.add_argument("--base", required=True, help="e.g. http://127.0.0.1:8141")
    reading.add_argument("--path", required=True, help="the update address")
    reading.add_argument("--since", type=int, required=True)
    reading.add_argument("--readers", type=int, default=READERS)
    reading.add_argument("--every", type=float, default=CHECK_EVERY)
    reading.add_argument("--seconds", type=float, required=True)
    reading.add_argument("--seed", default="0")
    commands.add_parser("statements", help="PostgreSQL: transactions in this database so far")
    commands.add_parser("tidy", help="remove the bench's entries")
    options = parser.parse_args()
    if options.command == "readers":
        readers(options)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    setup_django()
    {
        "story": make_story,
        "poster": lambda: poster(options.story, options.every, options.seconds),
        "statements": transactions,
        "tidy": tidy,
    }[options.command]()


if __name__ == "__main__":
    main()
