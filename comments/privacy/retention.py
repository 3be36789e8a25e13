"""How long comment data is kept: old spam is deleted, old IPs and user agents cleared.

Run daily by `manage.py prune_comment_data`. Both steps are idempotent: a second run
the same day finds nothing left to do. Deleting re-parents replies and refreshes the
posts' comment counts (CommentQuerySet.delete); clearing refreshes the counts of the
posts it touched too, as every change of comments does (it keeps cached pages exact).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.lifecycle import refresh_comment_counts
from comments.models import Comment


@dataclass
class Pruned:
    spam_deleted: int
    spam_days: int
    addresses_cleared: int
    address_days: int


def prune(now=None):
    """Apply BLOG_SPAM_RETENTION_DAYS and BLOG_COMMENT_IP_RETENTION_DAYS; say what was done."""
    now = now or timezone.now()
    spam_days = settings.BLOG_SPAM_RETENTION_DAYS
    address_days = settings.BLOG_COMMENT_IP_RETENTION_DAYS
    old_spam = Comment.objects.filter(
        status=Comment.Status.SPAM, created_at__lt=now - timedelta(days=spam_days)
    )
    spam_deleted, _ = old_spam.delete()
    with transaction.atomic():
        with_address = Comment.objects.filter(
            ~Q(ip_address=None) | ~Q(user_agent=""),
            created_at__lt=now - timedelta(days=address_days),
        )
        post_ids = set(with_address.values_list("post_id", flat=True))
        cleared = with_address.update(ip_address=None, user_agent="")
        refresh_comment_counts(post_ids)
    return Pruned(spam_deleted, spam_days, cleared, address_days)
