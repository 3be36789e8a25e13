"""Anonymous readers' pages from the cache, with ETag, 304 and Cache-Control.

Sits inside security, CSP, compression and CSRF, so that a hit still gets its headers,
its compressed body and its CSRF cookie from the middleware around it, and outside
sessions, authentication, messages, the views and the apps' own middleware: a hit is
answered before any of them runs. That is safe because only requests without a session,
messages or personal cookie are served from the cache, and a page is stored only when its
answer sets no cookie and adds no message (see `storable`).
"""

import hashlib
import time
from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control

from pagecache import generation, registry, store, vary

# What a reverse proxy or CDN may do with an anonymous page: keep it a minute, and
# serve it half a minute longer while it fetches a fresh one.
SHARED_MAX_AGE, STALE_WHILE_REVALIDATE = 60, 30


PUBLIC = {
    "public": True,
    "max_age": 0,
    "s_maxage": SHARED_MAX_AGE,
    "stale_while_revalidate": STALE_WHILE_REVALIDATE,
}


@lru_cache(maxsize=1)
def public_control():
    """The Cache-Control of an anonymous page that set none, as patch_cache_control
    writes it: made once rather than for each hit."""
    response = HttpResponse()
    patch_cache_control(response, **PUBLIC)
    return response["Cache-Control"]


def is_anonymous_read(request):
    """A GET or HEAD from a browser without a session, messages or any app's personal cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    personal = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    personal |= registry.personal_cookies()
    return not any(name in request.COOKIES for name in personal)


@lru_cache(maxsize=4096)
def view_name(path, urlconf):
    """The name of the view answering at `path`, or None: resolved once per path (a
    tenth of a hit's time), as a path always resolves to the same view."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def cached_params(request):
    """The query parameters the requested view reads, or None when it is not kept."""
    name = view_name(request.path_info, getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
    return None if name is None else registry.params_of(name)


def page_key(request, params):
    """The key of this page: scheme, host, path and the parameters the view reads."""
    query = []
    if params and request.META.get("QUERY_STRING"):
        query = sorted((name, request.GET.getlist(name)) for name in params if name in request.GET)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query!r}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:page:{generation.release()}:{generation.current()}:{digest}"


def etag(key, entry, request, encoding):
    """A weak ETag for this visitor's copy of the entry (each copy differs in its tokens),
    ending in the encoding it is sent in, so that a gzip and a brotli copy never share one.

    A page with per-visitor values that expire changes its ETag twice in their life, so
    a revalidated copy never keeps an expired one; a page with a CSRF token is only good
    with the CSRF cookie it was made for, so that cookie's value is part of it.
    """
    parts = [key]
    life = registry.max_age(entry["kinds"])
    if life:
        parts.append(str(int(time.time() // (life / 2))))
    if "csrf" in entry["kinds"]:
        parts.append(request.META.get("CSRF_COOKIE", ""))
    suffix = f"-{encoding}" if encoding else ""
    return f'W/"{hashlib.sha256(":".join(parts).encode()).hexdigest()[:32]}{suffix}"'


def storable(request, response):
    """A 200 for everyone: nothing private, no cookie, no message, no unrecorded CSRF token."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if vary.names(response) - {"cookie"}:
        return False
    if request.session.modified or getattr(get_messages(request), "added_new", False):
        return False
    csrf_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    return not csrf_used or request.personal_values.has("csrf")


def public(request, response, etag, outcome):
    """Headers of an anonymous page: shared caches may keep it briefly, browsers revalidate."""
    if "Cache-Control" in response:
        patch_cache_control(response, **PUBLIC)
    else:
        response["Cache-Control"] = public_control()
    vary.vary_on(response, ["Cookie"])
    response["ETag"] = etag
    response["X-Page-Cache"] = outcome
    if request.method == "HEAD" and not response.streaming:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.BLOG_PAGE_CACHE and is_anonymous_read(request)):
            return self.get_response(request)
        params = cached_params(request)
        if params is None:
            return self.get_response(request)
        key = page_key(request, params)
        entry = store.load(key)
        if entry is not None:
            encoding = store.encoding(entry, request)
            # Without a CSRF cookie yet, the tag is known once the hit has made one.
            tag = None
            if "csrf" not in entry["kinds"] or "CSRF_COOKIE" in request.META:
                tag = etag(key, entry, request, encoding)
                not_modified = get_conditional_response(request, etag=tag)
                if not_modified is not None:
                    if entry.get("compressed"):
                        vary.vary_on(not_modified, ["Accept-Encoding"])
                    return public(request, not_modified, tag, "revalidated")
            response = store.response_from(entry, request)
            tag = tag or etag(key, entry, request, encoding)
            return public(request, response, tag, "hit")
        request.personal_values = store.PersonalValues()
        response = self.get_response(request)
        if not storable(request, response):
            return response
        entry = store.entry_from(response, request.personal_values)
        store.store(key, entry)
        # Served from the entry just made: its compressed forms, not a second compression.
        response = store.response_from(entry, request)
        tag = etag(key, entry, request, store.encoding(entry, request))
        return public(request, response, tag, "miss")
