"""Exact invalidation: after any change readers could see, the next GET shows it.

Each test reads through one client (anonymous, so from the cache) and changes through
another (the admin, a commenter or the ORM). Django's TestCase never commits, so each
change runs in `committed()`, which runs its on-commit callbacks as a commit would.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from tests.support.admin_forms import form_data

CHANGELIST = "/admin/comments/comment/?status=all"


def cached(path):
    """The page as an anonymous reader gets it, after making sure it is in the cache."""
    Client().get(path)
    response = Client().get(path)
    assert response["X-Page-Cache"] == "hit"
    return response.text


def fresh(path):
    return Client().get(path).text


def test_saving_a_post_invalidates(committed, admin_client, post):
    """An edited title shows on the post and the home page at once."""
    cached(post.get_absolute_url())
    cached("/")
    url = f"/admin/blog/post/{post.pk}/change/"
    with committed():
        response = admin_client.post(url, form_data(admin_client, url, title="Edited title"))
    assert response.status_code == 302
    assert "Edited title" in fresh(post.get_absolute_url())
    assert "Edited title" in fresh("/")


def test_deleting_a_post_invalidates(committed, admin_client, post):
    """A deleted post is gone from its permalink and the lists."""
    cached("/")
    with committed():
        admin_client.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"})
    assert "Tomatoes" not in fresh("/")


@pytest.mark.parametrize(
    ("action", "before", "shown_after"),
    [
        ("approve", Comment.Status.PENDING, True),
        ("unapprove", Comment.Status.APPROVED, False),
        ("mark_spam", Comment.Status.APPROVED, False),
        ("trash", Comment.Status.APPROVED, False),
    ],
)
def test_moderation_actions_invalidate(
    committed, admin_client, post, make_comment, action, before, shown_after
):
    """Approve, unapprove, spam and trash in the admin change the public page at once."""
    comment = make_comment(post, body="Moderated words.", status=before)
    assert ("Moderated words." in cached(post.get_absolute_url())) is not shown_after
    data = {"action": action, "_selected_action": [comment.pk], "index": 0}
    with committed():
        assert admin_client.post(CHANGELIST, data).status_code == 302
    assert ("Moderated words." in fresh(post.get_absolute_url())) is shown_after


def test_editing_a_comment_in_the_admin_invalidates(committed, admin_client, post, make_comment):
    """A moderator's edit of a comment's text shows at once."""
    comment = make_comment(post, body="Before the edit.")
    assert "Before the edit." in cached(post.get_absolute_url())
    data = {
        "status": comment.status,
        "post": post.pk,
        "parent": "",
        "body": "After the edit.",
        "name": comment.name,
        "email": comment.email,
        "url": "",
        "user": "",
    }
    with committed():
        response = admin_client.post(f"/admin/comments/comment/{comment.pk}/change/", data)
    assert response.status_code == 302
    page = fresh(post.get_absolute_url())
    assert "After the edit." in page and "Before the edit." not in page


def test_an_approved_comment_shows_to_other_readers(committed, settings, post, post_comment):
    """A comment approved as it is posted is on the next reader's page."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    cached(post.get_absolute_url())
    with committed():
        assert post_comment(post, body="Straight through.").status_code == 302
    assert "Straight through." in fresh(post.get_absolute_url())


def test_deleting_a_comment_invalidates(committed, admin_client, post, make_comment):
    """A comment deleted in the admin is gone at once, and no longer counted."""
    comment = make_comment(post, body="Soon deleted.")
    assert "Soon deleted." in cached(post.get_absolute_url())
    with committed():
        admin_client.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"})
    post.refresh_from_db()
    assert post.comment_count == 0
    assert "Soon deleted." not in fresh(post.get_absolute_url())


@pytest.mark.parametrize(("kind", "relation"), [("category", "categories"), ("tag", "tags")])
def test_renaming_a_term_invalidates(
    committed, admin_client, post, make_category, make_tag, kind, relation
):
    """A category's or tag's new name, saved in the admin, shows on its posts at once."""
    term = (make_category if kind == "category" else make_tag)("Garden")
    getattr(post, relation).add(term)
    cached(post.get_absolute_url())
    url = f"/admin/blog/{kind}/{term.pk}/change/"
    with committed():
        admin_client.post(url, form_data(admin_client, url, name="Allotment"))
    assert "Allotment" in fresh(post.get_absolute_url())


def test_tagging_a_post_invalidates(committed, admin_client, post, make_tag):
    """Adding a tag to a post (a many-to-many change) shows at once."""
    tag = make_tag("Peas")
    cached(post.get_absolute_url())
    url = f"/admin/blog/post/{post.pk}/change/"
    with committed():
        admin_client.post(url, form_data(admin_client, url, tags=[tag.pk]))
    assert 'href="/tag/peas/"' in fresh(post.get_absolute_url())


def test_renaming_the_author_invalidates(committed, admin_client, post, author):
    """The author's shown name, changed in the admin, changes on their posts."""
    cached(post.get_absolute_url())
    url = f"/admin/auth/user/{author.pk}/change/"
    with committed():
        admin_client.post(url, form_data(admin_client, url, first_name="Augusta"))
    assert "Augusta" in fresh(post.get_absolute_url())


def test_a_login_does_not_invalidate(committed, post, author):
    """Signing in (last_login only) leaves the cached pages alone."""
    cached(post.get_absolute_url())
    with committed():
        author.last_login = timezone.now()
        author.save(update_fields=["last_login"])
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_rolled_back_change_keeps_the_cache(post):
    """Without a commit nothing changed for readers, and the pages stay cached."""
    cached(post.get_absolute_url())
    post.title = "Never committed"
    post.save()  # inside the test's transaction, which rolls back
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_scheduled_post_appears_when_its_time_comes(make_post):
    """No write happens when a scheduled post goes live; the cache knows when it will."""
    now = timezone.now()
    make_post(title="Tomorrow news", published_at=now + timedelta(days=1))
    assert "Tomorrow news" not in cached("/")
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(days=1, seconds=1)):
        assert "Tomorrow news" in fresh("/")


def test_a_comment_keeps_the_time_a_scheduled_post_appears(
    committed, open_moderation, make_post, post, post_comment
):
    """A comment starts a new generation without looking up the schedule again (it
    cannot move it), and that generation still ends when the scheduled post goes live."""
    now = timezone.now()
    make_post(title="Tomorrow news", published_at=now + timedelta(days=1))
    assert "Tomorrow news" not in cached("/")
    with committed():
        assert post_comment(post, body="A word before the news.").status_code == 302
    assert "Tomorrow news" not in fresh("/")
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(days=1, seconds=1)):
        assert "Tomorrow news" in fresh("/")


def test_a_comment_does_not_look_up_the_schedule_at_commit(
    open_moderation, post, post_comment, django_capture_on_commit_callbacks
):
    """The new generation of a comment keeps the schedule: no query for the next
    scheduled post when the comment commits (one per POST before)."""
    cached(post.get_absolute_url())
    with django_capture_on_commit_callbacks() as callbacks:
        assert post_comment(post, body="Quick and cheap.").status_code == 302
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    looked_up = [q["sql"] for q in queries.captured_queries if 'MIN("blog_post"' in q["sql"]]
    assert looked_up == []
    assert "Quick and cheap." in fresh(post.get_absolute_url())


def test_comment_feeds_follow_approval(committed, admin_client, post, make_comment):
    """The site's and the post's comment feeds show a comment once it is approved."""
    comment = make_comment(post, body="Feed-worthy words.", status=Comment.Status.PENDING)
    feeds = ["/comments/feed/", f"{post.get_absolute_url()}feed/"]
    for feed in feeds:
        assert "Feed-worthy words." not in cached(feed)
    data = {"action": "approve", "_selected_action": [comment.pk], "index": 0}
    with committed():
        admin_client.post(CHANGELIST, data)
    for feed in feeds:
        assert "Feed-worthy words." in fresh(feed)


def test_editing_ones_own_comment_invalidates(committed, settings, client, post, post_comment):
    """A trusted commenter's edit of their own comment (within the edit window) shows at once."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_TRUSTED_AFTER = 1
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    with committed():
        post_comment(post, body="First thoughts.")
    comment = Comment.objects.get()
    assert "First thoughts." in cached(post.get_absolute_url())
    edit = f"/comments/edit/{comment.pk}/"
    with committed():
        response = client.post(
            edit, {**client.get(edit).context["form"].initial, "body": "Second thoughts."}
        )
    assert response.status_code == 302
    assert "Second thoughts." in fresh(post.get_absolute_url())
