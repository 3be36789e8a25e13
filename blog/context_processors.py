from django.conf import settings

from blog.models import Category, Post

NAV_CATEGORIES = 5


def site(request):
    """Site name, tagline and the categories in the main navigation, for every template.

    The categories are a lazy queryset: pages that do not show the navigation (feeds,
    the sitemap) never query them.
    """
    return {
        "site_title": settings.BLOG_TITLE,
        "site_tagline": settings.BLOG_TAGLINE,
        "nav_categories": Category.objects.filter(
            parent=None, posts__in=Post.objects.published()
        ).distinct()[:NAV_CATEGORIES],
    }
