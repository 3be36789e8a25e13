"""`manage.py seed_demo` adds threaded demo comments, once."""

from io import StringIO

from django.core.management import call_command

from blog.models import Post
from comments.models import Comment


def depth(comment):
    level = 1
    while comment.parent_id:
        comment, level = comment.parent, level + 1
    return level


def test_demo_comments_are_threaded_several_levels_deep(seeded):
    """The demo has replies to replies."""
    assert max(depth(comment) for comment in Comment.objects.all()) >= 4
    assert Comment.objects.values("post").distinct().count() >= 2


def test_demo_has_a_pending_comment(seeded):
    """One demo comment waits in the moderation queue."""
    assert Comment.objects.pending().exists()


def test_demo_counts_match_the_approved_comments(seeded):
    """Each post's stored count is its number of approved comments."""
    for post in Post.objects.all():
        assert post.comment_count == post.comments.approved().count()


def test_demo_comments_are_dated_after_their_post(seeded):
    """Demo comments are written after the post they answer."""
    for comment in Comment.objects.select_related("post"):
        assert comment.created_at > comment.post.published_at


def test_seeding_twice_changes_nothing(seeded):
    """Running seed_demo again adds no comments."""
    before = sorted(Comment.objects.values_list("pk", "parent_id", "status"))
    out = StringIO()
    call_command("seed_demo", stdout=out, verbosity=2)
    assert sorted(Comment.objects.values_list("pk", "parent_id", "status")) == before
    assert "Demo comments: 0 new." in out.getvalue()


def test_demo_comments_show_on_their_post(client, seeded):
    """A seeded post shows its threads."""
    post = Post.objects.get(slug="sqlite-is-a-fine-place-to-start")
    page = client.get(post.get_absolute_url()).text
    assert "How do you handle backups?" in page
    assert "First time here." not in page
