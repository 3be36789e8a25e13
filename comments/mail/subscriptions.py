"""Reply notifications a commenter asked for, and the signed link that stops them.

The link carries the comment's id signed with django.core.signing under its own salt,
so it unsubscribes that comment and nothing else, and cannot be forged or altered; it
does not expire (all it can do is stop emails). RFC 8058 one-click unsubscribe: the
email names the same URL in List-Unsubscribe, and a POST of
"List-Unsubscribe=One-Click" to it unsubscribes.
"""

from django.core import signing
from django.urls import reverse

from comments.mail import links

SALT = "comments.unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"


def make_token(comment):
    return signing.dumps(comment.pk, salt=SALT)


def comment_id(token):
    """The id a token was signed for, or None for anything forged, altered or malformed."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


def unsubscribe_url(comment, site=""):
    return links.absolute(reverse("comments:unsubscribe", args=[make_token(comment)]), site)


def unsubscribe_headers(url):
    """Headers that let mail clients offer a one-click unsubscribe (RFC 2369, RFC 8058)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}
