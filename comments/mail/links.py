"""Absolute links to this site, for emails, exports and Akismet, where a path is not enough.

BLOG_SITE_URL (e.g. https://blog.example.com) is the site's address when set; otherwise
the address comes from the request being answered (its Host header has been checked
against ALLOWED_HOSTS by then). Without either, as in a management command on a site
without BLOG_SITE_URL, the path is returned as it is.
"""

from django.conf import settings


def absolute(path, request=None):
    """The absolute URL of a path on this site."""
    if settings.BLOG_SITE_URL:
        return f"{settings.BLOG_SITE_URL}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path
