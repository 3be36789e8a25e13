"""A commenter's data on request: everything stored with their comments, and its erasure.

Comments are found by email address, in any case. Erasing either anonymises them (the
name becomes "Anonymous"; email, website, IP address, user agent, the link to a site
account and the reply-notification wish are cleared; the text stays) or deletes them,
moving their replies up to the nearest surviving comment. Both refresh the posts'
comment counts, as every change of comments does.
"""

from django.db import transaction

from comments.lifecycle import refresh_comment_counts
from comments.mail import links
from comments.models import Comment

ANONYMOUS = "Anonymous"


def comments_by(email):
    return Comment.objects.filter(email__iexact=email.strip()).select_related("post")


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
            "post_url": links.absolute(comment.post.get_absolute_url()),
            "status": comment.status,
            "body": comment.body,
        }
        for comment in comments_by(email).order_by("created_at", "pk")
    ]


def anonymise(email):
    """Strip the author's data from their comments; returns how many."""
    comments = comments_by(email)
    with transaction.atomic():
        post_ids = set(comments.values_list("post_id", flat=True))
        count = comments.update(
            name=ANONYMOUS,
            email="",
            url="",
            ip_address=None,
            user_agent="",
            user=None,
            notify_replies=False,
        )
        refresh_comment_counts(post_ids)
    return count


def delete(email):
    """Delete the author's comments (replies move up); returns how many."""
    count, _ = comments_by(email).delete()
    return count
