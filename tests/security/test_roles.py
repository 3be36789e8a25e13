"""The Author, Editor and Moderator roles, as the admin enforces them (403, never a quiet no)."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.support.roles import staff_in

MODERATION = ["approve", "unapprove", "mark_spam", "trash"]


@pytest.fixture
def as_role(client, db):
    """A client signed in as a staff member of the given role."""

    def sign_in(role):
        client.force_login(staff_in(role))
        return client

    return sign_in


def status(client, name, *args):
    return client.get(reverse(name, args=args)).status_code


def moderation_actions(client):
    """The bulk moderation actions the comment list offers this client."""
    response = client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 200
    choices = response.context["action_form"].fields["action"].choices
    return [name for name, _ in choices if name in MODERATION]


def test_author_writes_posts_and_nothing_else(as_role):
    """An Author may add posts, see the terms and the comment queue, but not manage terms."""
    client = as_role("Author")
    assert status(client, "admin:blog_post_add") == 200
    assert status(client, "admin:blog_category_changelist") == 200
    assert status(client, "admin:blog_category_add") == 403
    assert moderation_actions(client) == MODERATION  # on their own posts' comments
    assert status(client, "admin:comments_comment_add") == 403
    assert status(client, "admin:wordpress_import") == 403
    assert status(client, "admin:wordpress_import_job", 1) == 403  # refused before looked up


def test_moderator_moderates_comments_only(as_role):
    """A Moderator sees the comment queue with its bulk actions, and no post."""
    client = as_role("Moderator")
    assert moderation_actions(client) == MODERATION
    assert status(client, "admin:blog_post_changelist") == 403
    assert status(client, "admin:blog_post_add") == 403
    assert status(client, "admin:wordpress_import") == 403
    assert status(client, "admin:wordpress_import_job", 1) == 403  # refused before looked up


def test_editor_manages_posts_terms_comments_and_imports(as_role):
    """An Editor has every right on posts, terms and comments, and may import."""
    client = as_role("Editor")
    for name in ["admin:blog_post_add", "admin:blog_category_add", "admin:blog_tag_add"]:
        assert status(client, name) == 200
    assert moderation_actions(client) == MODERATION
    assert status(client, "admin:comments_comment_add") == 200
    assert status(client, "admin:wordpress_import") == 200
    assert status(client, "admin:wordpress_import_job", 1) == 404  # allowed; no such job


def test_moderator_action_changes_the_comment(as_role, make_post, make_comment):
    """A Moderator's bulk approve changes the comment (the role carries moderate_comment)."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING)
    client = as_role("Moderator")
    client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": "approve", "_selected_action": [comment.pk], "index": 0},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
