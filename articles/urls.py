from django.urls import path, re_path

from . import feeds, sitemaps, views

app_name = "articles"

# taggit makes Unicode slugs ("beyoncé", "鬼滅の刃"), which <slug:> would refuse.
TAG = r"^tag/(?P<slug>[-\w]+)/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news, name="sitemap-news"),
    path("feed/", feeds.StoryFeed.as_view(), name="feed"),
    path("feed/atom/", feeds.AtomStoryFeed.as_view(), name="feed-atom"),
    re_path(TAG + "$", views.TagView.as_view(), name="tag"),
    re_path(TAG + "feed/$", feeds.TagFeed.as_view(), name="tag-feed"),
    re_path(TAG + "feed/atom/$", feeds.AtomTagFeed.as_view(), name="tag-feed-atom"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("preview/<str:token>/", views.share_preview, name="share_preview"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed.as_view(), name="author-feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AtomAuthorFeed.as_view(), name="author-feed-atom"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    # Before the article pattern, which would otherwise read "feed" as a story's slug.
    path("<slug:slug>/feed/", feeds.SectionFeed.as_view(), name="section-feed"),
    path("<slug:slug>/feed/atom/", feeds.AtomSectionFeed.as_view(), name="section-feed-atom"),
    path("<slug:section>/<slug:slug>/", views.article_detail, name="article"),
]
