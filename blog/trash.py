"""The posts' trash, as WordPress has it: deleting a post moves it here, with its comments.

A trashed post is 404 to the public (it is not published) and staff still preview it.
It keeps its comments and the status it had, and restoring it brings both back. After
BLOG_TRASH_DAYS it is deleted for good by `purge()`, which `manage.py
prune_comment_data` runs daily. Callers tell the page cache (readers' pages change
when a published post goes or comes back).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from blog import revisions
from blog.models import Post

TRASH = Post.Status.TRASH


def move_to_trash(posts):
    """Move a queryset of posts to the trash; return how many moved (trashed ones stay)."""
    # An UPDATE reads every right-hand side from the row as it was: the old status.
    # updated_at moves too (update() skips auto_now): a re-import sees a local edit.
    now = timezone.now()
    return posts.exclude(status=TRASH).update(
        status_before_trash=F("status"), status=TRASH, trashed_at=now, updated_at=now
    )


def restore(posts):
    """Give trashed posts of a queryset their status back (draft if unknown); how many."""
    return posts.filter(status=TRASH).update(
        status=Coalesce(NullIf(F("status_before_trash"), Value("")), Value(Post.Status.DRAFT)),
        status_before_trash="",
        trashed_at=None,
        updated_at=timezone.now(),
    )


def expired(now=None):
    """The posts trashed more than BLOG_TRASH_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.BLOG_TRASH_DAYS)
    return Post.objects.filter(status=TRASH, trashed_at__lt=cutoff)


def purge(now=None):
    """Delete the expired posts for good (their comments go with them); return how many.

    The revisions of every post deleted for good go too (these, and any a superuser
    deleted from the trash in the admin): a deleted post is not recovered from them.
    """
    _, deleted = expired(now).delete()
    revisions.forget_deleted()
    return deleted.get(Post._meta.label, 0)
