from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from blog import archives, feeds, pages, views
from blog.sitemaps import SITEMAPS

app_name = "blog"

urlpatterns = [
    path("", views.PostIndexView.as_view(), name="index"),
    path("<yyyy:year>/", archives.PostYearArchiveView.as_view(), name="year"),
    path("<yyyy:year>/<nn:month>/", archives.PostMonthArchiveView.as_view(), name="month"),
    path("<yyyy:year>/<nn:month>/<nn:day>/", archives.PostDayArchiveView.as_view(), name="day"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<uslug:slug>/",
        views.PostDetailView.as_view(),
        name="post",
    ),
    path("category/<uslug:slug>/", archives.CategoryArchiveView.as_view(), name="category"),
    path("category/<uslug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<uslug:slug>/", archives.TagArchiveView.as_view(), name="tag"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("author/<str:username>/", archives.AuthorArchiveView.as_view(), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Last, so that a page never shadows any URL above (blog.reserved refuses such slugs).
    path("<pagepath:path>/", pages.page_detail, name="page"),
]
