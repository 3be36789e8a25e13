"""Absolute links to this site, for emails, exports and Akismet, where a path is not enough.

BLOG_SITE_URL (e.g. https://blog.example.com) is the site's address when set; otherwise
the address comes from the request being answered (its Host header has been checked
against ALLOWED_HOSTS by then) and travels with the work that leaves the request (the
tasks). Without either, as in a management command on a site without BLOG_SITE_URL,
paths stay as they are.
"""

from django.conf import settings


def site(request=None):
    """The site's address, scheme and host without a trailing slash; "" when unknown."""
    if settings.BLOG_SITE_URL:
        return settings.BLOG_SITE_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def absolute(path, site=""):
    """The absolute URL of a path on the site at `site` (see site())."""
    return f"{settings.BLOG_SITE_URL or site}{path}"
