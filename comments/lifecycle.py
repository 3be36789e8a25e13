"""What follows every write to comments: the counts, the page cache, the emails.

Every writer calls one of these inside its transaction, and nothing else does this
work: the comment POST (`posted`), its author's edit (`edited`), moderators' status
changes from the admin and the email links (`moderated`), deletions (`delete`) and
everything else, such as the admin's change form, retention, the privacy commands,
imports and the demo (`changed`). Each recounts the approved comments of the posts
and pages it touched (a new comment adds one), and tells the page cache only when
something a reader sees changed (an approved comment added, edited, removed or changed
state): a pending or spam comment leaves every cached page as it was. Emails and spam
reports run after the commit, as tasks (comments.tasks) that the worker runs off the
request, tried again when they fail; enqueueing is isolated too (robust on_commit), so
nothing after the commit can turn a saved comment into an error page.
"""

from functools import partial

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

import pagecache
from blog.models import Page, Post
from comments import tasks
from comments.mail import links
from comments.models import Comment

Status = Comment.Status


def posted(comment, request):
    """A new comment was saved from the form: one approved comment more, or, held, no
    change a reader sees.

    The count goes up by one in the UPDATE (comment_count + 1, which waits for any
    concurrent one on the same row) rather than being counted again: the other writers
    leave it exact, and this one keeps it so at a fraction of a recount's cost.
    """
    if comment.is_approved:
        model, pk = (Post, comment.post_id) if comment.page_id is None else (Page, comment.page_id)
        model.objects.filter(pk=pk).update(comment_count=F("comment_count") + 1)
        pagecache.changed(comments_only=True)
    _after_commit(tasks.comment_posted, comment.pk, links.site(request), comment.user_id)


def edited(comment, previous, request):
    """Its author saved new text; `previous` is the status before the edit."""
    public = Status.APPROVED in (previous, comment.status)
    changed({comment.post_id}, page_ids={comment.page_id}, public=public)
    if previous == Status.APPROVED and comment.status == Status.PENDING:
        _after_commit(tasks.comment_held, links.site(request))


def moderated(changes, request):
    """A moderator gave comments new statuses (saved): `changes` is (comment, previous
    status) pairs, one or a bulk action's many. Announced after commit, each.

    Also notes when each went to the trash, from where the trash's days are counted.
    """
    changes = [(comment, previous) for comment, previous in changes if comment.status != previous]
    if not changes:
        return
    now = timezone.now()
    for comment, _ in changes:
        comment.trashed_at = now if comment.status == Status.TRASH else None
    trashed = [comment.pk for comment, _ in changes if comment.trashed_at]
    Comment.objects.filter(pk__in=trashed).update(trashed_at=now)
    kept = [comment.pk for comment, _ in changes if not comment.trashed_at]
    Comment.objects.filter(pk__in=kept).update(trashed_at=None)
    public = any(Status.APPROVED in (previous, comment.status) for comment, previous in changes)
    changed(
        {comment.post_id for comment, _ in changes},
        page_ids={comment.page_id for comment, _ in changes},
        public=public,
    )
    actor = request.user.pk if request.user.is_authenticated else None
    site = links.site(request)
    for comment, previous in changes:
        _after_commit(tasks.comment_moderated, comment.pk, previous, comment.status, site, actor)


def delete(comments):
    """Delete a queryset of comments, their replies moving up; return how many."""
    with transaction.atomic():
        rows = list(comments.values_list("post_id", "page_id", "status"))
        moves_replies = Comment.objects.filter(parent__in=comments).exclude(pk__in=comments)
        public = moves_replies.exists() or any(status == Status.APPROVED for *_, status in rows)
        count, _ = comments.delete()
        changed(
            {post for post, _, _ in rows}, page_ids={page for _, page, _ in rows}, public=public
        )
    return count


def changed(post_ids, *, public, page_ids=()):
    """Recount the posts' and pages' approved comments; when `public`, readers' pages
    change too."""
    recount(Post, post_ids)
    recount(Page, page_ids)
    if public:
        pagecache.changed(comments_only=True)


def recount(model, ids):
    """Set comment_count of the given posts (or pages: `model`) in one UPDATE with a
    counting subquery.

    Under PostgreSQL's READ COMMITTED an UPDATE's subquery counts from the snapshot of
    the moment the statement starts, even when it then waits for a concurrent recount
    of the same post: two comments committed at once could be counted as one. Locking
    the rows first (FOR NO KEY UPDATE, which a comment's INSERT does not wait for) makes
    the recount start after the other transaction commits. SQLite writes one at a time.
    """
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    targets = model.objects.filter(pk__in=ids)
    approved = Comment.objects.approved().count_per(model._meta.model_name)
    with transaction.atomic(savepoint=False):
        if connection.features.has_select_for_update:
            list(targets.order_by("pk").select_for_update(no_key=True).values_list("pk"))
        targets.update(comment_count=approved)


def _after_commit(task, *args):
    transaction.on_commit(partial(task.enqueue, *args), robust=True)
