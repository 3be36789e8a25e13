"""prune_comment_data empties the trash: posts and comments trashed over BLOG_TRASH_DAYS ago."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog import trash
from blog.models import Post
from comments.models import Comment


@pytest.fixture(autouse=True)
def trash_days(settings):
    settings.BLOG_TRASH_DAYS = 30


def prune():
    out = StringIO()
    call_command("prune_comment_data", stdout=out)
    return out.getvalue()


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def trashed_post(post, make_comment):
    """`post`, with two comments, in the trash since `days` ago."""

    def make(days):
        make_comment(post)
        make_comment(post, status=Comment.Status.PENDING)
        trash.move_to_trash(Post.objects.filter(pk=post.pk))
        Post.objects.filter(pk=post.pk).update(trashed_at=days_ago(days))
        return post

    return make


def test_a_post_trashed_longer_ago_is_deleted_with_its_comments(trashed_post):
    """Past BLOG_TRASH_DAYS the post and all its comments are gone, and the command says so."""
    post = trashed_post(31)
    out = prune()
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(post_id=post.pk).exists()
    assert "Deleted 1 post trashed more than 30 days ago, with their 2 comments." in out


def test_a_post_trashed_recently_stays(trashed_post):
    """Within BLOG_TRASH_DAYS the post and its comments are kept, to be restored."""
    post = trashed_post(29)
    out = prune()
    assert Post.objects.filter(pk=post.pk, status=Post.Status.TRASH).exists()
    assert Comment.objects.filter(post_id=post.pk).count() == 2
    assert "Deleted 0 posts trashed more than 30 days ago, with their 0 comments." in out


def test_old_posts_outside_the_trash_stay(make_post):
    """Only the trash is emptied: old drafts and published posts are kept."""
    draft = make_post(status=Post.Status.DRAFT, published_at=days_ago(400))
    published = make_post(published_at=days_ago(400))
    prune()
    assert Post.objects.filter(pk__in=[draft.pk, published.pk]).count() == 2


def test_the_setting_sets_the_days(settings, trashed_post):
    """BLOG_TRASH_DAYS=5 deletes a post trashed 6 days ago."""
    settings.BLOG_TRASH_DAYS = 5
    post = trashed_post(6)
    prune()
    assert not Post.objects.filter(pk=post.pk).exists()


def test_comments_trashed_longer_ago_are_deleted(admin_client, post, make_comment):
    """A comment moderated into the trash over BLOG_TRASH_DAYS ago goes; one trashed now stays."""
    old = make_comment(post)
    recent = make_comment(post)
    kept = make_comment(post)
    Comment.objects.filter(pk__in=[old.pk, recent.pk, kept.pk]).update(created_at=days_ago(100))
    admin_client.post(
        "/admin/comments/comment/?status=all",
        {"action": "trash", "_selected_action": [old.pk, recent.pk]},
    )
    assert Comment.objects.filter(status=Comment.Status.TRASH).count() == 2
    Comment.objects.filter(pk=old.pk).update(trashed_at=days_ago(31))
    out = prune()
    assert not Comment.objects.filter(pk=old.pk).exists()
    assert Comment.objects.filter(pk__in=[recent.pk, kept.pk]).count() == 2
    assert "Deleted 1 trashed comment older than 30 days." in out


def test_trash_without_a_date_counts_from_its_creation(post, make_comment):
    """A comment imported as trash (no trashed_at) goes BLOG_TRASH_DAYS after it was written."""
    old = make_comment(post, status=Comment.Status.TRASH)
    young = make_comment(post, status=Comment.Status.TRASH)
    Comment.objects.filter(pk=old.pk).update(created_at=days_ago(31))
    Comment.objects.filter(pk=young.pk).update(created_at=days_ago(29))
    prune()
    assert not Comment.objects.filter(pk=old.pk).exists()
    assert Comment.objects.filter(pk=young.pk).exists()


def test_a_restored_comment_is_no_longer_dated_as_trash(admin_client, post, make_comment):
    """Approving a trashed comment clears its trashed_at."""
    comment = make_comment(post, status=Comment.Status.TRASH)
    Comment.objects.filter(pk=comment.pk).update(trashed_at=days_ago(31))
    admin_client.post(
        "/admin/comments/comment/?status=all",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert (comment.status, comment.trashed_at) == (Comment.Status.APPROVED, None)
