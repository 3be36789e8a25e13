"""Site-wide response policy that Django and the installed packages do not cover."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from comments.privacy.cookies import COOKIE_NAMES
from config import pagecache, pagestore


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, with one relaxation on admin URLs.

    Django's admin templates and widgets still write a few `style="…"` attributes
    (collapsed fieldsets, the related-object popups, calendar widgets), which a
    `style-src 'self'` policy would block. Scripts stay strict on the admin too.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts


# Views whose anonymous GETs are served from the page cache; those WITH_FORM carry
# per-visitor values (see config.pagecache.personal).
CACHED_VIEWS = {
    *("blog:index", "blog:year", "blog:month", "blog:day", "blog:post"),
    *("blog:category", "blog:tag", "blog:author", "blog:sitemap"),
    *("blog:feed", "blog:feed_atom", "blog:category_feed", "blog:tag_feed"),
    *("comments:feed", "comments:post_feed"),
}
WITH_FORM = {"blog:post"}
# What a reverse proxy or CDN may do with an anonymous page: keep it a minute, and
# serve it half a minute longer while it fetches a fresh one.
SHARED_MAX_AGE, STALE_WHILE_REVALIDATE = 60, 30


def is_anonymous_read(request):
    """A GET from a browser without a session (so not signed in), commenter or messages cookie."""
    if request.method != "GET":
        return False
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *COOKIE_NAMES)
    return not any(name in request.COOKIES for name in personal)


def cached_view_name(request):
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return None
    return name if name in CACHED_VIEWS else None


def storable(request, response):
    """A 200 for everyone: nothing private, no cookie, no message, no unrecorded CSRF token."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()} - {"cookie"}:
        return False
    if request.session.modified or getattr(get_messages(request), "added_new", False):
        return False
    csrf_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    return not csrf_used or request.personal_values.has("csrf")


def public(response, etag, outcome):
    """Headers of an anonymous page: shared caches may keep it briefly, browsers revalidate."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=SHARED_MAX_AGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["Cookie"])
    response["ETag"] = etag
    response["X-Page-Cache"] = outcome
    return response


class PageCacheMiddleware:
    """Anonymous readers' pages from the shared cache, with ETag, 304 and Cache-Control.

    Sits inside CSRF, sessions, authentication and messages, so a hit still gets its
    CSRF cookie, the security headers and CSP from the middleware around it; outside
    the views and comments' PrivateCommenterPagesMiddleware, whose private marking it
    respects. config.pagecache explains keys and invalidation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.BLOG_PAGE_CACHE and is_anonymous_read(request)):
            return self.get_response(request)
        view_name = cached_view_name(request)
        if view_name is None:
            return self.get_response(request)
        key = pagecache.page_key(request)
        etag = pagecache.etag(key, hourly=view_name in WITH_FORM)
        # A page with a form is only still good with the CSRF cookie its token was made for.
        if view_name not in WITH_FORM or settings.CSRF_COOKIE_NAME in request.COOKIES:
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return public(not_modified, etag, "revalidated")
        entry = pagestore.load(key)
        if entry is not None:
            return public(pagestore.response_from(entry, request), etag, "hit")
        request.personal_values = pagestore.PersonalValues()
        response = self.get_response(request)
        if not storable(request, response):
            return response
        pagestore.store(key, pagestore.entry_from(response, request.personal_values))
        return public(response, etag, "miss")
