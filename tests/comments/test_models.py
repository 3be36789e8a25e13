"""The Comment model: names, derived HTML, deletion and the post's stored count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import lifecycle
from comments.models import Comment


def test_str_names_the_author_and_the_start_of_the_text(make_comment, post):
    """__str__ reads "name: text…"."""
    comment = make_comment(post, name="Ada", body="A fairly long remark that goes on and on.")
    assert str(comment) == "Ada: A fairly long remark that goes on and o…"


def test_body_html_is_rendered_on_save(make_comment, post):
    """Saving derives the sanitised HTML from the text."""
    comment = make_comment(post, body="Hello <script>x</script>\n\nworld")
    assert comment.body_html == "<p>Hello x</p>\n<p>world</p>"


def test_body_html_follows_an_edit(make_comment, post):
    """Changing the text and saving renders it again."""
    comment = make_comment(post, body="before")
    comment.body = "after"
    comment.save(update_fields=["body"])
    comment.refresh_from_db()
    assert comment.body_html == "<p>after</p>"


def test_queryset_names(make_comment, post):
    """approved(), pending(), held() and not_trashed() name the statuses once."""
    made = {status: make_comment(post, status=status) for status in Comment.Status.values}
    assert list(Comment.objects.approved()) == [made["approved"]]
    assert list(Comment.objects.pending()) == [made["pending"]]
    assert set(Comment.objects.held()) == {made["pending"], made["spam"]}
    assert made["trash"] not in Comment.objects.not_trashed()


def test_delete_moves_replies_to_the_parent(make_comment, post):
    """Deleting a comment re-parents its replies to its own parent."""
    top = make_comment(post)
    middle = make_comment(post, parent=top)
    replies = [make_comment(post, parent=middle) for _ in range(2)]
    middle.delete()
    assert {
        reply.parent_id for reply in Comment.objects.filter(pk__in=[r.pk for r in replies])
    } == {top.pk}


def test_delete_of_a_top_comment_makes_threads_of_its_replies(make_comment, post):
    """Replies of a deleted top-level comment become top-level."""
    top = make_comment(post)
    reply = make_comment(post, parent=top)
    top.delete()
    reply.refresh_from_db()
    assert reply.parent is None


def test_queryset_delete_moves_replies_past_deleted_ancestors(make_comment, post):
    """Deleting a chain at once moves the survivors to the nearest surviving ancestor."""
    a = make_comment(post)
    b = make_comment(post, parent=a)
    c = make_comment(post, parent=b)
    d = make_comment(post, parent=c)
    Comment.objects.filter(pk__in=[b.pk, c.pk]).delete()
    d.refresh_from_db()
    assert d.parent == a


def test_delete_refreshes_the_post_count(admin_client, make_comment, post):
    """Deleting approved comments in the admin (one, or a bulk delete) lowers the count."""
    comments = [make_comment(post) for _ in range(3)]
    admin_client.post(f"/admin/comments/comment/{comments[0].pk}/delete/", {"post": "yes"})
    post.refresh_from_db()
    assert post.comment_count == 2
    bulk = {"action": "delete_selected", "_selected_action": [comments[1].pk], "post": "yes"}
    admin_client.post("/admin/comments/comment/?status=all", bulk)
    post.refresh_from_db()
    assert post.comment_count == 1


def test_count_is_recomputed_from_the_truth(make_comment, make_post, post):
    """refresh_comment_counts sets every given post's count in one UPDATE (on PostgreSQL
    after locking the rows, so that concurrent recounts see each other's comments)."""
    other = make_post()
    make_comment(post)
    make_comment(post, status="pending")
    Comment.objects.filter(post=post).update(status="approved")
    with CaptureQueriesContext(connection) as queries:
        lifecycle.changed([post.pk, other.pk], public=True)
    assert sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries) == 1
    post.refresh_from_db()
    other.refresh_from_db()
    assert (post.comment_count, other.comment_count) == (2, 0)


def test_manager_has_no_bulk_delete_of_everything(db):
    """The re-parenting delete is a queryset method, not Comment.objects.delete()."""
    assert not hasattr(Comment.objects, "delete")


def test_clean_refuses_a_reply_to_its_own_reply(make_comment, post):
    """A comment cannot be moved under one of its replies."""
    top = make_comment(post)
    reply = make_comment(post, parent=top)
    top.parent = reply
    with pytest.raises(ValidationError):
        top.clean()


def test_clean_refuses_a_parent_on_another_post(make_comment, make_post, post):
    """A parent must be on the same post."""
    comment = make_comment(post)
    comment.parent = make_comment(make_post())
    with pytest.raises(ValidationError):
        comment.clean()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://a.example.com/", "https://a.example.com/"),
        ("javascript:alert(1)", ""),
        ("ftp://files.example.com/", ""),
        ("", ""),
    ],
)
def test_website_only_gives_web_addresses(make_comment, post, url, shown):
    """However a URL got stored, only http(s) is ever linked."""
    assert Comment(post=post, url=url).website == shown
