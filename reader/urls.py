from django.urls import path, re_path

from caching.pagecache import reader_page

from . import entities, feeds, lists, live, previews, sitemaps, story

app_name = "reader"

# taggit makes Unicode slugs ("beyoncé", "鬼滅の刃"), which <slug:> would refuse.
TAG = r"^tag/(?P<slug>[-\w]+)/"
# Hub pages of people, films and shows: /people/tom-cruise/ (articles.models.KIND_PATHS).
KIND = r"^(?P<kind>people|films|shows|franchises|studios)/"
ENTITY = KIND + r"(?P<slug>[-\w]+)/"

urlpatterns = [
    path("", reader_page(lists.HomeView.as_view()), name="home"),
    path("robots.txt", reader_page(sitemaps.robots_txt), name="robots"),
    path("sitemap.xml", reader_page(sitemaps.index), name="sitemap-index"),
    path("sitemap-<section>.xml", reader_page(sitemaps.section), name="sitemap-section"),
    path("news-sitemap.xml", reader_page(sitemaps.news), name="sitemap-news"),
    path("feed/", reader_page(feeds.StoryFeed.as_view()), name="feed"),
    path("feed/atom/", reader_page(feeds.AtomStoryFeed.as_view()), name="feed-atom"),
    path("corrections/", reader_page(lists.corrections), name="corrections"),
    path(
        "corrections/feed/", reader_page(feeds.CorrectionsFeed.as_view()), name="corrections-feed"
    ),
    path(
        "corrections/feed/atom/",
        reader_page(feeds.AtomCorrectionsFeed.as_view()),
        name="corrections-feed-atom",
    ),
    re_path(TAG + "$", reader_page(lists.TagView.as_view()), name="tag"),
    re_path(TAG + "feed/$", reader_page(feeds.TagFeed.as_view()), name="tag-feed"),
    re_path(TAG + "feed/atom/$", reader_page(feeds.AtomTagFeed.as_view()), name="tag-feed-atom"),
    path("search/", reader_page(lists.SearchView.as_view()), name="search"),
    re_path(KIND + "$", reader_page(entities.entity_index), name="entity-index"),
    re_path(ENTITY + "$", reader_page(entities.EntityView.as_view()), name="entity"),
    re_path(ENTITY + "feed/$", reader_page(feeds.EntityFeed.as_view()), name="entity-feed"),
    re_path(
        ENTITY + "feed/atom/$",
        reader_page(feeds.AtomEntityFeed.as_view()),
        name="entity-feed-atom",
    ),
    path("author/<slug:slug>/", reader_page(lists.AuthorView.as_view()), name="author"),
    path("preview/<str:token>/", previews.share_preview, name="share_preview"),
    path("author/<slug:slug>/feed/", reader_page(feeds.AuthorFeed.as_view()), name="author-feed"),
    path(
        "author/<slug:slug>/feed/atom/",
        reader_page(feeds.AtomAuthorFeed.as_view()),
        name="author-feed-atom",
    ),
    path("<slug:slug>/", reader_page(lists.SectionView.as_view()), name="section"),
    # Before the article pattern, which would otherwise read "feed" as a story's slug.
    path("<slug:slug>/feed/", reader_page(feeds.SectionFeed.as_view()), name="section-feed"),
    path(
        "<slug:slug>/feed/atom/",
        reader_page(feeds.AtomSectionFeed.as_view()),
        name="section-feed-atom",
    ),
    path("<slug:section>/<slug:slug>/", reader_page(story.story_detail), name="article"),
    # A live story's entries: the check a reader's page makes, an entry's permalink, a feed.
    path(
        "<slug:section>/<slug:slug>/live/updates/",
        reader_page(live.updates),
        name="live-updates",
    ),
    path(
        "<slug:section>/<slug:slug>/live/<int:entry_id>/",
        reader_page(live.entry_link),
        name="live-entry",
    ),
    path(
        "<slug:section>/<slug:slug>/live/feed/",
        reader_page(feeds.LiveEntriesFeed.as_view()),
        name="live-feed",
    ),
]
