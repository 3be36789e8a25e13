"""Approve or mark as spam from the links in a moderation email: a confirmation, then a POST.

The links lead here rather than to a change made on GET (a mail scanner or a link
preview must never moderate): signed-in users with the moderate_comment permission
see the comment and a button (Authors only for comments on their own posts, as in the
admin: comments.models.may_moderate); the POST (CSRF-protected) changes the status through
comments.actions, as the admin's bulk actions do, and goes on to the admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from comments.models import Comment, may_moderate
from comments.moderation import actions

Status = Comment.Status
ACTIONS = {
    "approve": (Status.APPROVED, "Approve this comment", "approved"),
    "spam": (Status.SPAM, "Mark this comment as spam", "marked as spam"),
}


@never_cache
@login_required
@permission_required("comments.moderate_comment", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def moderate(request, comment_id, action):
    comment = get_object_or_404(Comment.objects.select_related("post", "page"), pk=comment_id)
    if not may_moderate(request.user, comment):
        raise PermissionDenied
    status, question, done = ACTIONS[action]
    if request.method == "POST":
        actions.change_status(Comment.objects.filter(pk=comment.pk), status, request)
        messages.success(request, f"The comment by {comment.name} was {done}.")
        return redirect("admin:comments_comment_change", comment.pk)
    context = {
        "comment": comment,
        "target": comment.target,
        "action": action,
        "question": question,
        "already": comment.status == status,
        "page_title": question,
    }
    return render(request, "comments/moderate.html", context)
