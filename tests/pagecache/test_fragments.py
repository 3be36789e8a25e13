"""A post's comment list is rendered once per generation for readers the page cache
cannot serve (signed in, or with saved details), and each commenter still sees their own."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment


def test_a_signed_in_reader_gets_the_list_without_its_query(admin_client, post, make_comment):
    """The second signed-in view reads no comments: the list comes from the fragment."""
    make_comment(post, body="Shown from the fragment.")
    first = admin_client.get(post.get_absolute_url())
    assert "Shown from the fragment." in first.text
    with CaptureQueriesContext(connection) as captured:
        second = admin_client.get(post.get_absolute_url())
    assert "Shown from the fragment." in second.text
    assert not any("comments_comment" in q["sql"] for q in captured.captured_queries)


def test_a_new_approved_comment_shows_at_once(
    committed, admin_client, post, make_comment, post_comment, settings
):
    """An approved comment starts a new generation: the fragment is rendered anew."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    make_comment(post, body="Before.")
    admin_client.get(post.get_absolute_url())
    with committed():
        assert post_comment(post, body="After, approved at once.").status_code == 302
    assert "After, approved at once." in admin_client.get(post.get_absolute_url()).text


def test_a_commenter_with_a_held_comment_sees_it_and_others_do_not(
    settings, post, make_comment, post_comment, client
):
    """A held comment is shown to its author (no fragment) and to nobody else."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    make_comment(post, body="Public words.")
    reader = Client()
    reader.cookies["comment_author"] = "x"  # a cookie makes the page personal, not cached
    reader.get(post.get_absolute_url())
    assert post_comment(post, body="Waiting words.").status_code == 302
    assert Comment.objects.get(body="Waiting words.").status == Comment.Status.PENDING
    assert "Waiting words." in client.get(post.get_absolute_url()).text
    page = reader.get(post.get_absolute_url()).text
    assert "Public words." in page and "Waiting words." not in page
