"""Slugs from WordPress (often percent-encoded) as our SlugFields take them."""

import html
from urllib.parse import unquote

from django.utils.text import slugify

MAX_LENGTH = 200


def clean_slug(value):
    """A Unicode slug of at most MAX_LENGTH characters, '' when nothing is left.

    Entities are decoded first: a title "It&#8217;s" makes "its", not "it8217s".
    """
    return slugify(html.unescape(unquote(value)), allow_unicode=True)[:MAX_LENGTH].strip("-_")


def unique_slug(slug, taken):
    """`slug`, or `slug-2`, `slug-3`, … whichever is not in `taken` (which it joins)."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = slug[: MAX_LENGTH - len(suffix)] + suffix
    taken.add(candidate)
    return candidate
