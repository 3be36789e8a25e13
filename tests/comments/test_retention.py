"""prune_comment_data: old spam deleted, old IPs and user agents cleared, by age."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment


@pytest.fixture(autouse=True)
def retention(settings):
    settings.BLOG_SPAM_RETENTION_DAYS = 15
    settings.BLOG_COMMENT_IP_RETENTION_DAYS = 30
    settings.BLOG_TRASH_DAYS = 30


@pytest.fixture
def aged(make_comment, post):
    """A comment made `days` ago (created_at set in the database, no waiting)."""

    def make(days, **fields):
        fields.setdefault("ip_address", "192.0.2.1")
        fields.setdefault("user_agent", "Firefox")
        comment = make_comment(post, **fields)
        created = timezone.now() - timedelta(days=days)
        Comment.objects.filter(pk=comment.pk).update(created_at=created)
        return comment

    return make


def prune():
    out = StringIO()
    call_command("prune_comment_data", stdout=out)
    return out.getvalue()


def exists(comment):
    return Comment.objects.filter(pk=comment.pk).exists()


def test_spam_older_than_the_retention_is_deleted(aged):
    """Spam past BLOG_SPAM_RETENTION_DAYS goes; younger spam and old ham stay."""
    old_spam = aged(16, status="spam")
    young_spam = aged(14, status="spam")
    old_ham = aged(100)
    old_pending = aged(100, status="pending")
    prune()
    assert not exists(old_spam)
    assert exists(young_spam)
    assert exists(old_ham)
    assert exists(old_pending)


def test_addresses_older_than_the_retention_are_cleared(aged):
    """IP and user agent of comments past BLOG_COMMENT_IP_RETENTION_DAYS are cleared."""
    old = aged(31)
    young = aged(29)
    prune()
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (young.ip_address, young.user_agent) == ("192.0.2.1", "Firefox")
    assert old.body and old.name == "Reader" and old.email == "reader@example.com"


def test_output_says_what_was_done(aged):
    """It prints how many spam comments went and how many were cleared."""
    aged(20, status="spam")
    aged(40)
    aged(50, ip_address=None, user_agent="")
    assert prune().splitlines() == [
        "Deleted 1 spam comment older than 15 days.",
        "Cleared the IP address and user agent of 1 comment older than 30 days.",
        "Deleted 0 trashed comments older than 30 days.",
        "Deleted 0 posts trashed more than 30 days ago, with their 0 comments.",
    ]


def test_second_run_does_nothing(aged):
    """Running it again the same day finds nothing left to do."""
    aged(20, status="spam")
    aged(40)
    prune()
    assert prune().splitlines() == [
        "Deleted 0 spam comments older than 15 days.",
        "Cleared the IP address and user agent of 0 comments older than 30 days.",
        "Deleted 0 trashed comments older than 30 days.",
        "Deleted 0 posts trashed more than 30 days ago, with their 0 comments.",
    ]


def test_settings_are_read_at_run_time(settings, aged):
    """Shorter retention settings prune more."""
    settings.BLOG_SPAM_RETENTION_DAYS = 1
    settings.BLOG_COMMENT_IP_RETENTION_DAYS = 2
    spam = aged(3, status="spam")
    ham = aged(3)
    prune()
    ham.refresh_from_db()
    assert not exists(spam)
    assert ham.ip_address is None


def test_deleted_spam_keeps_its_replies(aged, make_comment, post):
    """A reply to a comment later deleted as spam moves up to the spam's parent."""
    top = aged(100)
    spam = aged(20, status="spam", parent=top)
    reply = make_comment(post, parent=spam)
    prune()
    reply.refresh_from_db()
    assert reply.parent_id == top.pk


def test_counts_are_refreshed(aged, post):
    """After pruning, the post's stored comment count matches its approved comments."""
    aged(20, status="spam")
    aged(40)
    type(post).objects.filter(pk=post.pk).update(comment_count=99)
    prune()
    post.refresh_from_db()
    assert post.comment_count == 1


def test_pruning_changes_nothing_readers_see(client, aged, post):
    """Clearing addresses leaves the comment on the page as it was."""
    comment = aged(40, name="Old friend")
    prune()
    assert f'id="comment-{comment.pk}"' in client.get(post.get_absolute_url()).text
