"""Post.comment_count: the stored number of approved comments, recomputed from the truth.

Called explicitly after every change that can alter the number (the comment POST,
admin saves and actions, deletions) rather than from signals, so that the places
that change comments are the places that say so. Every such change can also alter
what readers see, so this is where the cached pages are invalidated too.
"""

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
    """Set comment_count of the given posts in one UPDATE with a counting subquery."""
    post_ids = {pk for pk in post_ids if pk is not None}
    if post_ids:
        approved = count_per_post(Comment.objects.approved())
        Post.objects.filter(pk__in=post_ids).update(comment_count=approved)
        pagecache.invalidate()
