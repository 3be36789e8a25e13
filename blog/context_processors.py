from django.conf import settings
from django.db.models import Exists, OuterRef

from blog.models import Category, Page, Post

NAV_CATEGORIES = 5


def site(request):
    """Site name, tagline, and the pages and categories of the main navigation.

    Both are lazy querysets, one query each: what does not show the navigation (feeds,
    the sitemap) never queries them. EXISTS stops at a category's first published post
    (an IN over all published posts cost 5 ms a page with 1,000 posts on SQLite).
    """
    has_posts = Exists(Post.objects.published().filter(categories=OuterRef("pk")))
    return {
        "site_title": settings.BLOG_TITLE,
        "site_tagline": settings.BLOG_TAGLINE,
        "nav_pages": Page.objects.in_navigation(),
        "nav_categories": Category.objects.filter(has_posts, parent=None)[:NAV_CATEGORIES],
    }
