"""Only users with comments.moderate_comment can change what the public sees.

A staff user may be allowed to view and edit comments (to fix a typo, say) without
being a moderator: such a user can neither run the bulk actions nor change a
comment's status through its change form.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import Comment

Status = Comment.Status
CHANGELIST = "admin:comments_comment_changelist"
ACTIONS = ["approve", "unapprove", "mark_spam", "trash"]


def staff_with(*codenames, is_staff=True):
    """A user with these comment permissions, over the comments on every post."""
    user = get_user_model().objects.create_user(
        f"user{get_user_model().objects.count()}", password="pw-staff-12345", is_staff=is_staff
    )
    codenames = [*codenames, "moderate_all_comments"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
    )
    return user


@pytest.fixture
def pending(make_post, make_comment):
    return make_comment(make_post(), status=Status.PENDING, body="Waiting.")


def run_action(client, action, comment):
    return client.post(
        reverse(CHANGELIST) + "?status=all",
        {"action": action, "_selected_action": [comment.pk], "index": 0},
    )


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def test_editor_is_not_offered_the_moderation_actions(client, pending):
    """A staff user with view and change rights sees no moderation action in the list."""
    client.force_login(staff_with("view_comment", "change_comment"))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    for action in ACTIONS:
        assert f'value="{action}"' not in response.text


@pytest.mark.parametrize("action", ACTIONS)
def test_editor_cannot_run_a_moderation_action(client, pending, action):
    """Posting a moderation action without the permission changes no status."""
    client.force_login(staff_with("view_comment", "change_comment", "delete_comment"))
    start = Status.APPROVED if action == "unapprove" else Status.PENDING
    Comment.objects.filter(pk=pending.pk).update(status=start)
    response = run_action(client, action, pending)
    assert response.status_code in (200, 302, 403)
    assert status_of(pending) == start


def test_editor_cannot_approve_through_the_change_form(client, pending):
    """The change form shows the status read-only to a user who may not moderate."""
    client.force_login(staff_with("view_comment", "change_comment"))
    url = reverse("admin:comments_comment_change", args=[pending.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    data = {
        "status": Status.APPROVED,
        "post": pending.post_id,
        "name": pending.name,
        "email": pending.email,
        "url": "",
        "body": "Waiting, with a typo fixed.",
    }
    client.post(url, data)
    comment = Comment.objects.get(pk=pending.pk)
    assert comment.status == Status.PENDING
    assert comment.body == "Waiting, with a typo fixed."


def test_moderator_can_run_the_actions(client, pending):
    """Control: with moderate_comment the same user approves the comment."""
    client.force_login(staff_with("view_comment", "change_comment", "moderate_comment"))
    assert run_action(client, "approve", pending).status_code == 302
    assert status_of(pending) == Status.APPROVED


def test_staff_without_comment_rights_cannot_open_the_queue(client, pending):
    """A staff user with no comment permission gets 403 on the moderation queue."""
    client.force_login(staff_with())
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert run_action(client, "approve", pending).status_code == 403
    assert status_of(pending) == Status.PENDING


def test_a_non_staff_moderator_is_sent_to_the_login(client, pending):
    """The permission alone, without staff status, does not open the admin."""
    client.force_login(staff_with("view_comment", "moderate_comment", is_staff=False))
    response = run_action(client, "approve", pending)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert status_of(pending) == Status.PENDING


@pytest.mark.parametrize("action", ["approve", "spam"])
def test_editor_cannot_moderate_through_the_email_links(client, pending, action):
    """The approve / spam pages linked from emails refuse a user who may not moderate."""
    client.force_login(staff_with("view_comment", "change_comment"))
    url = reverse(f"comments:{action}", args=[pending.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert status_of(pending) == Status.PENDING


def test_email_links_send_visitors_to_the_login(client, pending):
    """Anonymous visitors following a moderation link see neither the comment nor a button."""
    response = client.get(reverse("comments:approve", args=[pending.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert client.post(reverse("comments:approve", args=[pending.pk])).status_code == 302
    assert status_of(pending) == Status.PENDING
