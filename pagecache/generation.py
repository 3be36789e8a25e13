"""The site's generation: every kept page's key holds it, and `changed()` starts a new one.

The current generation is one small value in the default cache (Redis, or the file
cache all workers of a machine share), stored without expiry and apart from the
pages (the "pages" cache), so that no culling of pages can drop it. Anything readers
could see that changes calls `changed()`; once its transaction commits a fresh value
is set, so the next request on any worker of any server misses and renders anew, and
entries of older generations are never read again and expire. The value is unique
(time plus randomness), never an increment, so two concurrent changes cannot collapse
into one, and a page rendered from data read before a commit can only be stored under
a generation that the commit has already replaced.

Pages also change with time alone (pagecache.registry.add_time_change): each
generation says until when it holds.

When the cache is down (pagecache.backends fails soft) a new generation cannot be
stored: this process remembers it owes one and sets it as soon as it can.
"""

import hashlib
import secrets
import time
from datetime import UTC, datetime

import django
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from pagecache import registry

GENERATION_KEY = "pagecache:generation"
LOOK_UP = object()  # _new(): find the next time change
_owed = False  # a change whose new generation could not be stored yet
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


def _new(until=LOOK_UP):
    """A fresh generation, held until the next time change (looked up unless given)."""
    until = registry.next_time_change() if until is LOOK_UP else until
    return {
        "id": f"{time.time_ns():x}-{secrets.token_hex(6)}",
        "until": until and until.timestamp(),
    }


def _bump(schedule=True):
    """Store a new generation. `schedule=False`: the change cannot have moved any time
    change (a comment), so the current generation's "until" is kept and no query made."""
    global _owed
    until = LOOK_UP
    if not schedule and not _owed:
        stored = _store().get(GENERATION_KEY)
        if stored is not None:
            until = stored["until"] and datetime.fromtimestamp(stored["until"], UTC)
    # False only from pagecache.backends, when the cache is down (Django's own give None).
    _owed = _store().set(GENERATION_KEY, _new(until), None) is False


def current():
    """The current generation's id, starting a new one when none is valid."""
    if _owed:
        _bump()
    stored = _store().get(GENERATION_KEY)
    if stored is not None and (
        stored["until"] is None or stored["until"] > timezone.now().timestamp()
    ):
        return stored["id"]
    fresh = _new()
    if stored is None:
        _store().add(GENERATION_KEY, fresh, None)  # unless another process was first
    else:
        _store().set(GENERATION_KEY, fresh, None)
    return (_store().get(GENERATION_KEY) or fresh)["id"]


class _Bump:
    """One new generation for all the changes of a commit, however many asked for it."""

    done = False
    schedule = False  # whether any of the changes may have moved a time change

    def __call__(self):
        if not self.done:
            self.done = True
            _bump(self.schedule)


def changed(using=None, *, schedule=True):
    """Something readers see changed: a new generation when the transaction commits.

    At once outside a transaction. The changes of one transaction share one bump (a
    5,000-post import makes one new generation, not 5,000); a rolled back transaction
    drops its callbacks, and the next commit bumps instead. `schedule=False` says the
    change cannot move a time change (pagecache.registry), which saves looking it up.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "pagecache_bump", None)
    if pending is None or pending.done:
        pending = connection.pagecache_bump = _Bump()
    pending.schedule = pending.schedule or schedule
    # Each time: a savepoint rolled back drops the callbacks registered inside it.
    transaction.on_commit(pending, using=using, robust=True)
