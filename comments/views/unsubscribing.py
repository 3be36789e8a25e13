"""Stopping reply notifications from the signed link in the email (comments.subscriptions).

A GET shows what the link stops and a button; the button's POST unsubscribes. Mail
clients that offer RFC 8058 one-click unsubscribe POST "List-Unsubscribe=One-Click" to
the same URL themselves, without cookies and so without a CSRF token. That POST alone
skips the CSRF check: the signed token in the URL is the credential (it can only switch
off the notifications of the one comment it was signed for, which is the only thing a
forged cross-site request could do with it), and a CSRF check would make every one-click
unsubscribe fail. Every other request keeps Django's CSRF protection.
"""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from comments.mail import subscriptions
from comments.models import Comment

INVALID = "This unsubscribe link is not valid. Please use the link from the email as it is."
GONE = "The comment this link was for no longer exists, so no more emails will be sent."


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        return _answer(request, token, unsubscribe_now=True)
    return _confirm(request, token)


@csrf_protect
def _confirm(request, token):
    return _answer(request, token, unsubscribe_now=request.method == "POST")


def _answer(request, token, *, unsubscribe_now):
    pk = subscriptions.comment_id(token)
    comment = (
        None if pk is None else Comment.objects.select_related("post", "page").filter(pk=pk).first()
    )
    if comment is None:
        message, status = (INVALID, 400) if pk is None else (GONE, 404)
        context = {"heading": "Reply notifications", "message": message}
        response = render(request, "comments/message.html", context, status=status)
    else:
        if unsubscribe_now:
            Comment.objects.filter(pk=pk).update(notify_replies=False)
            comment.notify_replies = False
        context = {
            "comment": comment,
            "target": comment.target,
            "page_title": "Reply notifications",
        }
        response = render(request, "comments/unsubscribe.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response
