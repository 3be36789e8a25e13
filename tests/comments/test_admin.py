"""Moderation in the Django admin, through its URLs."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def group_moderator_client(client, db):
    """A staff member whose only rights come from a "Moderators" group."""
    group = Group.objects.create(name="Moderators")
    codenames = ["view_comment", "change_comment", "moderate_comment", "moderate_all_comments"]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user = get_user_model().objects.create_user("mod", password="pw-mod-12345", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(client, db):
    """Staff who may see and edit comments but not moderate them."""
    user = get_user_model().objects.create_user("clerk", password="pw-clerk-1234", is_staff=True)
    codenames = ["view_comment", "change_comment", "moderate_all_comments"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def act(client, action, comments):
    return client.post(
        f"{CHANGELIST}?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def statuses(comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", "approved", "2 comments approved."),
        ("unapprove", "pending", "2 comments unapproved."),
        ("mark_spam", "spam", "2 comments marked as spam."),
        ("trash", "trash", "2 comments moved to the trash."),
    ],
)
def test_bulk_actions_change_status_with_a_message(
    admin_client, make_comment, post, action, status, message
):
    """Each bulk action sets the status of the selected comments and says how many."""
    start = "pending" if status == "approved" else "approved"
    comments = [make_comment(post, status=start) for _ in range(2)]
    response = act(admin_client, action, comments)
    assert statuses(comments) == [status, status]
    assert message in response.text


def test_one_comment_gets_a_singular_message(admin_client, make_comment, post):
    """One comment: "1 comment approved."."""
    comment = make_comment(post, status="pending")
    assert "1 comment approved." in act(admin_client, "approve", [comment]).text


def test_actions_refresh_the_post_count(admin_client, make_comment, post):
    """Approving and trashing keep the post's comment_count right."""
    comments = [make_comment(post, status="pending") for _ in range(3)]
    act(admin_client, "approve", comments)
    post.refresh_from_db()
    assert post.comment_count == 3
    act(admin_client, "trash", comments[:1])
    post.refresh_from_db()
    assert post.comment_count == 2


def test_moderator_group_can_moderate(group_moderator_client, make_comment, post):
    """A staff user with moderate_comment through a group can run the actions."""
    comment = make_comment(post, status="pending")
    act(group_moderator_client, "approve", [comment])
    assert statuses([comment]) == ["approved"]


def test_staff_without_the_permission_cannot_moderate(viewer_client, make_comment, post):
    """Without moderate_comment the actions are neither offered nor run."""
    comment = make_comment(post, status="pending")
    page = viewer_client.get(CHANGELIST)
    assert page.status_code == 200
    assert 'value="approve"' not in page.text
    act(viewer_client, "approve", [comment])
    assert statuses([comment]) == ["pending"]


def test_changelist_opens_on_pending_comments(admin_client, make_comment, post):
    """The changelist shows the moderation queue first."""
    make_comment(post, status="pending", body="Waiting in line")
    make_comment(post, status="approved", body="Already out")
    page = admin_client.get(CHANGELIST).text
    assert "Waiting in line" in page
    assert "Already out" not in page
    assert "Pending (1)" in page


def test_changelist_all_filter_shows_everything(admin_client, make_comment, post):
    """The "All" status filter lists every comment."""
    make_comment(post, status="pending", body="Waiting in line")
    make_comment(post, status="spam", body="Canned meat")
    page = admin_client.get(f"{CHANGELIST}?status=all").text
    assert "Waiting in line" in page
    assert "Canned meat" in page


@pytest.mark.parametrize(
    ("term", "field"),
    [("needle", "body"), ("Hopper", "name"), ("grace@", "email"), ("203.0.113", "ip_address")],
)
def test_search_finds_by_name_email_body_and_ip(admin_client, make_comment, post, term, field):
    """Search covers name, email, body and IP address."""
    values = {
        "body": "haystack needle",
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "ip_address": "203.0.113.5",
    }
    found = make_comment(post, **{field: values[field]}, status="pending")
    make_comment(post, body="Other", name="Other", email="o@example.org", status="pending")
    response = admin_client.get(CHANGELIST, {"q": term, "status": "all"})
    assert list(response.context["cl"].result_list) == [found]


def test_changelist_columns(admin_client, make_comment, post):
    """The list shows author, excerpt, post link, status badge, date and IP."""
    make_comment(
        post, name="Grace", body="Excerpted words", ip_address="198.51.100.3", status="pending"
    )
    page = admin_client.get(CHANGELIST).text
    assert "<strong>Grace</strong>" in page
    assert "Excerpted words" in page
    assert f'<a href="{post.get_absolute_url()}">Tomatoes</a>' in page
    assert 'class="comment-status comment-status-pending">Pending<' in page
    assert "198.51.100.3" in page


def test_changelist_query_count_is_constant(
    admin_client, make_comment, post, django_assert_max_num_queries
):
    """The changelist costs the same number of queries for 1 or 30 comments."""
    make_comment(post, status="pending")
    with django_assert_max_num_queries(12):
        assert admin_client.get(CHANGELIST).status_code == 200
    for _ in range(29):
        make_comment(post, status="pending")
    with django_assert_max_num_queries(12):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_change_page_links_to_the_site_and_the_parent(
    admin_client, make_comment, post, django_assert_max_num_queries
):
    """A comment's page links to it on the site and to the comment it answers."""
    parent = make_comment(post)
    reply = make_comment(post, parent=parent)
    with django_assert_max_num_queries(14):
        page = admin_client.get(reverse("admin:comments_comment_change", args=[reply.pk])).text
    assert f'href="{reply.get_absolute_url()}"' in page
    assert f'href="{reverse("admin:comments_comment_change", args=[parent.pk])}"' in page


def test_change_form_does_not_edit_body_html(admin_client, make_comment, post):
    """The stored HTML is derived, never edited: there is no input for it."""
    comment = make_comment(post)
    page = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).text
    assert 'name="body_html"' not in page
    assert 'name="body"' in page


def test_saving_a_status_in_the_form_refreshes_the_count(admin_client, make_comment, post):
    """Approving through the change form updates the post's comment_count."""
    comment = make_comment(post, status="pending", body="Edit me", name="N", email="n@example.com")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {
        "status": "approved",
        "post": post.pk,
        "parent": "",
        "body": "Edited",
        "name": "N",
        "email": "n@example.com",
        "url": "",
        "user": "",
    }
    assert admin_client.post(url, data).status_code == 302
    post.refresh_from_db()
    comment.refresh_from_db()
    assert post.comment_count == 1
    assert comment.body_html == "<p>Edited</p>"


def test_admin_delete_reparents_replies(admin_client, make_comment, post):
    """Deleting a comment in the admin moves its replies up to its parent."""
    top = make_comment(post)
    middle = make_comment(post, parent=top)
    reply = make_comment(post, parent=middle)
    url = reverse("admin:comments_comment_delete", args=[middle.pk])
    admin_client.post(url, {"post": "yes"})
    reply.refresh_from_db()
    assert reply.parent == top


def test_admin_bulk_delete_reparents_replies(admin_client, make_comment, post):
    """Deleting several comments moves each reply to its nearest surviving ancestor."""
    top = make_comment(post)
    middle = make_comment(post, parent=top)
    lower = make_comment(post, parent=middle)
    reply = make_comment(post, parent=lower)
    admin_client.post(
        f"{CHANGELIST}?status=all",
        {"action": "delete_selected", "_selected_action": [middle.pk, lower.pk], "post": "yes"},
    )
    reply.refresh_from_db()
    assert reply.parent == top
    post.refresh_from_db()
    assert post.comment_count == 2


def test_admin_index_shows_the_pending_count(
    admin_client, make_comment, post, django_assert_max_num_queries
):
    """The admin index says how many comments wait, in one extra query."""
    for _ in range(3):
        make_comment(post, status="pending")
    with django_assert_max_num_queries(4):
        page = admin_client.get(reverse("admin:index")).text
    assert "3 comments awaiting moderation" in page


def test_post_list_shows_pending_counts(admin_client, make_comment, post):
    """The post changelist has a pending column linking to that post's queue."""
    for _ in range(2):
        make_comment(post, status="pending")
    page = admin_client.get(reverse("admin:blog_post_changelist")).text
    assert f'?post__id__exact={post.pk}&amp;status=pending">2</a>' in page


def test_post_list_pending_counts_cost_no_query_per_post(
    admin_client, make_comment, make_post, post
):
    """The pending column adds no query per row."""
    url = reverse("admin:blog_post_changelist")
    make_comment(post, status="pending")
    with CaptureQueriesContext(connection) as one_post:
        admin_client.get(url)
    for _ in range(5):
        make_comment(make_post(), status="pending")
    with CaptureQueriesContext(connection) as six_posts:
        admin_client.get(url)
    assert len(six_posts) == len(one_post)
