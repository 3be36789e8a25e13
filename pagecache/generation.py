"""The site's generation: every kept page's key holds it, and `changed()` starts a new one.

A generation is two values: one for comments and one for everything else readers see.
A page's key holds both; a part of pages that shows no comments (the navigation, a
post's neighbours, a list of posts in a body) holds only the second
(pagecache.fragments), so that a new comment, the most frequent change, re-renders
the comment list and counts but not those.

Each value sits in the default cache (Redis, or the file cache all workers of a
machine share), stored without expiry and apart from the pages (the "pages" cache), so
that no culling of pages can drop it. Anything readers could see that changes calls
`changed()`; once its transaction commits a fresh value is set, so the next request on
any worker of any server misses and renders anew, and entries of older generations
are never read again and expire. A value is unique (time plus randomness), never an
increment, and each is set whole, never read and modified, so two concurrent changes
cannot collapse into one, and a page rendered from data read before a commit can only
be stored under a generation that the commit has already replaced.

Pages also change with time alone (pagecache.registry.add_time_change): the value of
everything but comments says until when it holds.

When the cache is down (pagecache.backends fails soft) a new value cannot be stored:
this process remembers it owes one and sets it as soon as it can.
"""

import hashlib
import secrets
import time

import django
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from pagecache import registry

CONTENT_KEY = "pagecache:generation"  # everything readers see but comments
COMMENTS_KEY = "pagecache:generation:comments"
_owed = set()  # the keys whose new value could not be stored yet
_release = None


def release():
    """What sets a deploy apart: BLOG_RELEASE, else the static manifest's digest.

    Both are fixed at deploy time (`make serve` sets BLOG_RELEASE to the commit); with
    neither, the time this process started. The BLOG_ settings in force are part of it.
    """
    global _release
    if _release is None:
        digest = hashlib.sha256(django.get_version().encode())
        manifest = settings.STATIC_ROOT and (settings.STATIC_ROOT / "staticfiles.json")
        if settings.BLOG_RELEASE:
            digest.update(settings.BLOG_RELEASE.encode())
        elif manifest and manifest.is_file():
            digest.update(manifest.read_bytes())
        else:
            digest.update(str(time.time_ns()).encode())
        shown = [(k, getattr(settings, k)) for k in sorted(dir(settings)) if k.startswith("BLOG_")]
        digest.update(repr([*shown, settings.TIME_ZONE]).encode())
        _release = digest.hexdigest()[:16]
    return _release


def forget_release(**kwargs):
    global _release
    _release = None


def _store():
    return caches["default"]


def _new(key):
    """A fresh value for `key`; everything but comments holds until the next time change."""
    until = registry.next_time_change() if key == CONTENT_KEY else None
    fresh_id = f"{time.time_ns():x}-{secrets.token_hex(6)}"
    return {"id": fresh_id, "until": until and until.timestamp()}


def _bump(key):
    # False only from pagecache.backends, when the cache is down (Django's own give None).
    if _store().set(key, _new(key), None) is False:
        _owed.add(key)
    else:
        _owed.discard(key)


def _valid_id(key, stored):
    """The id of the stored value, or of a fresh one when none is stored or it has ended."""
    if stored is not None and (
        stored["until"] is None or stored["until"] > timezone.now().timestamp()
    ):
        return stored["id"]
    fresh = _new(key)
    if stored is None:
        _store().add(key, fresh, None)  # unless another process was first
    else:
        _store().set(key, fresh, None)
    return (_store().get(key) or fresh)["id"]


def current(*, comments=True):
    """The current generation: of everything readers see, or of all but the comments."""
    for key in list(_owed):
        _bump(key)
    keys = [CONTENT_KEY, COMMENTS_KEY] if comments else [CONTENT_KEY]
    stored = _store().get_many(keys)
    return ".".join(_valid_id(key, stored.get(key)) for key in keys)


class _Bump:
    """One new generation for all the changes of a commit, however many asked for it."""

    done = False
    content = False  # whether anything but comments changed
    comments = False

    def __call__(self):
        if not self.done:
            self.done = True
            for key, bump in ((CONTENT_KEY, self.content), (COMMENTS_KEY, self.comments)):
                if bump:
                    _bump(key)


def changed(using=None, *, comments_only=False):
    """Something readers see changed: a new generation when the transaction commits.

    At once outside a transaction. The changes of one transaction share one bump (a
    5,000-post import makes one new generation, not 5,000); a rolled back transaction
    drops its callbacks, and the next commit bumps instead. `comments_only`: only
    comments (or their counts) changed, which leaves the parts of pages that show no
    comments as they were, and cannot move a time change.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "pagecache_bump", None)
    if pending is None or pending.done:
        pending = connection.pagecache_bump = _Bump()
    pending.comments = pending.comments or comments_only
    pending.content = pending.content or not comments_only
    # Each time: a savepoint rolled back drops the callbacks registered inside it.
    transaction.on_commit(pending, using=using, robust=True)
