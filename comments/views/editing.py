"""Editing your own comment: the form with its text (GET) and the edited text (POST).

Who may edit what, and for how long, is comments.editing. The new text is sanitised
and moderated again (disallowed words, moderation words, links, the spam checkers); an
edit never makes the status milder, and one by an author who is not trusted sends an
approved comment back to pending. A refused edit is a 403 that says nothing about
whether the comment exists. The page is the commenter's own: never stored by a cache.
"""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from comments import lifecycle
from comments.forms import CommentEditForm
from comments.models import Comment
from comments.moderation import edits, rules, spam
from comments.moderation.facts import CommentFacts
from comments.privacy import cookies

NOT_EDITABLE = (
    "This comment can no longer be edited. A comment can be edited for a few minutes "
    "after it is posted, from the browser that posted it."
)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_protect
def edit_comment(request, comment_id):
    comment = None
    if comment_id in edits.editable_ids(request):
        comment = Comment.objects.select_related("post", "page").filter(pk=comment_id).first()
    if comment is None or not edits.can_edit(request, comment):
        context = {"heading": "You cannot edit this comment", "message": NOT_EDITABLE}
        return private(render(request, "comments/message.html", context, status=403))
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            return save_edit(request, comment, form.cleaned_data["body"])
    else:
        form = CommentEditForm(initial={"body": comment.body})
    context = {
        "comment": comment,
        "target": comment.target,
        "form": form,
        "editable_until": comment.created_at + edits.window(),
        "page_title": "Edit your comment",
    }
    status = 400 if form.is_bound else 200
    return private(render(request, "comments/edit.html", context, status=status))


def save_edit(request, comment, body):
    """Save new text through sanitising and moderation; back to the comment."""
    if body != comment.body:
        previous = comment.status
        comment.body = body
        comment.render()
        facts = CommentFacts(
            comment,
            token_state=spam.TokenState.VALID,
            honeypot="",
            is_staff=request.user.is_staff,
            request=request,
        )
        comment.status = edits.status_after_edit(
            previous, rules.review_edit(facts), trusted=facts.is_trusted
        )
        comment.edited_at = timezone.now()
        # Back in the queue: the moderators are to hear of it again.
        comment.moderators_notified_at = None
        with transaction.atomic():
            comment.save(update_fields=["body", "status", "edited_at", "moderators_notified_at"])
            lifecycle.edited(comment, previous, request)
    response = redirect(comment.get_absolute_url())
    if not comment.is_approved:
        cookies.add_held(request, response, comment.pk)
    return response


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response
