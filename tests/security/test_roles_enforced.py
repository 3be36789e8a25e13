"""The roles enforced on each object: an Author keeps to their own posts and their comments.

Another author's post or comment answers 403 (never a quiet no, never a silent
success), and the bulk actions reach only what the list shows.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from blog.models import Post
from comments.models import Comment
from tests.support.admin_forms import form_data
from tests.support.roles import staff_in

POSTS = "admin:blog_post_changelist"
COMMENTS = "admin:comments_comment_changelist"


@pytest.fixture
def bea(db):
    """An Author."""
    return staff_in("Author", "bea")


@pytest.fixture
def cy(db):
    """Another Author."""
    return staff_in("Author", "cy")


@pytest.fixture
def beas_post(make_post, bea):
    return make_post(title="Bea's beans", author=bea)


@pytest.fixture
def cys_post(make_post, cy):
    return make_post(title="Cy's cabbages", author=cy)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def listed(client, name, query=""):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def bulk(client, name, action, objs):
    """Run a bulk action on `objs`, whether the list shows them or not; its messages."""
    query = "?status=all" if name == COMMENTS else ""
    response = client.post(
        reverse(name) + query,
        {"action": action, "_selected_action": [obj.pk for obj in objs], "index": 0},
    )
    assert response.status_code == 302
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_author_lists_only_their_own_posts(client, bea, beas_post, cys_post):
    """The post list of an Author shows their posts and no one else's."""
    client.force_login(bea)
    assert listed(client, POSTS) == {beas_post}


def test_author_cannot_open_anothers_post(client, bea, cys_post):
    """Another author's post: 403 on its change, delete and history pages."""
    client.force_login(bea)
    assert client.get(change_url(cys_post)).status_code == 403
    delete = reverse("admin:blog_post_delete", args=[cys_post.pk])
    assert client.get(delete).status_code == 403
    history = reverse("admin:blog_post_history", args=[cys_post.pk])
    assert client.get(history).status_code == 403


def test_author_cannot_change_anothers_post(client, bea, cy, cys_post):
    """POSTing another author's change form is a 403 and changes nothing."""
    client.force_login(cy)
    data = form_data(client, change_url(cys_post), title="Taken over")
    client.force_login(bea)
    assert client.post(change_url(cys_post), data).status_code == 403
    cys_post.refresh_from_db()
    assert cys_post.title == "Cy's cabbages"


def test_author_cannot_trash_anothers_post(client, bea, cys_post):
    """Confirming the deletion of another author's post is a 403; it stays published."""
    client.force_login(bea)
    url = reverse("admin:blog_post_delete", args=[cys_post.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    cys_post.refresh_from_db()
    assert cys_post.status == Post.Status.PUBLISHED


def test_author_trash_action_skips_anothers_post(client, bea, cys_post):
    """A forged id in the trash action reaches nothing, and the message says so."""
    client.force_login(bea)
    assert bulk(client, POSTS, "trash_selected", [cys_post]) == [
        ("warning", "0 posts were moved to the trash.")
    ]
    cys_post.refresh_from_db()
    assert cys_post.status == Post.Status.PUBLISHED


def test_author_trashes_their_own_post(client, bea, beas_post):
    """Control: the same action moves the Author's own post to the trash."""
    client.force_login(bea)
    bulk(client, POSTS, "trash_selected", [beas_post])
    beas_post.refresh_from_db()
    assert beas_post.status == Post.Status.TRASH


def test_author_cannot_give_their_post_to_another(client, bea, cy, beas_post):
    """Choosing another author is a form error; the post stays the Author's."""
    client.force_login(bea)
    data = form_data(client, change_url(beas_post), author=cy.pk, title="Renamed")
    response = client.post(change_url(beas_post), data)
    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.errors
    beas_post.refresh_from_db()
    assert (beas_post.author, beas_post.title) == (bea, "Bea's beans")


def test_author_cannot_publish_as_another(client, bea, cy):
    """A new post under another author's name is refused, and nothing is saved."""
    client.force_login(bea)
    data = form_data(
        client, reverse("admin:blog_post_add"), title="Ghost", slug="ghost", body="Boo."
    )
    assert data["author"] == bea.pk  # new posts are theirs by default
    response = client.post(reverse("admin:blog_post_add"), {**data, "author": cy.pk})
    assert "author" in response.context["adminform"].form.errors
    assert not Post.objects.filter(slug="ghost").exists()


def test_author_publishes_their_own_post(client, bea):
    """Control: the Author publishes a post of their own."""
    client.force_login(bea)
    data = form_data(
        client,
        reverse("admin:blog_post_add"),
        title="Mine",
        slug="mine",
        body="Mine.",
        status=Post.Status.PUBLISHED,
    )
    assert client.post(reverse("admin:blog_post_add"), data).status_code == 302
    assert Post.objects.get(slug="mine").author == bea


def test_author_lists_only_comments_on_their_posts(client, bea, beas_post, cys_post, make_comment):
    """The comment list (and its status counts) of an Author shows only their posts'."""
    mine = make_comment(beas_post, status=Comment.Status.PENDING)
    make_comment(cys_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    assert listed(client, COMMENTS, "?status=all") == {mine}
    response = client.get(reverse(COMMENTS))
    assert "Pending (1)" in response.content.decode()


def test_author_approve_action_skips_anothers_comment(client, bea, cys_post, make_comment):
    """A forged comment id in the approve action changes nothing, and the message says so."""
    theirs = make_comment(cys_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    assert bulk(client, COMMENTS, "approve", [theirs]) == [("warning", "No comments approved.")]
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.PENDING


def test_author_approves_comment_on_their_post(client, bea, beas_post, make_comment):
    """Control: the Author approves a comment on their own post."""
    mine = make_comment(beas_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    assert bulk(client, COMMENTS, "approve", [mine]) == [("success", "1 comment approved.")]
    mine.refresh_from_db()
    assert mine.status == Comment.Status.APPROVED


def test_author_cannot_open_comment_on_anothers_post(client, bea, cys_post, make_comment):
    """A comment on another author's post: 403 on its change page, GET and POST."""
    theirs = make_comment(cys_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    assert client.get(change_url(theirs)).status_code == 403
    assert client.post(change_url(theirs), {"status": "approved"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.PENDING


def test_author_cannot_move_a_comment_to_another_post(
    client, bea, beas_post, cys_post, make_comment
):
    """On their own comment's form the post is shown, not editable: a forged post is ignored."""
    mine = make_comment(beas_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    data = form_data(client, change_url(mine), post=cys_post.pk)
    assert client.post(change_url(mine), data).status_code == 302
    mine.refresh_from_db()
    assert mine.post == beas_post


def test_author_moderation_link_refuses_anothers_comment(client, bea, cys_post, make_comment):
    """The moderation email's link, for a comment on another's post: 403, GET and POST."""
    theirs = make_comment(cys_post, status=Comment.Status.PENDING)
    client.force_login(bea)
    url = reverse("comments:approve", args=[theirs.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Comment.Status.PENDING


def test_editor_changes_and_reassigns_any_post(client, bea, cys_post):
    """An Editor lists, changes and gives to another author any post."""
    client.force_login(staff_in("Editor"))
    assert cys_post in listed(client, POSTS)
    data = form_data(client, change_url(cys_post), title="Edited", author=bea.pk)
    assert client.post(change_url(cys_post), data).status_code == 302
    cys_post.refresh_from_db()
    assert (cys_post.title, cys_post.author) == ("Edited", bea)


def test_moderator_sees_every_comment_and_no_post(client, bea, cy, cys_post, make_comment):
    """A Moderator lists every comment, and another's post is a 403, GET and POST."""
    theirs = make_comment(cys_post, status=Comment.Status.PENDING)
    client.force_login(cy)
    data = form_data(client, change_url(cys_post), title="Moderated")
    client.force_login(staff_in("Moderator"))
    assert listed(client, COMMENTS, "?status=all") == {theirs}
    assert client.get(change_url(cys_post)).status_code == 403
    assert client.post(change_url(cys_post), data).status_code == 403
    cys_post.refresh_from_db()
    assert cys_post.title == "Cy's cabbages"
