"""How long comment data is kept: old spam and trash are deleted, old IPs cleared.

Run daily by `manage.py prune_comment_data`, which also empties the posts' trash
(blog.trash) of what is older than BLOG_TRASH_DAYS. Every step is idempotent: a second
run the same day finds nothing left to do. Deleting goes through comments.lifecycle (replies
move up, counts and cached pages follow); clearing changes nothing readers see.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from blog import trash
from comments import lifecycle
from comments.models import Comment


@dataclass
class Pruned:
    spam_deleted: int
    spam_days: int
    addresses_cleared: int
    address_days: int
    trash_deleted: int
    posts_deleted: int
    posts_comments_deleted: int
    trash_days: int


def prune(now=None):
    """Apply the retention settings and BLOG_TRASH_DAYS; say what was done."""
    now = now or timezone.now()
    spam_days = settings.BLOG_SPAM_RETENTION_DAYS
    address_days = settings.BLOG_COMMENT_IP_RETENTION_DAYS
    old_spam = Comment.objects.filter(
        status=Comment.Status.SPAM, created_at__lt=now - timedelta(days=spam_days)
    )
    spam_deleted = lifecycle.delete(old_spam)
    with_address = Comment.objects.filter(
        ~Q(ip_address=None) | ~Q(user_agent=""),
        created_at__lt=now - timedelta(days=address_days),
    )
    # Moderators alone see IPs and user agents: no page changes.
    cleared = with_address.update(ip_address=None, network="", user_agent="")
    trash_days = settings.BLOG_TRASH_DAYS
    old_trash = Comment.objects.alias(trashed=Coalesce("trashed_at", "created_at")).filter(
        status=Comment.Status.TRASH, trashed__lt=now - timedelta(days=trash_days)
    )
    trash_deleted = lifecycle.delete(old_trash)
    # The comments of expired posts first, as every deletion of comments is made.
    posts_comments_deleted = lifecycle.delete(Comment.objects.filter(post__in=trash.expired(now)))
    posts_deleted = trash.purge(now)
    return Pruned(
        spam_deleted,
        spam_days,
        cleared,
        address_days,
        trash_deleted,
        posts_deleted,
        posts_comments_deleted,
        trash_days,
    )
