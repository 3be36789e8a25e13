"""Emails about comments, each sent after the change behind it has been committed.

- A comment held for moderation: to the post's author and BLOG_MODERATOR_EMAILS, with
  links to the admin and to the approve / spam confirmation pages.
- An approved comment: to the post's author, except for a comment they wrote or one
  they approved themselves.
- An approved reply: to the author of the comment it answers, when they ticked
  "Notify me of replies", with a one-click unsubscribe link; nobody else.

Callers run these in transaction.on_commit. Each email is plain text with an HTML
alternative rendered from templates/comments/email/ (autoescaped: what a commenter
typed is text, never markup). A failing mail server is logged and nothing else
happens: the comment is saved and the visitor gets the usual answer. The approval and
reply emails are sent at most once per comment (author_notified_at, reply_notified_at).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comments.mail import links, subscriptions
from comments.models import Comment

logger = logging.getLogger(__name__)


def comment_posted(comment, request):
    """After a new comment is saved: moderators hear of a held one, authors of an approved one."""
    if comment.status == Comment.Status.PENDING:
        comment_held(comment, request)
    elif comment.status == Comment.Status.APPROVED:
        comment_approved(comment, request)


def comment_held(comment, request):
    """Ask the post's author and the moderators to moderate a pending comment."""
    recipients = {}
    for address in [comment.post.author.email, *settings.BLOG_MODERATOR_EMAILS]:
        if address:
            recipients.setdefault(address.lower(), address)
    context = {
        **_context(comment, request),
        "approve_url": _url(request, "comments:approve", comment.pk),
        "spam_url": _url(request, "comments:spam", comment.pk),
    }
    for address in recipients.values():
        _send("moderation", context, address, comment)


def comment_approved(comment, request):
    """Tell the post's author and the author of the comment answered (each once)."""
    context = _context(comment, request)
    told = set()
    author_email = comment.post.author.email
    if _tells_post_author(comment, request) and _claim(comment, "author_notified_at"):
        _send("approved", context, author_email, comment)
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
        unsubscribe = subscriptions.unsubscribe_url(answered, request)
        reply_context = {**context, "answered": answered, "unsubscribe_url": unsubscribe}
        headers = subscriptions.unsubscribe_headers(unsubscribe)
        _send("reply", reply_context, answered.email, comment, headers=headers)


def _tells_post_author(comment, request):
    author = comment.post.author
    user = getattr(request, "user", None)
    return bool(
        author.email
        and comment.user_id != author.pk
        and comment.email.lower() != author.email.lower()
        and not (user is not None and user.pk == author.pk)
    )


def _claim(comment, field):
    """Record that an email about this comment goes out; False if one already went."""
    unsent = Comment.objects.filter(pk=comment.pk, **{f"{field}__isnull": True})
    return unsent.update(**{field: timezone.now()}) == 1


def _url(request, name, pk):
    return links.absolute(reverse(name, args=[pk]), request)


def _context(comment, request):
    return {
        "comment": comment,
        "post": comment.post,
        "site_title": settings.BLOG_TITLE,
        "comment_url": links.absolute(comment.get_absolute_url(), request),
        "post_url": links.absolute(comment.post.get_absolute_url(), request),
        "admin_url": _url(request, "admin:comments_comment_change", comment.pk),
    }


def _send(kind, context, address, comment, headers=None):
    """Render and send one email; log, never raise, when it cannot be sent."""
    try:
        subject = render_to_string(f"comments/email/{kind}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"comments/email/{kind}.txt", context),
            to=[address],
            headers=headers,
        )
        message.attach_alternative(
            render_to_string(f"comments/email/{kind}.html", context), "text/html"
        )
        message.send()
    except Exception:
        logger.exception("The %s email about comment %s could not be sent", kind, comment.pk)
