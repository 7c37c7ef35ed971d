"""How fast a digest goes out: mails a second from the rows, through the real code path.

    .venv/bin/python bench/mail_rate.py            # 5,000 readers, in-memory backend and SMTP
    .venv/bin/python bench/mail_rate.py 20000      # another number of readers

Its own SQLite database (bench/.data/newsletters.sqlite3, made again each run).
Two runs: Django's in-memory mail backend (what the code costs: building each
message, its signed links, marking its row) and a real SMTP server on loopback
(aiosmtpd, accepting and dropping every message), one connection for the run.
"""

import os
import sys
import time
from pathlib import Path

DB = Path(__file__).resolve().parent / ".data" / "mail_rate.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
DB.unlink(missing_ok=True)

from django_setup import DATA  # noqa: E402, F401 - sets Django up

# isort: split

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from newsletters import sending  # noqa: E402
from newsletters.models import Mail, Newsletter, Subscriber, Subscription  # noqa: E402


class Drop:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Drop.count += 1
        return "250 OK"


def seed(readers):
    call_command("migrate", verbosity=0)
    section, _ = Section.objects.get_or_create(slug="movies", defaults={"name": "Movies"})
    for n in range(8):
        Article.objects.create(
            headline=f"Story {n} of the day",
            standfirst="A summary of the story.",
            body="<p>Text.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
    newsletter = Newsletter.objects.create(name="Daily", sender="daily@example.com")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.com", confirmed_at=now) for n in range(readers)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=s, newsletter=newsletter, kind="digest", target="digest",
            consent_wording="x", consent_page="/", confirmed_at=now,
        )
        for s in Subscriber.objects.all()
    )  # fmt: skip
    return newsletter


def run(newsletter, label):
    Mail.objects.all().delete()
    started = time.perf_counter()
    counts = sending.send_digest(newsletter)
    took = time.perf_counter() - started
    print(f"{label}: {counts['sent']} mails in {took:.1f} s, {counts['sent'] / took:.0f} mails/s")


def main():
    readers = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    newsletter = seed(readers)
    locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with override_settings(MAILERS=locmem):
        mail.outbox = []
        run(newsletter, "in-memory backend")
    controller = Controller(Drop(), hostname="127.0.0.1", port=8026)
    controller.start()
    smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 8026},
        }
    }
    try:
        with override_settings(MAILERS=smtp):
            run(newsletter, "SMTP (aiosmtpd on loopback)")
    finally:
        controller.stop()
    print(f"the SMTP server took {Drop.count} messages; batch {settings.NEWSROOM_MAIL_BATCH}")


if __name__ == "__main__":
    main()
