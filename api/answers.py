"""The API's answers, as plain dicts built from rows read in a fixed number of queries.

Bylines and tags come from what each story keeps in ``labels`` (no query per story);
every address is absolute, made from the request's own scheme and host.
"""

from urllib.parse import quote, urlencode

from django.core.files.storage import default_storage
from django.urls import reverse

from library.renditions import rendition_name


class Links:
    """Absolute addresses for one request.

    Each kind of address is reversed once per request, with a marker where the slug
    or id goes, then filled in: reversing one per story and label was most of a
    list's cost.
    """

    MARK = "48151623420"  # digits, which both slugs and ids accept

    def __init__(self, request):
        self.absolute = request.build_absolute_uri
        self.templates = {}

    def _template(self, name, arity):
        template = self.templates.get(name)
        if template is None:
            marks = [f"{self.MARK}{n}" for n in range(arity)]
            template = self.templates[name] = self.absolute(reverse(name, args=marks))
        return template

    def _filled(self, name, *args):
        url = self._template(name, len(args))
        for n, arg in enumerate(args):
            url = url.replace(f"{self.MARK}{n}", quote(str(arg)))
        return url

    def api(self, name, *args, query=""):
        if args:
            url = self._filled(f"api:{name}", *args)
        else:
            url = self.templates.get(name) or self.templates.setdefault(
                name, self.absolute(reverse(f"api:{name}"))
            )
        return f"{url}?{query}" if query else url

    def site(self, name, *args):
        return self._filled(f"reader:{name}", *args)

    def story(self, article):
        return self._filled("reader:article", article.section.slug, article.slug)

    def label(self, kind, name, slug):
        """A section, byline or tag as a story names it."""
        reader_name = {"section": "section", "byline": "author", "tag": "tag"}[kind]
        return {
            "name": name,
            "slug": slug,
            "url": self.site(reader_name, slug),
            "api_url": self.api(kind, slug),
            "stories_url": self.api("stories", query=urlencode({kind: slug})),
        }

    def file(self, name):
        return self.absolute(default_storage.url(name))


def picture(links, image):
    made = image.made
    sources = image.picture
    widths = made.get("widths") or []
    social = image.social_image
    return {
        "url": links.absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "src": links.absolute(sources["src"]),
        "srcset_webp": _absolute_srcset(links, sources["webp"]),
        "srcset_jpeg": _absolute_srcset(links, sources["jpeg"]),
        "renditions": [
            {
                "width": width,
                "webp": links.file(rendition_name(made["source"], width, "webp")),
                "jpeg": links.file(rendition_name(made["source"], width, "jpg")),
            }
            for width in widths
        ],
        "social": (
            {"url": links.file(social[0]), "width": social[1], "height": social[2]}
            if social
            else None
        ),
    }


def _absolute_srcset(links, srcset):
    if not srcset:
        return ""
    candidates = (candidate.rsplit(" ", 1) for candidate in srcset.split(", "))
    return ", ".join(f"{links.absolute(url)} {width}" for url, width in candidates)


def trailer(links, article):
    found = article.trailer
    if found is None:
        return None
    still = article.trailer_still if article.trailer_still_id else None
    return {
        "provider": found.provider,
        "id": found.code,
        "url": found.watch_url,
        "embed_url": found.embed_url,
        # The trailer's own still, as the site shows it until play; none yet: no poster.
        "poster": links.absolute(still.picture["src"]) if still else None,
    }


def story(links, article, fields=None, notes=None):
    """A story as the API sends it; ``fields`` (a set) picks some, ``notes`` the detail's."""

    def wanted(name):
        return fields is None or name in fields

    answer = {"id": article.pk}
    simple = {
        "headline": lambda: article.headline,
        "slug": lambda: article.slug,
        "standfirst": lambda: article.standfirst,
        "summary": lambda: article.summary,
        "spoiler_warning": lambda: article.spoiler_warning,
        "body": lambda: article.body,
        "published_at": lambda: article.publish_at,
        "updated_at": lambda: article.updated_at,
        "revised_at": lambda: article.revised_at,
        "url": lambda: links.story(article),
        "api_url": lambda: links.api("story", article.pk),
    }
    for name, value in simple.items():
        if wanted(name):
            answer[name] = value()
    section = article.section
    if wanted("section"):
        answer["section"] = links.label("section", section.name, section.slug)
    if wanted("bylines"):
        answer["bylines"] = [links.label("byline", a.name, a.slug) for a in article.bylines]
    if wanted("tags"):
        answer["tags"] = [links.label("tag", t.name, t.slug) for t in article.shown_tags]
    for name, subjects in (("about", True), ("mentions", False)):
        if wanted(name):
            answer[name] = [
                {
                    "kind": entity.kind,
                    "name": entity.name,
                    "slug": entity.slug,
                    "url": links.absolute(entity.get_absolute_url()),
                    "same_as": entity.same_as,
                }
                for entity in article.shown_entities
                if entity.is_subject == subjects
            ]
    hero = picture(links, article.hero) if article.hero_id else None
    if wanted("hero"):
        answer["hero"] = hero
    if wanted("trailer"):
        answer["trailer"] = trailer(links, article)
    if notes is not None and wanted("notes"):
        answer["notes"] = [
            {"kind": note.kind, "text": note.text, "published_at": note.published_at}
            for note in notes
        ]
    return answer


def entry(links, article, row):
    """A live story's entry as the API sends it."""
    return {
        "id": row.pk,
        "posted_at": row.posted_at,
        "updated_at": row.updated_at,
        "title": row.title,
        "body": row.body,
        "bylines": [links.label("byline", a.name, a.slug) for a in row.authors.all()],
        "picture": picture(links, row.picture) if row.picture_id else None,
        "link": row.link,
        "pinned": row.pinned,
        "key_moment": row.key_moment,
        "url": links.absolute(
            reverse("reader:live-entry", args=[article.section.slug, article.slug, row.pk])
        ),
    }
