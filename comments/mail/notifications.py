"""Who is emailed about a comment, and the emails themselves.

- Comments held for moderation: the author of the post (or page) and
  BLOG_MODERATOR_EMAILS, with links to the admin and to the approve / spam confirmation
  pages. Comments held within BLOG_MODERATION_BATCH_SECONDS of each other go out
  together: one email for one comment, one email listing them for a burst ("5 new
  comments wait for moderation").
- An approved comment: to the post's (or page's) author, except for a comment they
  wrote or one they approved themselves.
- An approved reply: to the author of the comment it answers, when they ticked
  "Notify me of replies", with a one-click unsubscribe link; nobody else.

These functions run in the task queue (comments.tasks), never in a request. Deciding
claims each email on the comment (author_notified_at, reply_notified_at,
moderators_notified_at), so that nothing is sent twice however often a comment is
approved or a task runs; sending can then be tried again until it works. Each email is
plain text with an HTML alternative rendered from templates/comments/email/
(autoescaped: what a commenter typed is text, never markup).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comments.mail import links, subscriptions
from comments.models import Comment, target_field


@dataclass(frozen=True)
class Email:
    kind: str  # a template name under comments/email/: moderation, approved, reply
    address: str
    comment_ids: tuple


def approved(comment, actor_id=None):
    """The emails an approved comment calls for: its post's (or page's) author, the comment
    answered.

    `actor_id` is the user whose action approved it (a moderator, or the commenter).
    """
    emails, told = [], set()
    author_email = comment.target.author.email
    if _tells_post_author(comment, actor_id) and _claim(comment, "author_notified_at"):
        emails.append(Email("approved", author_email, (comment.pk,)))
        told.add(author_email.lower())
    answered = comment.answers
    if (
        answered is not None
        and answered.notify_replies
        and answered.is_approved
        and answered.email
        and answered.email.lower() not in {comment.email.lower(), *told}
        and _claim(comment, "reply_notified_at")
    ):
        emails.append(Email("reply", answered.email, (comment.pk,)))
    return emails


def moderation_requests():
    """One email per moderator and post (or page) author for the held comments nobody was
    told of."""
    waiting = Comment.objects.pending().filter(moderators_notified_at=None)
    claimed = [
        comment for comment in waiting.with_target() if _claim(comment, "moderators_notified_at")
    ]
    by_address = {}
    for comment in claimed:
        for address in [comment.target.author.email, *settings.BLOG_MODERATOR_EMAILS]:
            if address:
                by_address.setdefault(address.lower(), (address, []))[1].append(comment.pk)
    return [Email("moderation", address, tuple(ids)) for address, ids in by_address.values()]


def message(email, site):
    """The email, rendered for the site at `site` (see comments.mail.links)."""
    comments = list(Comment.objects.filter(pk__in=email.comment_ids).with_target())
    context = {
        "site_title": settings.BLOG_TITLE,
        "comments": [_about(comment, site) for comment in comments],
        **(_about(comments[0], site) if len(comments) == 1 else {}),
    }
    headers = None
    if email.kind == "reply":
        answered = comments[0].answers
        context["answered"] = answered
        context["unsubscribe_url"] = subscriptions.unsubscribe_url(answered, site)
        headers = subscriptions.unsubscribe_headers(context["unsubscribe_url"])
    kind = email.kind if len(comments) == 1 else f"{email.kind}_digest"
    subject = render_to_string(f"comments/email/{kind}_subject.txt", context)
    mail = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"comments/email/{kind}.txt", context),
        to=[email.address],
        headers=headers,
    )
    mail.attach_alternative(render_to_string(f"comments/email/{kind}.html", context), "text/html")
    return mail


def _tells_post_author(comment, actor_id):
    author = comment.target.author
    return bool(
        author.email
        and comment.user_id != author.pk
        and comment.email.lower() != author.email.lower()
        and actor_id != author.pk
    )


def _claim(comment, field):
    """Record that an email about this comment goes out; False if one already went."""
    unsent = Comment.objects.filter(pk=comment.pk, **{f"{field}__isnull": True})
    return unsent.update(**{field: timezone.now()}) == 1


def _url(site, name, pk):
    return links.absolute(reverse(name, args=[pk]), site)


def _about(comment, site):
    """What an email says of one comment."""
    return {
        "comment": comment,
        "target": comment.target,
        "kind": target_field(comment.target),  # "post" or "page"
        "comment_url": links.absolute(comment.get_absolute_url(), site),
        "target_url": links.absolute(comment.target.get_absolute_url(), site),
        "admin_url": _url(site, "admin:comments_comment_change", comment.pk),
        "approve_url": _url(site, "comments:approve", comment.pk),
        "spam_url": _url(site, "comments:spam", comment.pk),
    }
