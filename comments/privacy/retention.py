"""How long comment data is kept: old spam is deleted, old IPs and user agents cleared.

Run daily by `manage.py prune_comment_data`. Both steps are idempotent: a second run
the same day finds nothing left to do. Deleting goes through comments.lifecycle (replies
move up, counts and cached pages follow); clearing changes nothing readers see.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from comments import lifecycle
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
    spam_deleted = lifecycle.delete(old_spam)
    with_address = Comment.objects.filter(
        ~Q(ip_address=None) | ~Q(user_agent=""),
        created_at__lt=now - timedelta(days=address_days),
    )
    # Moderators alone see IPs and user agents: no page changes.
    cleared = with_address.update(ip_address=None, user_agent="")
    return Pruned(spam_deleted, spam_days, cleared, address_days)
