"""Every writer of what readers see tells the page cache, and nothing else does.

The comment POST, edits, moderation and the admin are in test_invalidation.py; here are
the writers outside a request (commands, imports, the demo) and the writes that must
leave the cache alone (a pending or spam comment, a cleared IP address).
"""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blog.models import Post
from comments.demo import DEMO_COMMENTS
from comments.models import Comment
from tests.pagecache.test_invalidation import cached

WXR = Path(__file__).parents[1] / "data" / "wxr" / "blog.xml"


def outcome(path):
    return Client().get(path)["X-Page-Cache"]


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_a_held_comment_leaves_the_cache_alone(committed, settings, post, post_comment, status):
    """A comment that waits for moderation or is spam changes no page: no new generation."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    page_is_cached = post.get_absolute_url()
    cached(page_is_cached)
    fields = {"topic": "filled"} if status == Comment.Status.SPAM else {}
    with committed():
        assert post_comment(post, **fields).status_code == 302
    assert Comment.objects.get().status == status
    assert outcome(page_is_cached) == "hit"


def test_pruning_ip_addresses_leaves_the_cache_alone(committed, post, make_comment):
    """Clearing old IP addresses changes nothing shown, so cached pages stay."""
    comment = make_comment(post, ip_address="203.0.113.9")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=90))
    path = post.get_absolute_url()
    cached(path)
    with committed():
        call_command("prune_comment_data", stdout=StringIO())
    assert Comment.objects.get().ip_address is None
    assert outcome(path) == "hit"


def test_erasing_a_commenter_invalidates(committed, post, make_comment):
    """Anonymising a commenter's approved comments shows "Anonymous" at once."""
    make_comment(post, name="Ottoline", email="otto@example.com")
    path = post.get_absolute_url()
    assert "Ottoline" in cached(path)
    with committed():
        call_command("erase_commenter_data", "otto@example.com", stdout=StringIO())
    page = Client().get(path).text
    assert "Ottoline" not in page and "Anonymous" in page


def test_deleting_a_commenters_comments_invalidates_and_recounts(committed, post, make_comment):
    """erase_commenter_data --delete removes the comments from pages and counts."""
    make_comment(post, body="Words to be erased.", email="otto@example.com")
    path = post.get_absolute_url()
    assert "Words to be erased." in cached(path)
    with committed():
        call_command("erase_commenter_data", "otto@example.com", "--delete", stdout=StringIO())
    assert "Words to be erased." not in Client().get(path).text
    post.refresh_from_db()
    assert post.comment_count == 0


def test_seeding_the_demo_invalidates(committed, db):
    """seed_demo's posts and comments show at once on a home page cached before it."""
    cached("/")
    with committed():
        call_command("seed_demo", stdout=StringIO())
    assert outcome("/") == "miss"


def test_importing_invalidates(committed, db):
    """A WordPress import's posts show at once on a home page cached before it."""
    cached("/")
    with committed():
        call_command("import_wxr", str(WXR), stdout=StringIO())
    assert outcome("/") == "miss"


def test_seeding_posts_alone_invalidates(committed, db):
    """A demo post seeded again (with no demo comments of its own) shows at once."""
    call_command("seed_demo", stdout=StringIO())
    post = Post.objects.published().exclude(slug__in=DEMO_COMMENTS).first()
    post.delete()
    assert post.title not in cached("/")
    with committed():
        call_command("seed_demo", stdout=StringIO())
    assert post.title in Client().get("/").text
