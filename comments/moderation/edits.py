"""Editing your own comment: for BLOG_COMMENT_EDIT_MINUTES after posting, from the same browser.

The browser proves it posted the comment with a signed cookie listing the comments it
posted (comments.cookies.EDIT_COOKIE); the window is measured from the comment's own
creation time. Trashed comments, and comments on posts (or pages) that are no longer
public or whose comments are closed, cannot be edited. An edit never makes a comment's
status milder: an approved comment can go back to pending or to spam, a spam comment
stays spam; an approved comment edited by an author who is not trusted goes back to
pending.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments.models import Comment
from comments.moderation import rules
from comments.privacy import cookies

STRICTNESS = [Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM]


def window():
    return timedelta(minutes=settings.BLOG_COMMENT_EDIT_MINUTES)


def editable_ids(request):
    """Ids of the comments this browser may still be allowed to edit (per its cookie)."""
    if settings.BLOG_COMMENT_EDIT_MINUTES <= 0:
        return set()
    return set(cookies.edit_ids(request, window()))


def in_window(comment, now=None):
    return (now or timezone.now()) < comment.created_at + window()


def can_edit(request, comment):
    """Whether this browser may edit this comment now."""
    return (
        comment.pk in editable_ids(request)
        and comment.status in STRICTNESS
        and in_window(comment)
        and comment.target.is_public
        and not rules.comments_closed(comment.target)
    )


def editable_now(request):
    """Ids of the comments this browser may edit now: on its cookie, and still within the
    window (one query, only when the cookie lists any)."""
    ids = editable_ids(request)
    if not ids:
        return set()
    recent = Comment.objects.filter(pk__in=ids, created_at__gt=timezone.now() - window())
    return set(recent.order_by().values_list("pk", flat=True))


def status_after_edit(current, verdict, *, trusted):
    """The stricter of the comment's status and the verdict on its new text.

    A clean text keeps an approved comment approved only for a `trusted` author (staff,
    or BLOG_COMMENT_TRUSTED_AFTER approved comments): anyone else's goes back to pending.
    """
    new = {
        rules.Verdict.SPAM: Comment.Status.SPAM,
        rules.Verdict.PENDING: Comment.Status.PENDING,
    }.get(verdict, Comment.Status.APPROVED if trusted else Comment.Status.PENDING)
    return max(current, new, key=STRICTNESS.index)
