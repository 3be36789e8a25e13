"""Avatars drawn on this server: an SVG identicon from a keyed hash of the email.

The hash is an HMAC keyed from SECRET_KEY, so the picture cannot be traced back to an
address by hashing guesses (unlike Gravatar's plain MD5), and the browser asks no other
host for it: the SVG travels inside the page as a data: URI, percent-encoded rather
than base64 because that is much shorter for a page with many comments.
"""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import mark_safe

GRID = 5
KEY_SALT = "comments.avatars"


def _rows(digest):
    """Filled cells of each row of a left-right symmetric GRID x GRID pattern."""
    half = (GRID + 1) // 2
    for row in range(GRID):
        left = [bool(digest[row] >> col & 1) for col in range(half)]
        yield left + left[: GRID - half][::-1]


def _runs(cells):
    """(start, length) of each run of filled cells in a row."""
    start = None
    for col, filled in enumerate([*cells, False]):
        if filled and start is None:
            start = col
        elif not filled and start is not None:
            yield start, col - start
            start = None


def identicon_svg(digest):
    """The SVG document for a digest: a coloured pattern on a pale ground."""
    hue = int.from_bytes(digest[-2:], "big") % 360
    path = "".join(
        f"M{start},{row}h{length}v1h-{length}z"
        for row, cells in enumerate(_rows(digest))
        for start, length in _runs(cells)
    )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {GRID} {GRID}'>"
        f"<path fill='hsl({hue},40%,94%)' d='M0,0h{GRID}v{GRID}H0z'/>"
        f"<path fill='hsl({hue},55%,45%)' d='{path}'/></svg>"
    )


@lru_cache(maxsize=4096)
def _data_uri(email, secret):
    digest = salted_hmac(KEY_SALT, email, secret=secret, algorithm="sha256").digest()
    # Browsers take spaces and quotes in a data: URI as they are; < > % need escaping.
    return "data:image/svg+xml," + quote(identicon_svg(digest), safe=" '=:/(),.-")


def avatar_uri(email):
    """The data: URI of the avatar for an email address (case does not matter)."""
    return _data_uri(email.strip().lower(), settings.SECRET_KEY)


def avatar_img(email, size=48):
    """An <img> of the avatar, decorative (the name beside it says who wrote)."""
    # The URI is built above from fixed text and numbers only; it has no double quote.
    return format_html(
        '<img class="avatar" src="{}" width="{}" height="{}" alt="" loading="lazy" '
        'decoding="async">',
        mark_safe(avatar_uri(email)),  # noqa: S308
        size,
        size,
    )
