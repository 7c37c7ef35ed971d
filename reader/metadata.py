"""What search engines and social networks read from a page: description, canonical
URL, Open Graph, Twitter card and JSON-LD.

Built here from the data, once per page type, so no template types a property
by hand; ``templates/articles/includes/meta.html`` only prints the result.
"""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from articles.models import INDEX_NAMES, KIND_PATHS
from caching.site import site_settings

from .live import structured_updates
from .templatetags.newsroom import iso

SCHEMA = "https://schema.org"
# JSON inside <script> must not close the element or open a comment.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def canonical_url(request, page_number=1):
    """The page's own address: no query string, but ``?page=N`` beyond the first page."""
    url = request.build_absolute_uri(request.path)
    return f"{url}?page={page_number}" if page_number > 1 else url


def json_ld(*blocks):
    """``<script type="application/ld+json">`` elements, safe to put in a page."""
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        (
            (mark_safe(json.dumps(block, ensure_ascii=False).translate(_SCRIPT_ESCAPES)),)  # noqa: S308
            for block in blocks
        ),
    )


def breadcrumbs(*trail):
    """The trail from Home through ``trail``, a list of (name, path).

    The page shows it and the BreadcrumbList states it, from this one list, so
    the two cannot disagree.
    """
    return [("Home", reverse("reader:home")), *trail]


def _breadcrumb_list(request, trail):
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def _publisher(request, site):
    logo = {"@type": "ImageObject"}
    if site.logo:
        logo.update(
            url=request.build_absolute_uri(site.logo.url),
            width=site.logo_width,
            height=site.logo_height,
        )
    else:
        logo["url"] = request.build_absolute_uri(static("reader/icon.svg"))
    publisher = {
        "@type": "Organization",
        "name": site.name,
        "url": request.build_absolute_uri(reverse("reader:home")),
        "logo": logo,
    }
    if site.profiles:
        publisher["sameAs"] = [url for _network, url in site.profiles]
    return publisher


def _share_image(request, site):
    """The site's default share image as (url, width, height, alt), or None."""
    if not site.share_image:
        return None
    return (
        request.build_absolute_uri(site.share_image.url),
        site.share_image_width,
        site.share_image_height,
        site.share_image_alt,
    )


def _page(request, site, *, title, description, canonical, og_type="website", image=None):
    """The tags every page carries; ``image`` is (url, width, height, alt) or None.

    A page without a picture of its own shares the site's default one, if set.
    """
    image = image or _share_image(request, site)
    properties = [
        ("og:type", og_type),
        ("og:title", title),
        ("og:description", description),
        ("og:url", canonical),
        ("og:site_name", site.name),
        ("og:locale", to_locale(settings.LANGUAGE_CODE)),
    ]
    names = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
    ]
    if site.twitter_site:
        names.append(("twitter:site", site.twitter_site))
    if image:
        url, width, height, alt = image
        properties += [("og:image", url)]
        if width and height:
            properties += [("og:image:width", str(width)), ("og:image:height", str(height))]
        properties += [("og:image:alt", alt)]
        names += [("twitter:image", url), ("twitter:image:alt", alt)]
    return {
        "description": description,
        "canonical": canonical,
        "properties": properties,
        "names": names,
        "json_ld": "",
    }


def for_home(request, page_number=1):
    site = site_settings()
    canonical = canonical_url(request, page_number)
    meta = _page(
        request,
        site,
        title=site.name,
        description=site.description,
        canonical=canonical,
    )
    meta["json_ld"] = json_ld(
        {
            "@context": SCHEMA,
            "@type": "WebSite",
            "name": site.name,
            "description": site.description,
            "url": request.build_absolute_uri(reverse("reader:home")),
            "publisher": _publisher(request, site),
        }
    )
    return meta


def for_search(request, query):
    """Result pages are for readers, not for search engines' own indexes."""
    site = site_settings()
    meta = _page(
        request,
        site,
        title=f"Search {site.name}",
        description=f"Search the stories on {site.name}.",
        canonical=request.build_absolute_uri(reverse("reader:search")),
    )
    meta["names"].append(("robots", "noindex"))
    return meta


def _collection(request, site, page_number, *, name, description, path, page_type="CollectionPage"):
    canonical = canonical_url(request, page_number)
    meta = _page(request, site, title=name, description=description, canonical=canonical)
    page = {
        "@context": SCHEMA,
        "@type": page_type,
        "name": name,
        "description": description,
        "url": canonical,
        "isPartOf": {
            "@type": "WebSite",
            "name": site.name,
            "url": request.build_absolute_uri(reverse("reader:home")),
        },
    }
    meta["breadcrumbs"] = breadcrumbs((name, path))
    return meta, page, _breadcrumb_list(request, meta["breadcrumbs"])


def for_section(request, section, page_number=1):
    site = site_settings()
    description = section.description or f"The latest {section.name} stories on {site.name}."
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name=section.name,
        description=description,
        path=section.get_absolute_url(),
    )
    meta["json_ld"] = json_ld(page, trail)
    return meta


# schema.org's names for the pages most sites have; any other is a plain WebPage.
PAGE_TYPES = {"about": "AboutPage", "contact": "ContactPage"}


def for_site_page(request, page):
    site = site_settings()
    meta, data, trail = _collection(
        request,
        site,
        1,
        name=page.title,
        description=page.summary or f"{page.title}: {site.name}.",
        path=page.get_absolute_url(),
        page_type=PAGE_TYPES.get(page.slug, "WebPage"),
    )
    data["dateModified"] = page.updated_at.isoformat()
    meta["json_ld"] = json_ld(data, trail)
    return meta


def for_tag(request, tag, page_number=1):
    site = site_settings()
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name=tag.name,
        description=f"The latest stories about {tag.name} on {site.name}.",
        path=reverse("reader:tag", args=[tag.slug]),
    )
    meta["json_ld"] = json_ld(page, trail)
    return meta


def for_corrections(request, page_number=1):
    site = site_settings()
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name="Corrections and updates",
        description=f"Every correction, clarification and update {site.name} has made "
        "to its stories, newest first.",
        path=reverse("reader:corrections"),
    )
    meta["json_ld"] = json_ld(page, trail)
    return meta


def _person(request, author):
    return {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def for_author(request, author, page_number=1):
    site = site_settings()
    description = author.bio or f"Stories by {author.name} on {site.name}."
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name=author.name,
        description=description,
        path=author.get_absolute_url(),
        page_type="ProfilePage",
    )
    person = _person(request, author)
    if author.bio:
        person["description"] = author.bio
    if author.photo:
        person["image"] = request.build_absolute_uri(author.photo.url)
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.links:
        person["sameAs"] = [url for _name, url in author.profile_links]
    page["mainEntity"] = person
    meta["json_ld"] = json_ld(page, trail)
    return meta


def entity_item(request, entity, *, full=False):
    """A person, film, show, franchise or studio as schema.org has it, with its hub page
    as ``url`` and its public records as ``sameAs``."""
    item = {
        "@type": entity.schema_type,
        "name": entity.name,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
    }
    if entity.same_as:
        item["sameAs"] = entity.same_as
    if full:
        if entity.description:
            item["description"] = entity.description
        if entity.picture_id:
            item["image"] = request.build_absolute_uri(entity.picture.file.url)
    return item


def for_entity(request, entity, page_number=1):
    """A hub: ProfilePage for a person, CollectionPage for the rest, the entity its
    ``mainEntity``."""
    site = site_settings()
    description = entity.description or f"The latest stories about {entity.name} on {site.name}."
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name=entity.name,
        description=description,
        path=entity.get_absolute_url(),
        page_type="ProfilePage" if entity.kind == "person" else "CollectionPage",
    )
    page["mainEntity"] = entity_item(request, entity, full=True)
    index = reverse("reader:entity-index", args=[KIND_PATHS[entity.kind]])
    meta["breadcrumbs"] = breadcrumbs(
        (INDEX_NAMES[entity.kind], index), (entity.name, entity.get_absolute_url())
    )
    meta["json_ld"] = json_ld(page, _breadcrumb_list(request, meta["breadcrumbs"]))
    return meta


def for_entity_index(request, name, path, page_number=1):
    site = site_settings()
    meta, page, trail = _collection(
        request,
        site,
        page_number,
        name=name,
        description=f"{name} in the news on {site.name}, the most recently covered first.",
        path=path,
    )
    meta["json_ld"] = json_ld(page, trail)
    return meta


def for_story(request, article, tags, authors=None, notes=(), entities=(), live=None):
    """Sharing tags and NewsArticle (LiveBlogPosting for live coverage), VideoObject and
    BreadcrumbList for a story page; ``live`` is the live block (``reader/live.py``)."""
    site = site_settings()
    page_number = live["page"].number if live else 1
    canonical = canonical_url(request, page_number)
    image = images = None
    hero = article.hero
    if hero:
        original = request.build_absolute_uri(hero.file.url)
        image = (original, hero.width, hero.height, hero.alt)
        images = [original]
        if hero.social_image:
            # Networks show 1.91:1 cards: the crop around the focal point, not theirs.
            name, width, height = hero.social_image
            social = request.build_absolute_uri(default_storage.url(name))
            image = (social, width, height, hero.alt)
            images = [social, original]  # search engines pick from several ratios
    published = iso(article.publish_at)
    # A preview of an unscheduled draft has no publish time yet.
    # Moved by corrections and updates only, not by every save (models/notes.py).
    modified = iso(article.modified_at or article.updated_at)
    authors = list(article.authors.all()) if authors is None else authors
    meta = _page(
        request,
        site,
        title=article.headline,
        description=article.summary,
        canonical=canonical,
        og_type="article",
        image=image,
    )
    meta["properties"] += [
        ("article:published_time", published),
        ("article:modified_time", modified),
        ("article:section", article.section.name),
        *(("article:author", request.build_absolute_uri(a.get_absolute_url())) for a in authors),
        *(("article:tag", tag.name) for tag in tags),
    ]

    story = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": published,
        "dateModified": modified,
        "author": [_person(request, author) for author in authors],
        "publisher": _publisher(request, site),
        "articleSection": article.section.name,
    }
    if images:
        story["image"] = images
    if live is not None:
        story["@type"] = "LiveBlogPosting"
        story["coverageStartTime"] = iso(article.coverage_start)
        if article.coverage_end:
            story["coverageEndTime"] = iso(article.coverage_end)
        shown = live["entries"] if page_number == 1 else None
        story["liveBlogUpdate"] = structured_updates(request, article, shown)
    corrections = [note for note in notes if note.kind == "correction"]
    if corrections:
        story["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": iso(note.published_at),
                "url": f"{canonical}#note-{note.pk}",
            }
            for note in corrections
        ]
    about = [entity_item(request, e) for e in entities if e.is_subject]
    mentions = [entity_item(request, e) for e in entities if not e.is_subject]
    if about:
        story["about"] = about
    if mentions:
        story["mentions"] = mentions
    keywords = [tag.name for tag in tags] + [entity.name for entity in entities]
    if keywords:
        story["keywords"] = keywords
    blocks = [story]

    video = _video(article, image)
    if video:
        blocks.append(video)
    meta["breadcrumbs"] = breadcrumbs(
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    )
    blocks.append(_breadcrumb_list(request, meta["breadcrumbs"]))
    meta["json_ld"] = json_ld(*blocks)
    return meta


def _video(article, image):
    """The trailer as a VideoObject, or None.

    Search engines require a thumbnail. The hero image serves; YouTube has a
    fixed thumbnail address; a Vimeo trailer without a hero image has no
    thumbnail we can name without calling Vimeo, so it goes without a
    VideoObject rather than with an incomplete one.
    """
    trailer = article.trailer
    if trailer is None:
        return None
    if image:
        thumbnail = image[0]
    elif trailer.provider == "youtube":
        thumbnail = f"https://i.ytimg.com/vi/{trailer.code}/hqdefault.jpg"
    else:
        return None
    return {
        "@context": SCHEMA,
        "@type": "VideoObject",
        "name": f"{article.headline}: the trailer",
        "description": article.summary,
        "thumbnailUrl": [thumbnail],
        # When the video went up is not ours to know; when we published it is.
        "uploadDate": iso(article.publish_at),
        "embedUrl": trailer.embed_url,
        "contentUrl": trailer.watch_url,
    }


def with_tags(meta):
    """``meta`` and the ``<meta>`` tags and JSON-LD it makes in the page's head."""
    return meta, render_to_string("reader/includes/meta.html", {"meta": meta})
