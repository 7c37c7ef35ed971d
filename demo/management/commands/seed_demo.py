"""Fill a site with demo content, and optionally thousands of stories for load tests.

Safe to run again and again: every demo row has a fixed slug, so a second run
adds only what is missing.
"""

import random
from datetime import timedelta
from importlib import import_module

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.around import fill as fill_stored
from articles.models import (
    Article,
    Author,
    Credit,
    Entity,
    LiveEntry,
    Page,
    ReleaseDate,
    Section,
    StoryNote,
)
from articles.richtext import sanitize_html
from articles.signals import content_changed
from demo import content as demo
from demo import live_stories, news
from library.models import Image

LOAD_PREFIX = "demo-load-"
# The finished awards night and the convention `demo_live` keeps posting to.
LIVE_SPECS = [live_stories.AWARDS_NIGHT, live_stories.CONVENTION]
# The demo's other stories: the featurette, the longer stories, the day's news.
STORY_SPECS = [demo.FEATURETTE, *demo.STORIES, *news.NEWS]
# The five sections every site starts with, as the data migration made them.
SECTIONS = import_module("articles.migrations.0002_default_sections").SECTIONS


def count(value):
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--articles wants a whole number, not “{value}”.") from None
    if not 0 <= number <= 1_000_000:
        raise CommandError("--articles must be between 0 and 1,000,000.")
    return number


class Command(BaseCommand):
    help = (
        "Add the demo sections, bylines and stories (each only once). "
        "--articles N also adds N generated stories for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has stories (what `make run` uses).",
        )
        parser.add_argument(
            "--articles",
            type=str,
            default="0",
            metavar="N",
            help="Also make sure N generated load-test stories exist.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Stories written per transaction (default 1000).",
        )

    def handle(self, *args, if_empty, articles, batch_size, verbosity, **options):
        wanted = count(articles)
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if if_empty and Article.objects.exists():
            if verbosity:
                self.stdout.write("The site already has stories; no demo content added.")
            return
        self.quiet = verbosity == 0
        sections = self.seed_sections()
        authors = self.seed_authors()
        self.entities = self.seed_entities()
        self.seed_pages()
        added = self.seed_stories(sections, authors)
        self.say(f"Demo stories: {added} added, {len(STORY_SPECS) - added} already there.")
        live = self.seed_live(sections, authors)
        self.say(f"Live stories: {live} added, {len(LIVE_SPECS) - live} already there.")
        made = 0
        if wanted:
            made = self.seed_load(wanted, sections, authors, batch_size)
            self.say(f"Load-test stories: {made} added, {wanted - made} already there.")
        # Bulk rows send no signals, and a save's task runs only once its transaction
        # commits; new stories change the lists of the ones already there.
        stored = fill_stored(only_missing=not (added or live or made))
        self.say(f"Stories around stories: {stored} stored.")

    def say(self, message):
        if not self.quiet:
            self.stdout.write(message)

    def seed_sections(self):
        for position, (name, slug, description) in enumerate(SECTIONS, start=1):
            Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
        return {section.slug: section for section in Section.objects.all()}

    def seed_authors(self):
        for name, slug, bio, role, links in demo.AUTHORS:
            Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio, "job_title": role, "links": links}
            )
        return {author.slug: author for author in Author.objects.all()}

    def seed_pages(self):
        """About and Contact, in the footer; kept as they are if already there."""
        for spec in demo.PAGES:
            Page.objects.get_or_create(
                slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
            )

    def seed_entities(self):
        """The demo's people, films and franchise, by slug (kept if already there)."""
        found = {}
        for spec in demo.ENTITIES:
            fields = {
                key: spec[key]
                for key in ("name", "description", "imdb_id", "wikidata_id", "tmdb_id")
                if key in spec
            }
            if "franchise" in spec:
                fields["franchise"] = found[spec["franchise"]]
            if "picture" in spec:
                picture = spec["picture"]
                fields["picture"] = self.picture(
                    picture["image"], picture["alt"], credit=picture["credit"]
                )
            entity, made = Entity.objects.get_or_create(
                kind=spec["kind"], slug=spec["slug"], defaults=fields
            )
            found[spec["slug"]] = entity
            if not made:
                continue
            for country, date, kind, note in spec.get("releases", []):
                ReleaseDate.objects.create(
                    work=entity, country=country, date=date, kind=kind, note=note
                )
            for person, role, character in spec.get("cast", []):
                Credit.objects.create(
                    person=found[person], work=entity, role=role, character=character
                )
        return found

    def library_image(self, spec):
        """The library image of a demo story's hero."""
        return self.picture(
            spec["image"],
            spec["hero_alt"],
            spec.get("hero_caption", ""),
            spec.get("hero_credit", ""),
        )

    def picture(self, drawing, alt, caption="", credit=""):
        """The library image of a demo picture, stored and described once however often used."""
        name, (width, height) = demo.demo_image(drawing)
        image = Image.objects.filter(file=name).first()
        if image is None:
            image = Image(
                file=name, width=width, height=height, alt=alt, caption=caption, credit=credit
            )
            image.save()  # its renditions are made by the task the save enqueues
        return image

    def seed_stories(self, sections, authors):
        specs = STORY_SPECS
        existing = set(
            Article.objects.filter(slug__in=[s["slug"] for s in specs]).values_list(
                "slug", flat=True
            )
        )
        now = timezone.now()
        added = 0
        for position, spec in enumerate(specs):
            if spec["slug"] in existing:
                continue
            with transaction.atomic():
                image = self.library_image(spec)
                article = Article(
                    slug=spec["slug"],
                    headline=spec["headline"],
                    standfirst=spec["standfirst"],
                    body=spec["body"],
                    section=sections[spec["section"]],
                    hero=image,
                    trailer_url=spec.get("trailer_url", ""),
                    video_kind=spec.get("video_kind", Article.VideoKind.TRAILER),
                    featured=spec.get("featured", False),
                    status=Article.Status.PUBLISHED,
                    # The featurette is the newest featured story; the longer stories
                    # follow a few hours apart, the day's news (demo/news.py) between them.
                    publish_at=now - timedelta(hours=spec.get("hours", 1 + 5 * position)),
                    spoilers=spec.get("spoilers", ""),
                    spoils=spec.get("spoils", ""),
                )
                article.save()
                article.authors.set([authors[slug] for slug in spec["authors"]])
                article.tags.set(spec["tags"])
                article.about.set([self.entities[slug] for slug in spec.get("about", [])])
                article.mentions.set([self.entities[slug] for slug in spec.get("mentions", [])])
                if "note" in spec:
                    kind, text = spec["note"]
                    StoryNote.objects.create(
                        article=article, kind=kind, text=text, state=StoryNote.State.PUBLISHED
                    )
            added += 1
        return added

    def seed_live(self, sections, authors):
        """The live stories: last night's awards, over, and a convention going on now."""
        existing = set(
            Article.objects.filter(slug__in=[s["slug"] for s in LIVE_SPECS]).values_list(
                "slug", flat=True
            )
        )
        now = timezone.now()
        added = 0
        for spec in LIVE_SPECS:
            if spec["slug"] in existing:
                continue
            if "starts" in spec:  # at a set time the evening before, and over
                hour, minute = spec["starts"]
                first = timezone.localtime(now).replace(
                    hour=hour, minute=minute, second=0, microsecond=0
                ) - timedelta(days=1)
                start = first - timedelta(minutes=5)
                end = first + timedelta(minutes=spec["entries"][-1]["at"] + 4)
            else:  # started a while ago, still going on
                start = now - timedelta(minutes=spec["started_minutes_ago"])
                first, end = start, None
            with transaction.atomic():
                self.live_story(spec, sections, authors, start, end, first)
            added += 1
        return added

    def live_story(self, spec, sections, authors, start, end, first):
        article = Article(
            slug=spec["slug"],
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            body=spec["body"],
            section=sections[spec["section"]],
            hero=self.live_picture(spec["hero"]),
            status=Article.Status.PUBLISHED,
            publish_at=start,
            coverage_start=start,
            coverage_end=end,
            key_points=spec["key_points"],
        )
        article.save()
        article.authors.set([authors[slug] for slug in spec["authors"]])
        article.tags.set(spec["tags"])
        # Oldest first, as the desk would have posted them. Each save takes the story's
        # next live revision and stores its newest entry's time (articles/models/live.py).
        for item in spec["entries"]:
            entry = LiveEntry(
                article=article,
                posted_at=first + timedelta(minutes=item["at"]),
                title=item.get("title", ""),
                body=item["body"],
                link=item.get("link", ""),
                pinned=item.get("pinned", False),
                key_moment=item.get("key_moment", False),
                picture=self.live_picture(item["picture"]) if "picture" in item else None,
            )
            entry.full_clean(exclude=["article"])
            entry.save()
            entry.authors.set([authors[slug] for slug in item["by"]])
        return article

    def live_picture(self, spec):
        return self.picture(
            spec["image"], spec["alt"], spec.get("caption", ""), live_stories.PICTURE_CREDIT
        )

    def seed_load(self, wanted, sections, authors, batch_size):
        """Make sure ``demo-load-1`` … ``demo-load-N`` exist, in bulk."""
        have = set(
            Article.objects.filter(slug__startswith=LOAD_PREFIX).values_list("slug", flat=True)
        )
        missing = [n for n in range(1, wanted + 1) if f"{LOAD_PREFIX}{n}" not in have]
        if not missing:
            return 0
        # The bulk rows share the demo stories' library images (renditions made once).
        images = [self.library_image(spec) for spec in [demo.FEATURETTE, *demo.STORIES]]
        # Tags are case-insensitive on this site: reuse "stunts" for "Stunts".
        tags = [
            Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})[0]
            for name in demo.LOAD_TAGS
        ]
        section_list = list(sections.values())
        author_list = list(authors.values())
        article_type = ContentType.objects.get_for_model(Article)
        Byline = Article.authors.through
        # Older than the hand-written demo stories, so those stay at the top of the site.
        start = timezone.now() - timedelta(days=2)

        progress = tqdm(
            total=len(missing), unit=" stories", disable=None if not self.quiet else True
        )
        for first in range(0, len(missing), batch_size):
            numbers = missing[first : first + batch_size]
            batch = [self.load_story(n, start, section_list, images) for n in numbers]
            with transaction.atomic():
                created = Article.objects.bulk_create(batch)
                if created and created[0].pk is None:  # databases without RETURNING
                    by_slug = dict(
                        Article.objects.filter(slug__in=[a.slug for a in batch]).values_list(
                            "slug", "pk"
                        )
                    )
                    for article in created:
                        article.pk = by_slug[article.slug]
                bylines, tagged = [], []
                for n, article in zip(numbers, created, strict=True):
                    rng = random.Random(n)
                    for author in rng.sample(author_list, k=1 + (n % 3 == 0)):
                        bylines.append(Byline(article_id=article.pk, author_id=author.pk))
                    for tag in rng.sample(tags, k=3):
                        tagged.append(
                            TaggedItem(content_type=article_type, object_id=article.pk, tag=tag)
                        )
                Byline.objects.bulk_create(bylines)
                TaggedItem.objects.bulk_create(tagged)
            progress.update(len(numbers))
        progress.close()
        content_changed.send(sender=Article)  # bulk_create sends no post_save: cached pages go
        # Fresh statistics, or the query planner guesses from an empty table and
        # picks slow plans until autovacuum catches up (seen: 300 ms instead of 5 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return len(missing)

    def load_story(self, n, start, sections, images):
        rng = random.Random(n)
        subject, verb = rng.choice(demo.LOAD_SUBJECTS), rng.choice(demo.LOAD_VERBS)
        topic = rng.choice(demo.LOAD_TAGS).lower()
        return Article(
            slug=f"{LOAD_PREFIX}{n}",
            headline=f"{subject} {verb} ({topic} story {n})",
            standfirst=(
                f"A generated story for load tests, number {n}: {subject.lower()} {verb}, "
                f"and the {topic} desk has the details."
            ),
            body=sanitize_html(
                f"<p>{subject} {verb}. This text was generated to fill the site for load "
                f"tests.</p><h2>What we know</h2><p>Story {n} of the load set, filed under "
                f"{topic}.</p>"
            ),
            section=sections[n % len(sections)],
            hero=images[n % len(images)],
            status=Article.Status.PUBLISHED,
            publish_at=start - timedelta(minutes=37 * n),
        )
