"""Pages that list stories: home, section, tag, author and search results; and the
corrections page, which lists notes to readers.

Every list starts from ``Article.objects.published()`` (see ``queries.py``).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import ListView
from taggit.models import Tag

from articles import counts
from articles.models import KIND_PATHS, Author, OldTag, Section, StoryNote
from caching import keys
from caching.site import site_furniture
from search.query import clean_query, highlight, search

from . import front, metadata
from .cards import card_stories, story_cards
from .metadata import with_tags
from .pages import page_view, site_page
from .queries import listed, tagged_by_date
from .story import topics

POPULAR_TAG = 500  # stories: from here on a tag's pages walk the newest stories


class KnownCountPaginator(Paginator):
    """A paginator told how many stories the list has (kept, see ``articles/counts.py``)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


class StoryListView(ListView):
    """A paginated list of published stories; ``?page=`` past the end is a 404.

    The page's stories are asked of the database (ids only), then their cards
    (``story_cards``); the story count is kept in the database until anything
    changes (``articles/counts.py``). ``list_key`` names the list for the page cache.
    """

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"
    heading = "h2"
    shows_cards = True  # search results show their own list instead

    def list_key(self):
        return keys.LATEST

    def stories(self):
        """The published stories this page lists, newest first; views narrow it down."""
        return listed(self.now)

    def get_template_names(self):
        return [self.template_name]  # ListView would look at the queryset's model

    def get_queryset(self):
        self.now = timezone.now()
        return self.stories()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if not self.shows_cards:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page)
        keys.shows(self.request, self.list_key())
        count = counts.count(self.request.path, queryset, self.now)
        return KnownCountPaginator(
            queryset,
            per_page,
            count=count,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def shows_lead(self, page):
        return False

    def page_meta(self, describe, *args):
        """The page's metadata and its tags."""
        meta, html = with_tags(describe(self.request, *args))
        return {"meta": meta, "meta_html": mark_safe(html)}  # noqa: S308 - our templates

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_lead"] = self.shows_lead(context["page_obj"])
        if self.shows_cards:
            self.cards(context)
        return context

    def cards(self, context):
        """Put the page's cards in ``context``: the lead's apart, above the others."""
        stories = list(context["articles"])
        if context["show_lead"]:
            stories.insert(0, self.lead)
        context["cards"] = story_cards(
            self.request, stories, heading=self.heading, has_lead=context["show_lead"]
        )
        if context["show_lead"]:
            context["lead_card"] = context["cards"].pop(0)


class HomeView(StoryListView):
    """The front page: the lead, the first page of the latest stories under it (four as
    cards, the rest as a dense list of headlines), then a block per section. Later
    pages are the plain list, so every story is reached from "Older stories"."""

    template_name = "reader/home.html"
    heading = "h3"
    ROW = 4  # the latest stories shown as cards; the rest of the first page as headlines

    def get(self, request, *args, **kwargs):
        self.lead = front.lead(timezone.now())
        return super().get(request, *args, **kwargs)

    def stories(self):
        stories = super().stories()
        return stories.exclude(pk=self.lead.pk) if self.lead else stories

    def shows_lead(self, page):
        # The lead sits above the first page only; later pages are just the list.
        return bool(self.lead) and page.number == 1

    def cards(self, context):
        if not context["show_lead"]:
            return super().cards(context)
        # The header's sections, kept in the cache with it (caching/site.py); named on
        # the page, since a section's block changes when a story joins or leaves it.
        sections = site_furniture()["sections"]
        keys.shows(self.request, *(keys.section(section.pk) for section in sections))
        listed_ids = [self.lead.pk, *(story.pk for story in context["articles"])]
        picks = front.section_picks(self.now, sections, listed_ids)
        stories = card_stories(self.request, listed_ids, also=picks)
        shown = set(listed_ids)
        lead = next((story for story in stories if story.pk == self.lead.pk), None)
        on_page = [story for story in stories if story.pk in shown and story is not lead]
        context.update(
            lead_story=lead,
            row=on_page[: self.ROW],
            latest=on_page[self.ROW :],
            section_blocks=front.section_blocks(
                sections, [story for story in stories if story.pk not in shown]
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lead"] = self.lead or None
        context.update(self.page_meta(metadata.for_home, context["page_obj"].number))
        return context


class LabelledListView(StoryListView):
    """The stories of one section, tag or author: ``name`` is its context variable,
    ``describe`` makes the page's metadata. With ``leads``, the first page shows its
    newest story as a lead card, the next three as cards and the rest as headlines, as
    the front page does; the page holds as many stories as any other."""

    model = name = describe = None
    leads = False
    ROW = 3

    def cards(self, context):
        if not (self.leads and context["page_obj"].number == 1 and context["articles"]):
            return super().cards(context)
        stories = card_stories(self.request, [story.pk for story in context["articles"]])
        context.update(
            lead_story=stories[0], row=stories[1 : 1 + self.ROW], latest=stories[1 + self.ROW :]
        )

    def get(self, request, *args, **kwargs):
        self.label = labelled(request, self.model, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def list_key(self):
        return type(self).key(self.label.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**{self.name: self.label}, **kwargs)
        number = context["page_obj"].number
        context.update(self.page_meta(type(self).describe, self.label, number))
        return context


class SectionView(LabelledListView):
    template_name = "reader/section.html"
    model, name, describe = Section, "section", metadata.for_section
    key = staticmethod(keys.section)
    leads = True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            page = site_page(kwargs["slug"]) if "page" not in request.GET else None
            if page is None:
                raise
            return page_view(request, page)  # no section here: the site's own page

    def stories(self):
        return super().stories().filter(section_id=self.label.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.label.slug, **kwargs)


class TagView(LabelledListView):
    template_name = "reader/tag.html"
    model, name, describe = Tag, "tag", metadata.for_tag
    key = staticmethod(keys.tag)
    leads = True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = moved_tag(kwargs["slug"])
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def stories(self):
        return super().stories().filter(tags__id=self.label.pk)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if paginator.count >= POPULAR_TAG:
            paginator.object_list = tagged_by_date(self.now, self.label.pk)
        return paginator


class AuthorView(LabelledListView):
    template_name = "reader/author.html"
    model, name, describe = Author, "author", metadata.for_author
    key = staticmethod(keys.author)

    def stories(self):
        return super().stories().filter(authors__id=self.label.pk)


def moved_tag(slug, feed=""):
    """Where a merged tag's page (or its ``feed``: "rss", "atom") went, or None."""
    old = OldTag.objects.filter(slug=slug).select_related("tag", "entity").first()
    if old is None:
        return None
    if not feed:
        return old.target_url()
    if old.tag_id:
        return reverse(
            "reader:tag-feed" if feed == "rss" else "reader:tag-feed-atom", args=[old.tag.slug]
        )
    kind, slug = KIND_PATHS[old.entity.kind], old.entity.slug
    name = "reader:entity-feed" if feed == "rss" else "reader:entity-feed-atom"
    return reverse(name, args=[kind, slug])


def labelled(request, model, slug):
    """The section, tag or author at ``slug``, or a 404."""
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No {model._meta.verbose_name} has this address.")
    return found


class SearchView(StoryListView):
    """Search results. Whatever is typed, the reader gets a page: at worst an empty one."""

    template_name = "reader/search.html"
    shows_cards = False

    def get_queryset(self):
        keys.shows(self.request, keys.STORIES)
        self.query = clean_query(self.request.GET.get("q", ""))
        return search(self.query).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["articles"] = list(context["articles"])
        for article in context["articles"]:
            mark_words(article, self.query)
        context["meta"] = metadata.for_search(self.request, self.query)
        return context


def mark_words(article, query):
    """The words searched for marked in a result's headline and summary, and the
    topics it is filed under that matched: a story found by a name its text never
    says shows why it was found. The summary is the standfirst or the spoiler
    warning, never the body, so no result gives a spoiler away."""
    article.marked_headline = highlight(article.headline, query)
    article.highlight = highlight(article.summary, query)
    article.matched_topics = [
        {**topic, "marked": marked}
        for topic in topics(article.shown_entities, article.shown_tags)
        if "<mark>" in (marked := highlight(topic["name"], query))
    ]


class CorrectionsView(ListView):
    """Every correction, clarification and update shown on a published story, newest first."""

    template_name = "reader/corrections.html"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "notes"

    def get_queryset(self):
        keys.shows(self.request, keys.CORRECTIONS)
        return StoryNote.objects.on_public_stories().select_related("article__section")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = metadata.for_corrections(self.request, context["page_obj"].number)
        return context


corrections = CorrectionsView.as_view()
