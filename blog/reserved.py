"""The first path segments the site's own URLs use, which a top-level page may not take.

Read from the URLconf when asked, so a URL added later is reserved with no edit here:
every literal first segment (admin, comments, privacy, search, feed, category…), plus
any slug whose `/<slug>/` another view answers (a year: `/2026/`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, get_resolver, resolve

# Kept even when no URL answers them here: uploaded media (served by a proxy or object
# storage in production) and WordPress's old media paths (redirected by `wordpress`).
OUTSIDE_URLCONF = {"media", "wp-content"}


def used_first_segments():
    """Every literal first segment of the URLconf, of STATIC_URL and MEDIA_URL."""
    segments = set(OUTSIDE_URLCONF)
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        first = urlsplit(url or "").path.strip("/").split("/")[0]
        if first:
            segments.add(first)
    pending = list(get_resolver().url_patterns)
    while pending:
        pattern = pending.pop()
        first = str(pattern.pattern).removeprefix("^").split("/")[0]
        if not first:
            pending.extend(getattr(pattern, "url_patterns", []))
        elif not any(char in first for char in "<([\\?*+$"):
            segments.add(first)
    return segments


def is_reserved(slug):
    """Whether a top-level page at /<slug>/ would shadow, or be shadowed by, another URL."""
    if slug.lower() in used_first_segments():
        return True
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.view_name != "blog:page"
