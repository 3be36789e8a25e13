"""The commenter's cookies, both signed (django.core.signing) and HttpOnly.

- REMEMBER_COOKIE keeps name, email and website for the next comment, for about a
  year, only when the commenter ticks "Save my name…" (unticking clears it).
- HELD_COOKIE lists the visitor's own comments that wait for moderation, so that
  they, and nobody else, see them marked "Your comment is awaiting moderation."
- EDIT_COOKIE lists the comments this browser posted in the last
  BLOG_COMMENT_EDIT_MINUTES, which it may edit (comments.editing).

A page that reads either cookie is personal: see comments.middleware.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

REMEMBER_COOKIE = "comment_author"
REMEMBER_SALT = "comments.remember"
REMEMBER_AGE = timedelta(days=365)
HELD_COOKIE = "comment_held"
HELD_SALT = "comments.held"
HELD_AGE = timedelta(days=30)
HELD_LIMIT = 20
EDIT_COOKIE = "comment_edit"
EDIT_SALT = "comments.edit"
EDIT_LIMIT = 20
COOKIE_NAMES = (REMEMBER_COOKIE, HELD_COOKIE, EDIT_COOKIE)


def _read(request, name, salt, max_age):
    try:
        return signing.loads(request.COOKIES.get(name, ""), salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def _write(response, name, value, salt, max_age):
    response.set_cookie(
        name,
        signing.dumps(value, salt=salt, compress=True),
        max_age=int(max_age.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_author(request):
    """The name, email and url saved by `remember`, or an empty dict."""
    data = _read(request, REMEMBER_COOKIE, REMEMBER_SALT, REMEMBER_AGE)
    if not isinstance(data, dict):
        return {}
    return {key: data[key] for key in ("name", "email", "url") if isinstance(data.get(key), str)}


def remember_author(response, name, email, url):
    _write(
        response,
        REMEMBER_COOKIE,
        {"name": name, "email": email, "url": url},
        REMEMBER_SALT,
        REMEMBER_AGE,
    )


def forget_author(response):
    response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")


def _ids(data):
    if not isinstance(data, list):
        return []
    return [pk for pk in data if isinstance(pk, int) and not isinstance(pk, bool)]


def held_ids(request):
    """Ids of the comments this browser posted that wait for moderation."""
    return _ids(_read(request, HELD_COOKIE, HELD_SALT, HELD_AGE))


def add_held(request, response, comment_id):
    """Add a comment to the visitor's held list (keeping the newest HELD_LIMIT)."""
    ids = [*held_ids(request), comment_id][-HELD_LIMIT:]
    _write(response, HELD_COOKIE, ids, HELD_SALT, HELD_AGE)


def edit_ids(request, window):
    """Ids of the comments this browser posted within the last `window` (a timedelta)."""
    return _ids(_read(request, EDIT_COOKIE, EDIT_SALT, window))


def add_editable(request, response, comment_id, window):
    """Let this browser edit a comment for `window` (keeping the newest EDIT_LIMIT)."""
    ids = [*edit_ids(request, window), comment_id][-EDIT_LIMIT:]
    _write(response, EDIT_COOKIE, ids, EDIT_SALT, window)
