"""The newsroom day: readers on the newest stories while the desk saves and publishes.

bench/throughput.py runs it (``--modes day``) with the site under gunicorn and the
task worker beside it. This file holds the two halves that are not HTTP:

- what readers ask for: ``lua_script`` turns the reader mix into a wrk script
  that picks a page per request by weight;
- the desk: run as a script with the site's environment (the same DATABASE_URL,
  REDIS_URL and settings as gunicorn), it lists the mix (``mix``), saves or
  publishes stories on a clock (``desk``) and removes what it published (``tidy``).

    .venv/bin/python bench/day.py mix
    .venv/bin/python bench/day.py desk --action save --every 1 --seconds 10
    .venv/bin/python bench/day.py tidy

The desk process prints "desk: ready" once Django is set up and the task queue is
empty (what the last phase enqueued is done), waits for a line on its standard
input, acts every ``--every`` seconds for ``--seconds``, then waits for SIGTERM and
prints its figures as one JSON line ("desk: {...}"). A save that fails
ends it with the traceback and exit status 1, so the bench stops with it.
"""

import argparse
import json
import math
import os
import random
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Readers: the newest stories, weighted 1/rank (Zipf, s = 1), the home page, every
# section and the most used tags, in these shares of all requests.
STORIES = 300
TAGS = 10
SHARES = {"story": 0.60, "home": 0.20, "section": 0.10, "tag": 0.10}
# phase: (what the desk does, every how many seconds)
PHASES = {"quiet": ("none", 0.0), "saves": ("save", 1.0), "publishing": ("publish", 10.0)}
# With one save a second, the site keeps this share of its quiet throughput.
SAVES_TARGET = 0.80
# The slugs of the stories the desk publishes, so that ``tidy`` finds them.
PUBLISHED_PREFIX = "newsroom-day-"
SUFFIX = re.compile(r" \(updated \d\d:\d\d:\d\d\)$")


def describe_mix():
    """The mix in words, for the output and the results file."""
    return (
        f"{SHARES['story']:.0%} the {STORIES} newest published stories (weighted 1/rank), "
        f"{SHARES['home']:.0%} the home page, {SHARES['section']:.0%} the sections (evenly), "
        f"{SHARES['tag']:.0%} the {TAGS} most used tags (evenly)"
    )


def zipf(count):
    """Weights 1/rank for ``count`` ranks, summing to 1."""
    raw = [1 / rank for rank in range(1, count + 1)]
    total = sum(raw)
    return [weight / total for weight in raw]


def lua_string(text):
    if not text.isascii() or not text.isprintable():
        raise ValueError(f"not a plain ASCII address: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(mix):
    """wrk's script: each request draws a page by weight, done() prints the figures.

    ``mix`` is a list of (kind, path, weight). Each wrk thread seeds its own random
    numbers; the pick is a binary search through the running totals.
    """
    total = sum(weight for _, _, weight in mix)
    running, rows = 0.0, []
    for index, (kind, path, weight) in enumerate(mix):
        running += weight / total
        edge = 1.0 if index == len(mix) - 1 else running
        rows.append(f"  {{{edge:.9f}, {lua_string(path)}}}, -- {kind}")
    kinds = {kind: sum(1 for k, _, _ in mix if k == kind) for kind in SHARES}
    return "\n".join(
        [
            "-- Written by bench/throughput.py (bench/day.py) for the newsroom day; not kept.",
            f"-- {describe_mix()}.",
            f"-- Pages: {', '.join(f'{count} {kind}' for kind, count in kinds.items())}.",
            "local pages = {",
            *rows,
            "}",
            "local count = #pages",
            "local threads = 0",
            "",
            "function setup(thread)",
            "  threads = threads + 1",
            '  thread:set("number", threads)',
            "end",
            "",
            "function init(args)",
            "  math.randomseed(os.time() * 1000 + number)",
            "end",
            "",
            "function request()",
            "  local r = math.random()",
            "  local low, high = 1, count",
            "  while low < high do",
            "    local middle = math.floor((low + high) / 2)",
            "    if pages[middle][1] <= r then low = middle + 1 else high = middle end",
            "  end",
            '  return wrk.format("GET", pages[low][2])',
            "end",
            "",
            "function done(summary, latency, requests)",
            "  local e = summary.errors",
            '  io.write(string.format("day-result requests=%d duration_us=%d p50_us=%d "',
            '    .. "p99_us=%d status=%d socket=%d\\n", summary.requests, summary.duration,',
            "    latency:percentile(50), latency:percentile(99), e.status,",
            "    e.connect + e.read + e.write + e.timeout))",
            "end",
            "",
        ]
    )


def parse_result(output):
    """The figures done() printed: req/s, p50 and p99 in ms, non-2xx/3xx, socket errors."""
    found = re.search(
        r"day-result requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) "
        r"status=(\d+) socket=(\d+)",
        output,
    )
    if found is None:
        raise RuntimeError(f"wrk printed no figures:\n{output}")
    requests, duration, p50, p99, status, socket_errors = map(int, found.groups())
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "errors": status,
        "socket": socket_errors,
    }


# Below: the desk's side, which runs inside Django with the site's settings.


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def newest_stories():
    """The newest published stories the readers read, the desk's own left out."""
    from articles.models import Article

    return (
        Article.objects.published()
        .exclude(slug__startswith=PUBLISHED_PREFIX)
        .select_related("section")
        .order_by("-publish_at", "-id")[:STORIES]
    )


def mix():
    """Print the reader mix as JSON: [kind, path, weight] for every page."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Section

    stories = list(newest_stories())
    if not stories:
        raise SystemExit("No published stories: seed the database first.")
    pages = [
        ["story", story.get_absolute_url(), SHARES["story"] * weight]
        for story, weight in zip(stories, zipf(len(stories)), strict=True)
    ]
    pages.append(["home", reverse("reader:home"), SHARES["home"]])
    sections = list(Section.objects.order_by("position", "pk"))
    pages += [
        ["section", reverse("reader:section", args=[s.slug]), SHARES["section"] / len(sections)]
        for s in sections
    ]
    on_stories = Q(taggit_taggeditem_items__content_type__model="article")
    tags = list(
        Tag.objects.annotate(stories=Count("taggit_taggeditem_items", filter=on_stories))
        .filter(stories__gt=0)
        .order_by("-stories", "slug")[:TAGS]
    )
    pages += [
        ["tag", reverse("reader:tag", kwargs={"slug": tag.slug}), SHARES["tag"] / len(tags)]
        for tag in tags
    ]
    print(json.dumps(pages))


def desk_user():
    """The desk account the saves are made by, as an editor's would be."""
    from django.contrib.auth import get_user_model

    user, made = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True}
    )
    if made:
        user.set_unusable_password()
        user.save()
    return user


def reading_order(stories, rng):
    """The stories in a random order that favours the newest as readers do (weighted
    sampling without replacement), so each save is of another story."""
    weights = zipf(len(stories))
    keyed = [
        (rng.random() ** (1 / weight), story)
        for story, weight in zip(stories, weights, strict=True)
    ]
    return [story for _, story in sorted(keyed, key=lambda pair: pair[0], reverse=True)]


class Desk:
    """One editor: saves a published story, or publishes a new one, each time it acts."""

    def __init__(self, action):
        from articles.models import Author, Section

        self.action = action
        self.rng = random.Random()
        self.user = desk_user()
        self.stories = []
        self.run = f"{int(time.time())}"
        self.count = 0
        if action == "publish":
            from taggit.models import Tag

            from demo import content as demo
            from demo.management.commands.seed_demo import Command as Seed

            # Built by seed_demo's own code, like the seeded stories.
            self.seed = Seed()
            self.sections = list(Section.objects.order_by("position", "pk"))
            self.authors = list(Author.objects.order_by("pk"))
            self.images = [self.seed.library_image(s) for s in [demo.FEATURETTE, *demo.STORIES]]
            self.tags = [Tag.objects.get(name__iexact=name) for name in demo.LOAD_TAGS]

    def act(self):
        if self.action == "save":
            self.save_one()
        elif self.action == "publish":
            self.publish_one()
        self.count += 1

    def save_one(self):
        """Change a published story's standfirst or headline and save it, as the desk does."""
        import reversion
        from django.db import transaction
        from django.utils import timezone

        from articles.models import Article

        if not self.stories:
            if not newest_stories().exists():
                raise RuntimeError("No published story to save: seed the database first.")
            self.stories = reading_order(
                list(newest_stories().values_list("pk", flat=True)), self.rng
            )
        story = Article.objects.get(pk=self.stories.pop(0))
        stamp = f" (updated {timezone.localtime():%H:%M:%S})"
        field = "standfirst" if self.count % 2 == 0 else "headline"
        setattr(story, field, SUFFIX.sub("", getattr(story, field)) + stamp)
        story.updated_by = self.user
        # The desk's form saves inside a transaction and a revision (VersionAdmin).
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(self.user)
            reversion.set_comment(f"Changed {field}.")
            story.save()

    def publish_one(self):
        """A new published story with a section, bylines and three tags, like the seeded
        ones, made through the desk's path: save(), then its bylines and tags."""
        import reversion
        from django.db import transaction
        from django.utils import timezone

        number = 1_000_000 + self.count
        story = self.seed.load_story(number, timezone.now(), self.sections, self.images)
        story.slug = f"{PUBLISHED_PREFIX}{self.run}-{self.count + 1}"
        story.headline = story.headline.replace(f" story {number})", ")")
        story.publish_at = timezone.now()
        story.created_by = story.updated_by = self.user
        rng = random.Random(number)
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(self.user)
            reversion.set_comment("Added and published.")
            story.save()
            story.authors.set(rng.sample(self.authors, k=1 + (self.count % 3 == 0)))
            story.tags.set(rng.sample(self.tags, k=3))

    def tasks_since(self, moment):
        """The tasks enqueued since ``moment``, by state: what the worker has done so far."""
        from django_tasks_db.models import DBTaskResult

        found = {}
        for status in DBTaskResult.objects.filter(enqueued_at__gte=moment).values_list(
            "status", flat=True
        ):
            found[status.lower()] = found.get(status.lower(), 0) + 1
        return found


def wait_for_the_worker(limit=60):
    """Until the task queue is empty (or ``limit`` seconds): what the last phase enqueued
    runs before this one, not in it. Returns the seconds waited."""
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    waiting = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    while time.monotonic() - started < limit and waiting.exists():
        time.sleep(0.2)
    return time.monotonic() - started


def desk(action, every, seconds):
    """Act every ``every`` seconds for ``seconds`` after the go, then wait for SIGTERM."""
    from django.utils import timezone

    editor = Desk(action)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    waited = wait_for_the_worker()
    print("desk: ready", flush=True)
    sys.stdin.readline()
    began, started = timezone.now(), time.monotonic()
    took = []
    planned = math.ceil(seconds / every) if action != "none" else 0
    tick = 0
    while not stopping:
        now = time.monotonic() - started
        if tick < planned and now >= tick * every:
            before = time.perf_counter()
            editor.act()
            took.append(time.perf_counter() - before)
            # Never a burst to catch up: the next tick after now.
            tick = max(tick + 1, math.ceil((time.monotonic() - started) / every))
            continue
        time.sleep(0.05)
    print(
        "desk: "
        + json.dumps(
            {
                "action": action,
                "done": editor.count,
                "planned": planned,
                "mean_ms": 1000 * sum(took) / len(took) if took else 0.0,
                "slowest_ms": 1000 * max(took, default=0.0),
                "tasks": editor.tasks_since(began),
                "waited_s": waited,
            }
        ),
        flush=True,
    )


def tidy():
    """Delete the stories the desk published, so the database holds the seeded count."""
    from articles.models import Article

    deleted = 0
    for story in Article.objects.filter(slug__startswith=PUBLISHED_PREFIX):
        story.delete()
        deleted += 1
    print(json.dumps({"deleted": deleted}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("mix", help="print the reader mix as JSON")
    acting = commands.add_parser("desk", help="save or publish on a clock (see above)")
    acting.add_argument("--action", choices=["none", "save", "publish"], required=True)
    acting.add_argument("--every", type=float, default=1.0, help="seconds between actions")
    acting.add_argument("--seconds", type=float, required=True, help="how long to act")
    commands.add_parser("tidy", help="delete the stories the desk published")
    options = parser.parse_args()
    setup_django()
    if options.command == "mix":
        mix()
    elif options.command == "desk":
        desk(options.action, options.every, options.seconds)
    else:
        tidy()


if __name__ == "__main__":
    main()
