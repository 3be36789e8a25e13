"""Whole pages for anonymous readers, kept in the shared cache and invalidated exactly.

Every page is stored under a key holding the site's current *generation*: a unique
value kept in the default cache (Redis, or the file cache that all workers of one
machine share). Any change the public could see sets a fresh generation once its
transaction commits, so the next request on any worker of any server misses and
renders anew; entries of older generations are never read again and expire. The new
value is unique (time plus randomness), never an increment, so two concurrent
changes cannot collapse into one, and a page rendered from data read before a
commit can only be stored under a generation that the commit has already replaced.

Pages also change with time alone (a scheduled post goes live, comments close after
BLOG_COMMENTS_CLOSE_AFTER_DAYS): each generation says until when it holds.

Values of one visitor inside a cached page (the CSRF token and the comment form's
signed timestamp) are recorded by the code that renders them (`personal()`);
config.pagestore stores the page cut at those values and fills in fresh ones.
"""

import functools
import hashlib
import secrets
import time
from datetime import timedelta
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from blog.models import Category, Post, Tag

GENERATION_KEY = "pagecache:generation"
SOURCE_DIRS = ("config", "blog", "comments", "wordpress", "templates")
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json"}


@functools.cache
def release():
    """A digest of code, templates, static manifest and settings: a deploy starts afresh."""
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR)
    paths = [base / settings.STATIC_ROOT / "staticfiles.json"]
    for name in SOURCE_DIRS:
        paths += sorted(p for p in (base / name).rglob("*") if p.suffix in SOURCE_SUFFIXES)
    for path in paths:
        if path.is_file():
            digest.update(path.read_bytes())
    shown = [(k, getattr(settings, k)) for k in sorted(dir(settings)) if k.startswith("BLOG_")]
    digest.update(repr([*shown, settings.TIME_ZONE]).encode())
    return digest.hexdigest()[:16]


def timeout():
    return settings.BLOG_PAGE_CACHE_SECONDS


def _next_time_change():
    """When pages change with no write: a scheduled post goes live or comments close."""
    now = timezone.now()
    published = Post.objects.filter(status=Post.Status.PUBLISHED)
    times = [published.filter(published_at__gt=now).aggregate(t=Min("published_at"))["t"]]
    days = settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        still_open = published.filter(
            comments_open=True, published_at__lte=now, published_at__gte=now - timedelta(days)
        )
        oldest = still_open.aggregate(t=Min("published_at"))["t"]
        times.append(oldest and oldest + timedelta(days=days))
    times = [t.timestamp() for t in times if t is not None]
    return min(times) if times else None


def _new_generation():
    return {"id": f"{time.time_ns():x}-{secrets.token_hex(6)}", "until": _next_time_change()}


def _bump():
    cache.set(GENERATION_KEY, _new_generation(), timeout())


def generation():
    """The current generation's id, starting a new one when none is valid."""
    current = cache.get(GENERATION_KEY)
    if current is not None and (
        current["until"] is None or current["until"] > timezone.now().timestamp()
    ):
        return current["id"]
    fresh = _new_generation()
    if current is None:
        cache.add(GENERATION_KEY, fresh, timeout())  # unless another process was first
    else:
        cache.set(GENERATION_KEY, fresh, timeout())
    return (cache.get(GENERATION_KEY) or fresh)["id"]


def page_key(request):
    """The cache key of this URL (scheme, host, path and query) in this generation."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:page:{release()}:{generation()}:{url}"


def etag(key, hourly=False):
    """A weak ETag for the page under `key`; `hourly` for pages with a signed form token.

    Weak: each visitor's copy differs in its tokens. Hourly: a browser revalidating
    its copy never keeps a form token older than an hour (spam.TOKEN_MAX_AGE is two).
    """
    if hourly:
        key = f"{key}:{int(time.time() // 3600)}"
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


class _Bump:
    """One new generation for all the changes of a commit, however many registered it."""

    done = False

    def __call__(self):
        if not self.done:
            self.done = True
            _bump()


def invalidate(using=None):
    """Start a new generation when the current transaction commits (at once outside one).

    Called for every change readers could see. The changes of one transaction share
    one _Bump (a 5,000-post import makes one new generation, not 5,000); a rolled
    back transaction drops its callbacks, and the next commit bumps instead.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "pagecache_bump", None)
    if pending is None or pending.done:
        pending = connection.pagecache_bump = _Bump()
    transaction.on_commit(pending, using=using)


def personal(request, kind, value, arg=None):
    """Mark `value` in the page as this visitor's own (kinds: pagestore.FILLERS); returns it.

    Outside a page being cached this does nothing, so templates may always call it.
    """
    values = getattr(request, "personal_values", None)
    if values is not None and value is not None:
        values.keep(kind, value, arg)
    return value


def _saved_or_deleted(sender, using=None, **kwargs):
    invalidate(using)


def _user_saved(sender, using=None, update_fields=None, **kwargs):
    """An author's name shows on pages; a login (last_login only) changes nothing shown."""
    if update_fields is None or set(update_fields) - {"last_login"}:
        invalidate(using)


def _relations_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_"):
        invalidate(using)


def connect():
    """Invalidate on every blog change (comments call invalidate() themselves)."""
    for model in (Post, Category, Tag, get_user_model()):
        receiver = _user_saved if model is get_user_model() else _saved_or_deleted
        post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"pagecache-delete-{model}"
        )
    for through in (Post.categories.through, Post.tags.through):
        m2m_changed.connect(
            _relations_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through}"
        )
    setting_changed.connect(lambda **kwargs: release.cache_clear(), weak=False)
