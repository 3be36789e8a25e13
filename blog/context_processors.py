from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from blog.models import Category, Page, Post
from pagecache import fragments

NAV_CATEGORIES = 5


def navigation():
    """The pages and categories of the site header, as plain values.

    EXISTS stops at a category's first published post (an IN over all published posts
    cost 5 ms a page with 1,000 posts on SQLite).
    """
    has_posts = Exists(Post.objects.published().filter(categories=OuterRef("pk")))
    categories = Category.objects.filter(has_posts, parent=None)[:NAV_CATEGORIES]
    return {
        "pages": [
            {"pk": page.pk, "url": page.get_absolute_url(), "title": page.title}
            for page in Page.objects.in_navigation()
        ],
        "categories": [
            {"pk": category.pk, "url": category.get_absolute_url(), "title": category.name}
            for category in categories
        ],
    }


def site(request):
    """Site name, tagline, and the main navigation.

    The navigation is the same on every page until something readers see changes, so it
    is read once per generation (pagecache.fragments; comments leave it alone), and
    only by a template that shows it (feeds and the sitemap never do).
    """
    nav = SimpleLazyObject(
        lambda: fragments.get_or_render(("navigation",), navigation, comments=False)
    )
    return {
        "site_title": settings.BLOG_TITLE,
        "site_tagline": settings.BLOG_TAGLINE,
        "nav_pages": SimpleLazyObject(lambda: nav["pages"]),
        "nav_categories": SimpleLazyObject(lambda: nav["categories"]),
    }
