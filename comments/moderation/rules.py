"""What happens to a comment: the moderation rules of PRODUCT.md, in their order.

Pure functions over facts about a comment. The facts may be computed lazily (the
view passes an object whose database checks run only when read), so a rule that
decides early spares the queries of the rules after it.
"""

import enum
from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from blog.models import Page, Post


class Verdict(enum.Enum):
    SPAM = "spam"
    DUPLICATE = "duplicate"
    FLOOD = "flood"
    PENDING = "pending"
    APPROVED = "approved"


# Where BLOG_COMMENTS_CLOSE_AFTER_DAYS counts from (opened_at), by model.
OPENED_AT = {Post: "published_at", Page: "created_at"}


def opened_at(target):
    """When comments opened on a post (its publication) or a page (which has no date of
    publication: its creation); the age that closes them counts from then."""
    return target.created_at if isinstance(target, Page) else target.published_at


def comments_closed(target, now=None):
    """Closed by the post's (or page's) switch, or by age after
    BLOG_COMMENTS_CLOSE_AFTER_DAYS (0: never)."""
    if not target.comments_open:
        return True
    days = settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS
    now = now or timezone.now()
    return days > 0 and opened_at(target) + timedelta(days=days) < now


def next_closing():
    """When comments next close by age on a post or page (readers' pages change then), or
    None."""
    days = settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS
    if days <= 0:
        return None
    since = timezone.now() - timedelta(days=days)
    moments = []
    for model, field in OPENED_AT.items():
        still_open = model.objects.published().filter(
            comments_open=True, **{f"{field}__gte": since}
        )
        moments.append(still_open.aggregate(moment=Min(field))["moment"])
    oldest = min(filter(None, moments), default=None)
    return oldest and oldest + timedelta(days=days)


def mentions_any(words, texts):
    """Whether any word occurs in any text, ignoring case (as WordPress's word lists)."""
    haystack = "\n".join(text.casefold() for text in texts if text)
    return any(word.casefold() in haystack for word in words if word)


def decide(facts, mode):
    """The verdict for a comment on an open post.

    `facts` answers is_spam, is_duplicate, is_flooding, is_staff, checkers_verdict (the
    BLOG_SPAM_CHECKERS' opinion: SPAM, PENDING or None, asked only for a comment that
    passed every built-in check), needs_review and is_known_author; `mode` is
    BLOG_COMMENT_MODERATION (all, first-time or none).
    """
    if facts.is_spam:
        # Spam is stored, but no faster than the flood check lets anyone comment: a
        # burst of spam is answered 429 and never fills the database.
        return Verdict.FLOOD if not facts.is_staff and facts.is_flooding else Verdict.SPAM
    if facts.is_duplicate:
        return Verdict.DUPLICATE
    if not facts.is_staff and facts.is_flooding:
        return Verdict.FLOOD
    if facts.is_staff:
        return Verdict.APPROVED
    held = _content_verdict(facts)
    if held is not None:
        return held
    if mode == "all" or (mode == "first-time" and not facts.is_known_author):
        return Verdict.PENDING
    return Verdict.APPROVED


def _content_verdict(facts):
    """What the spam checkers and the text itself say: SPAM, PENDING, or None."""
    outside = facts.checkers_verdict
    if outside is Verdict.SPAM:
        return Verdict.SPAM
    if outside is Verdict.PENDING or facts.needs_review:
        return Verdict.PENDING
    return None


def review_edit(facts):
    """The verdict on a comment's edited text: the content rules of decide(), no others.

    SPAM for a disallowed word or a checker's spam, PENDING for moderation words, too
    many links or a checker's hold, else APPROVED (staff: always APPROVED unless spam).
    The caller never lets an edit make a comment's status milder than it was.
    """
    if facts.is_spam:
        return Verdict.SPAM
    if facts.is_staff:
        return Verdict.APPROVED
    return _content_verdict(facts) or Verdict.APPROVED
