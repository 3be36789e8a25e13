"""Parts of pages rendered once per generation, for requests the page cache does not serve.

A post's comment list is the same for every reader without comments of their own in
it, signed in or not, with or without saved details; so are the header's navigation
and a post's neighbours; the rest of their page is theirs. `get_or_render(parts,
render)` keeps what render() returns under the current generation, so the next such
reader gets it without a query, until anything readers see changes (pagecache.changed)
and every fragment is rendered anew. They are kept whether or not whole pages are
(BLOG_PAGE_CACHE); BLOG_FRAGMENT_CACHE=0 renders them for every request.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from pagecache import generation
from pagecache.store import RecentEntries


def _size(value):
    return sum(len(item) if isinstance(item, str) else len(repr(item)) for item in value.values())


recent = RecentEntries(limit=8 * 1024 * 1024, sizeof=_size)


def get_or_render(parts, render):
    """render()'s value (a dict of plain values) for `parts` (a tuple naming it)."""
    if not settings.BLOG_FRAGMENT_CACHE:
        return render()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"pagecache:fragment:{generation.release()}:{generation.current()}:{digest}"
    value = recent.get(key)
    if value is None:
        value = caches["pages"].get(key)
        if value is None:
            value = render()
            caches["pages"].set(key, value, settings.BLOG_PAGE_CACHE_SECONDS)
        recent.put(key, value)
    return value
