"""Post.comment_count: the stored number of approved comments, recomputed from the truth.

Called explicitly after every change that can alter the number (the comment POST,
admin saves and actions, deletions) rather than from signals, so that the places
that change comments are the places that say so. Every such change can also alter
what readers see, so this is where the cached pages are invalidated too.
"""

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from blog.models import Post
from comments.models import Comment
from config import pagecache


def count_per_post(comments):
    """An expression for a Post queryset: how many of `comments` each post has."""
    per_post = (
        comments.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_post, output_field=IntegerField()), Value(0))


def refresh_comment_counts(post_ids):
    """Set comment_count of the given posts in one UPDATE with a counting subquery.

    Under PostgreSQL's READ COMMITTED an UPDATE's subquery counts from the snapshot of
    the moment the statement starts, even when it then waits for a concurrent recount
    of the same post: two comments committed at once could be counted as one. Locking
    the rows first (FOR NO KEY UPDATE, which a comment's INSERT does not wait for) makes
    the recount start after the other transaction commits. SQLite writes one at a time.
    """
    post_ids = {pk for pk in post_ids if pk is not None}
    if post_ids:
        posts = Post.objects.filter(pk__in=post_ids)
        approved = count_per_post(Comment.objects.approved())
        if connection.features.has_select_for_update:
            with transaction.atomic(savepoint=False):
                list(posts.order_by("pk").select_for_update(no_key=True).values_list("pk"))
                posts.update(comment_count=approved)
        else:
            posts.update(comment_count=approved)
        pagecache.invalidate()
