"""The facts rules.decide asks about a new comment, each looked up when first read.

The database checks are single indexed queries, so they need no shared cache:
duplicates by (post or page, status, created_at), floods by (network, created_at) and
(email, created_at), known and trusted authors by (email, created_at).
"""

from datetime import timedelta
from functools import cached_property
from math import ceil

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from comments.display.sanitize import count_links
from comments.models import Comment
from comments.moderation import checkers, rules, spam


def _folded(text):
    """Text as the duplicate check compares it: case folded, white space collapsed."""
    return " ".join(text.casefold().split())


class CommentFacts:
    def __init__(self, comment, *, token_state, honeypot, is_staff, request=None):
        self.comment = comment
        self.token_state = token_state
        self.honeypot = honeypot
        self.is_staff = is_staff
        self.request = request

    @cached_property
    def texts(self):
        """Everything the commenter sent, for the word lists."""
        c = self.comment
        return [c.name, c.email, c.url, c.body, c.ip_address or "", c.user_agent]

    @cached_property
    def is_spam(self):
        return spam.looks_like_spam(self.token_state, self.honeypot, self.texts)

    @cached_property
    def is_duplicate(self):
        """The same name or email already said the same on this post or page (trash
        aside), in any case and spacing: "Nice post!" and " nice   POST! " are one comment."""
        c = self.comment
        same_author = Q(name=c.name) | Q(email=c.email) if c.email else Q(name=c.name)
        earlier = (
            Comment.objects.not_trashed()
            .filter(same_author, post_id=c.post_id, page_id=c.page_id)
            .values_list("body", flat=True)
        )
        said = _folded(c.body)
        return any(_folded(body) == said for body in earlier.iterator())

    @cached_property
    def retry_after(self):
        """Seconds until this IP or email may comment again; 0 when it may now."""
        window = settings.BLOG_COMMENT_FLOOD_SECONDS
        c = self.comment
        who = Q(network=c.network) if c.network else Q()
        if c.email:
            who = who | Q(email=c.email) if who else Q(email=c.email)
        if window <= 0 or not who:
            return 0
        now = timezone.now()
        last = (
            Comment.objects.filter(who, created_at__gt=now - timedelta(seconds=window))
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is None:
            return 0
        return max(1, ceil(window - (now - last).total_seconds()))

    @property
    def is_flooding(self):
        return self.retry_after > 0

    @cached_property
    def checkers_verdict(self):
        """What the BLOG_SPAM_CHECKERS say: Verdict.SPAM, Verdict.PENDING or None."""
        return checkers.opinion(self.comment, self.request)

    @cached_property
    def needs_review(self):
        """Moderation words, or more links than BLOG_COMMENT_MAX_LINKS."""
        if rules.mentions_any(settings.BLOG_MODERATION_WORDS, self.texts):
            return True
        return count_links(self.comment.body_html) > settings.BLOG_COMMENT_MAX_LINKS

    @cached_property
    def is_known_author(self):
        """The same name and email (case-insensitive) already have an approved comment.

        Knowing an approved commenter's email is not enough, as in WordPress. Emails are
        stored lowercased (comments.forms), so the email is an exact, indexed match.
        """
        c = self.comment
        if not (c.email and c.name):
            return False
        same_author = Q(email=c.email.lower(), name__iexact=c.name)
        return Comment.objects.approved().filter(same_author).exists()

    @cached_property
    def is_trusted(self):
        """Staff, or BLOG_COMMENT_TRUSTED_AFTER approved comments with this email."""
        if self.is_staff:
            return True
        needed = settings.BLOG_COMMENT_TRUSTED_AFTER
        if needed <= 0:
            return True
        email = self.comment.email
        if not email:
            return False
        approved = Comment.objects.approved().filter(email=email.lower())
        return approved[:needed].count() >= needed
