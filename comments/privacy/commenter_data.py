"""A commenter's data on request: everything stored with their comments, and its erasure.

Comments are found by email address, in any case. Erasing either anonymises them (the
name becomes "Anonymous"; email, website, IP address, user agent, the link to a site
account and the reply-notification wish are cleared; the text stays) or deletes them,
moving their replies up to the nearest surviving comment. Both go through
comments.lifecycle, as every change of comments does.
"""

from django.db import transaction

from comments import lifecycle
from comments.mail import links
from comments.models import Comment

ANONYMOUS = "Anonymous"


def comments_by(email):
    return Comment.objects.filter(email__iexact=email.strip()).select_related("post", "page")


def export(email):
    """Every comment by `email` with all that is stored about its author, oldest first."""
    return [
        {
            "name": comment.name,
            "email": comment.email,
            "url": comment.url,
            "ip": comment.ip_address,
            "user_agent": comment.user_agent,
            "created": comment.created_at.isoformat(),
            # The post's or the page's URL (the key is PRODUCT.md's).
            "post_url": links.absolute(comment.target.get_absolute_url()),
            "status": comment.status,
            "body": comment.body,
        }
        for comment in comments_by(email).order_by("created_at", "pk")
    ]


def anonymise(email):
    """Strip the author's data from their comments; returns how many."""
    comments = comments_by(email)
    with transaction.atomic():
        rows = list(comments.values_list("post_id", "page_id", "status"))
        count = comments.update(
            name=ANONYMOUS,
            email="",
            url="",
            ip_address=None,
            network="",
            user_agent="",
            user=None,
            notify_replies=False,
        )
        public = any(status == Comment.Status.APPROVED for *_, status in rows)
        posts, pages = {post for post, _, _ in rows}, {page for _, page, _ in rows}
        lifecycle.changed(posts, page_ids=pages, public=public)
    return count


def delete(email):
    """Delete the author's comments (replies move up); returns how many."""
    return lifecycle.delete(comments_by(email))
