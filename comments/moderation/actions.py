"""A moderator changes comments' status: the admin's actions and change form, the email links.

The change and the recount of the posts' comments are one transaction; after it
commits, approved comments are announced (comments.notifications) and the spam
checkers that learn hear of the verdict: submit-spam for a comment marked spam,
submit-ham for a comment taken out of spam.
"""

from functools import partial

from django.db import transaction

from comments.lifecycle import refresh_comment_counts
from comments.mail import notifications
from comments.models import Comment
from comments.moderation import checkers

Status = Comment.Status


def change_status(queryset, status, request):
    """Give the comments of `queryset` a status; returns how many were selected."""
    with transaction.atomic():
        changed = list(queryset.exclude(status=status).select_related("post__author"))
        count = queryset.update(status=status)
        refresh_comment_counts({comment.post_id for comment in changed})
        for comment in changed:
            status_changed(comment, comment.status, status, request)
            comment.status = status
    return count


def status_changed(comment, previous, status, request):
    """After the commit, do what a comment going from `previous` to `status` calls for."""
    if previous != status:
        transaction.on_commit(partial(_announce, comment, previous, status, request))


def _announce(comment, previous, status, request):
    if status == Status.APPROVED:
        notifications.comment_approved(comment, request)
    if status == Status.SPAM:
        checkers.report("spam", comment, request)
    elif previous == Status.SPAM and status != Status.TRASH:
        checkers.report("ham", comment, request)
