"""Keep the demo's live story moving: the next entry of a script is posted to the fan
convention `seed_demo` adds, every 45 seconds, while `make run` is up (the Procfile's
``live`` process). When the script runs out, the coverage ends.

Entries go through ``articles.live.post``, like the desk's, by a demo desk account
with an editor's permissions (no password: nobody signs in with it). The entries it
posted tell it how far through the script it is, so a restart carries on.

``NEWSROOM_DEMO_LIVE=0`` switches it off. Under honcho, a process that ends stops all
the others, so the Procfile passes ``--stay``: done or off, it waits to be stopped.
"""

import os
import sys
import time
import traceback

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection

from articles import live
from articles.models import Article, Author, LiveEntry
from demo.live_stories import CONVENTION, SCRIPT

SWITCH = "NEWSROOM_DEMO_LIVE"
OFF = {"0", "false", "no", "off"}
DESK_USERNAME = "demo-live-desk"
# Posting, publishing (ending the coverage) and taking entries back (--again).
DESK_PERMISSIONS = [
    "add_liveentry",
    "change_liveentry",
    "delete_liveentry",
    "change_article",
    "publish_article",
]
# Key points shown at most; a new one pushes out the oldest.
MOST_KEY_POINTS = 5
# Failed attempts in a row (a database busy or gone) before it gives up.
MOST_FAILURES = 5

sleep = time.sleep  # tests replace it


def switched_off():
    return os.environ.get(SWITCH, "1").strip().lower() in OFF


def desk_user():
    """The demo desk account entries are posted by, made the first time."""
    user, made = get_user_model().objects.get_or_create(
        username=DESK_USERNAME, defaults={"first_name": "Live desk", "last_name": "(demo)"}
    )
    if made:
        user.set_unusable_password()
        user.save()
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=DESK_PERMISSIONS
            )
        )
    return user


class Command(BaseCommand):
    help = (
        "Post the next entry of the demo script to the demo live story every 45 seconds "
        f"(off with {SWITCH}=0). The coverage ends when the script runs out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=45,
            metavar="SECONDS",
            help="Seconds between two entries (default 45).",
        )
        parser.add_argument("--once", action="store_true", help="Post one entry and stop.")
        parser.add_argument(
            "--again",
            action="store_true",
            help="Start the script over: take back the entries it posted and reopen the coverage.",
        )
        parser.add_argument(
            "--stay",
            action="store_true",
            help="Once done (or switched off), wait to be stopped instead of ending: "
            "honcho stops every process of `make run` when one ends.",
        )

    def handle(self, *args, interval, once, again, stay, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        try:
            try:
                self.run(interval, once, again)
            except Exception:
                if not stay:
                    raise
                # Not worth stopping the web server and the worker for: shown, and waited out.
                traceback.print_exc(file=sys.stderr)
                self.say("The demo live story stopped on the error above.")
            if stay:
                while True:
                    sleep(3600)
        except KeyboardInterrupt:
            pass  # Ctrl-C: `make run` is stopping

    def say(self, message):
        self.stdout.write(message)
        self.stdout.flush()  # a pipe under honcho: shown now, not when a buffer fills

    def run(self, interval, once, again):
        if switched_off():
            self.say(f"The demo live story is switched off ({SWITCH}=0): nothing posted.")
            return
        story = Article.objects.filter(slug=CONVENTION["slug"]).first()
        if story is None:
            self.say(
                "There is no demo live story on this site to post to: "
                "`python manage.py seed_demo` adds it. Nothing posted."
            )
            return
        desk = desk_user()
        if again:
            self.start_over(story, desk)
        failures = 0
        while True:
            if not connection.in_atomic_block:  # (a test's transaction: kept)
                close_old_connections()  # a connection idle for a while may have gone
            try:
                going_on = self.step(story, desk)
                failures = 0
            except Article.DoesNotExist:
                self.say("The demo live story was deleted: nothing more to post.")
                return
            except DatabaseError as error:  # e.g. SQLite busy with the server's write
                failures += 1
                if failures >= MOST_FAILURES:
                    raise
                self.say(f"Could not post this time ({error}); trying again.")
                going_on = True
            if not going_on or once:
                return
            sleep(interval)

    def step(self, story, desk):
        """Post the next entry; whether there is more to come."""
        story.refresh_from_db()
        if not story.is_live_now:
            self.say(
                f"The coverage of “{story.headline}” has ended: nothing posted. "
                "`python manage.py demo_live --again` starts the script over."
            )
            return False
        done = LiveEntry.objects.filter(article=story, created_by=desk).count()
        if done >= len(SCRIPT):
            self.finish(story, desk)
            return False
        item = SCRIPT[done]
        entry = live.post(
            story,
            desk,
            title=item.get("title", ""),
            body=item["body"],
            link=item.get("link", ""),
            key_moment=item.get("key_moment", False),
            authors=list(Author.objects.filter(slug__in=item["by"])),
        )
        self.say(f"Live entry {done + 1} of {len(SCRIPT)} posted: {entry.summary}")
        if "key_point" in item:
            points = [*story.key_point_list, item["key_point"]][-MOST_KEY_POINTS:]
            story.key_points = "\n".join(points)
            story.updated_by = desk
            story.save()
        if done + 1 == len(SCRIPT):
            self.finish(story, desk)
            return False
        return True

    def finish(self, story, desk):
        live.end_coverage(story, desk)
        self.say(
            f"The demo script has run out ({len(SCRIPT)} entries): the coverage of "
            f"“{story.headline}” has ended. `python manage.py demo_live --again` starts it over."
        )

    def start_over(self, story, desk):
        taken = 0
        for entry in LiveEntry.objects.filter(article=story, created_by=desk):
            live.delete(entry, desk)
            taken += 1
        story.refresh_from_db()
        story.coverage_end = None
        story.key_points = CONVENTION["key_points"]
        story.updated_by = desk
        story.save()
        self.say(f"The demo script starts over: {taken} entries taken back, coverage reopened.")
