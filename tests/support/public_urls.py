"""Every kind of public URL the site serves, for one post in a category and a tag."""

from django.utils import timezone


def public_urls(post):
    """Home, the post and its feed, its date, term and author archives, the site's feeds,
    sitemap, robots.txt and privacy notice."""
    date = timezone.localtime(post.published_at)
    permalink = post.get_absolute_url()
    category, tag = post.categories.get().get_absolute_url(), post.tags.get().get_absolute_url()
    return [
        "/",
        permalink,
        f"{permalink}feed/",
        f"/{date:%Y}/",
        f"/{date:%Y}/{date:%m}/",
        f"/{date:%Y}/{date:%m}/{date:%d}/",
        category,
        f"{category}feed/",
        tag,
        f"{tag}feed/",
        f"/author/{post.author.username}/",
        "/feed/",
        "/feed/atom/",
        "/comments/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/privacy/",
    ]
