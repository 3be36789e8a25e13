"""Parts of pages rendered once per generation, for requests the page cache does not serve.

A post's comment list is the same for every reader without comments of their own in
it, signed in or not, with or without saved details; so are the header's navigation
and a post's neighbours, which a new comment leaves as they are; the rest of their
page is theirs. `get_or_render(parts, render)` keeps what render() returns under the
current generation, so the next such reader gets it without a query, until anything
readers see changes (pagecache.changed) and every fragment is rendered anew. They are
kept whether or not whole pages are (BLOG_PAGE_CACHE); BLOG_FRAGMENT_CACHE=0 renders
them for every request.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from pagecache import generation
from pagecache.store import RecentEntries


def _size(value):
    return sum(len(item) if isinstance(item, str) else len(repr(item)) for item in value.values())


# By whether they show comments: each holds one generation's fragments.
recent = {
    True: RecentEntries(limit=8 * 1024 * 1024, sizeof=_size),
    False: RecentEntries(limit=2 * 1024 * 1024, sizeof=_size),
}


def get_or_render(parts, render, *, comments=True):
    """render()'s value (a dict of plain values) for `parts` (a tuple naming it).

    `comments=False`: the fragment shows no comments nor their counts, so a new
    comment leaves it as it is (pagecache.generation).
    """
    if not settings.BLOG_FRAGMENT_CACHE:
        return render()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    current = generation.current(comments=comments)
    key = f"pagecache:fragment:{generation.release()}:{current}:{digest}"
    value = recent[comments].get(key)
    if value is None:
        value = caches["pages"].get(key)
        if value is None:
            value = render()
            caches["pages"].set(key, value, settings.BLOG_PAGE_CACHE_SECONDS)
        recent[comments].put(key, value)
    return value
