"""The posts' trash in the admin: deleting moves a post there, restoring brings it back."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from blog import trash
from blog.models import Post
from comments.models import Comment
from tests.support.roles import staff_in

CHANGELIST = reverse("admin:blog_post_changelist")


def delete_url(post):
    return reverse("admin:blog_post_delete", args=[post.pk])


def run_action(client, action, *posts, **extra):
    """POST a bulk action of the post list for `posts`."""
    data = {"action": action, "_selected_action": [post.pk for post in posts], **extra}
    return client.post(CHANGELIST, data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def trashed(post, make_comment):
    """`post`, with an approved comment, moved to the trash as the admin moves it."""
    make_comment(post, body="Kept through the trash.")
    trash.move_to_trash(Post.objects.filter(pk=post.pk))
    post.refresh_from_db()
    return post


def test_deleting_a_post_moves_it_to_the_trash(admin_client, post, make_comment):
    """The change form's Delete trashes the post: 404 to readers, its comments kept."""
    comment = make_comment(post)
    response = admin_client.post(delete_url(post), {"post": "yes"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.TRASH
    assert post.status_before_trash == Post.Status.PUBLISHED
    assert post.trashed_at is not None
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert Client().get(post.get_absolute_url()).status_code == 404
    assert messages_of(response) == ["The post “Tomatoes” was moved to the trash."]


def test_the_delete_page_offers_the_trash(admin_client, post, make_comment):
    """The confirmation page asks to move the post to the trash, not to delete comments."""
    make_comment(post)
    response = admin_client.get(delete_url(post))
    assertContains(response, 'value="Move to the trash"')
    assertContains(response, "its comments are")
    assertNotContains(response, "All of the following related items will be deleted")


def test_trashing_a_post_invalidates_the_page_cache(
    django_capture_on_commit_callbacks, admin_client, post
):
    """The home page and the permalink, cached before, no longer show the trashed post."""
    for _ in range(2):
        home = Client().get("/")
        Client().get(post.get_absolute_url())
    assert home["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(delete_url(post), {"post": "yes"})
    assert "Tomatoes" not in Client().get("/").text
    assert Client().get(post.get_absolute_url()).status_code == 404


def test_the_bulk_action_moves_selected_posts_to_the_trash(admin_client, post, make_post):
    """ "Move selected posts to the trash" trashes them and says so, counting them."""
    other = make_post(title="Beans")
    response = run_action(admin_client, "trash_selected", post, other)
    assert response.status_code == 302
    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.TRASH}
    assert messages_of(response) == ["2 posts were moved to the trash."]


def test_the_post_list_does_not_offer_django_delete_selected(admin_client, post):
    """Its actions are the trash, restore and a delete for good that says so."""
    response = admin_client.get(CHANGELIST)
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert actions["trash_selected"] == "Move selected posts to the trash"
    assert actions["restore_selected"] == "Restore selected posts from the trash"
    assert actions["delete_selected"] == "Delete selected trashed posts for good"


def test_staff_still_preview_a_trashed_post(staff_client, trashed):
    """At its permalink, with a banner saying it is in the trash."""
    response = staff_client.get(trashed.get_absolute_url())
    assertContains(response, "This post is in the trash.")


def test_restoring_brings_the_post_back_with_its_comments(admin_client, trashed):
    """Restored, the post has its old status and readers see it and its comment again."""
    response = run_action(admin_client, "restore_selected", trashed)
    assert messages_of(response) == ["1 post was restored from the trash."]
    trashed.refresh_from_db()
    assert (trashed.status, trashed.trashed_at, trashed.status_before_trash) == (
        Post.Status.PUBLISHED,
        None,
        "",
    )
    assertContains(Client().get(trashed.get_absolute_url()), "Kept through the trash.")


def test_restoring_invalidates_the_page_cache(
    django_capture_on_commit_callbacks, admin_client, trashed
):
    """The home page cached while the post was in the trash shows it once restored."""
    for _ in range(2):
        home = Client().get("/")
    assert home["X-Page-Cache"] == "hit"
    assert "Tomatoes" not in home.text
    with django_capture_on_commit_callbacks(execute=True):
        run_action(admin_client, "restore_selected", trashed)
    assert "Tomatoes" in Client().get("/").text


def test_a_post_trashed_without_a_known_status_is_restored_as_a_draft(admin_client, make_post):
    """A post with no status_before_trash comes back as a draft, not published."""
    post = make_post(status=Post.Status.TRASH)
    run_action(admin_client, "restore_selected", post)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_restoring_a_post_not_in_the_trash_changes_nothing(admin_client, post):
    """It is not counted as restored."""
    response = run_action(admin_client, "restore_selected", post)
    assert messages_of(response) == ["0 posts were restored from the trash."]


def test_the_status_filter_shows_the_trash(admin_client, trashed, make_post):
    """The post list filters by status Trash."""
    make_post(title="Still published")
    response = admin_client.get(CHANGELIST)
    assertContains(response, "?status__exact=trash")
    response = admin_client.get(CHANGELIST, {"status__exact": "trash"})
    assertContains(response, "Tomatoes")
    assertNotContains(response, "Still published")


def test_a_post_goes_to_the_trash_only_by_being_deleted(admin_client, post, trashed):
    """The change form offers no Trash status, and shows a trashed post's status read-only."""
    other = Post.objects.create(title="Beans", slug="beans", body="b", author=post.author)
    form = admin_client.get(reverse("admin:blog_post_change", args=[other.pk])).context["adminform"]
    assert "trash" not in dict(form.form.fields["status"].choices)
    form = admin_client.get(reverse("admin:blog_post_change", args=[trashed.pk])).context[
        "adminform"
    ]
    assert "status" not in form.form.fields


def test_a_superuser_deletes_a_trashed_post_for_good(admin_client, trashed):
    """Deleting a post that is in the trash deletes it and its comments."""
    assertContains(
        admin_client.get(delete_url(trashed)),
        "All of the following related items will be deleted",
    )
    response = admin_client.post(delete_url(trashed), {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=trashed.pk).exists()
    assert not Comment.objects.filter(post_id=trashed.pk).exists()
    assert messages_of(response) == ["The post “Tomatoes” was deleted successfully."]


def test_the_delete_for_good_action_deletes_trashed_posts(admin_client, trashed):
    """Django's confirmed delete_selected, for posts in the trash."""
    response = run_action(admin_client, "delete_selected", trashed, post="yes")
    assert response.status_code == 302
    assert not Post.objects.filter(pk=trashed.pk).exists()


def test_the_delete_for_good_action_refuses_posts_not_in_the_trash(
    admin_client, trashed, make_post
):
    """With a post outside the trash among those selected, nothing is deleted."""
    other = make_post(title="Beans")
    response = run_action(admin_client, "delete_selected", trashed, other, post="yes")
    assert Post.objects.filter(pk__in=[trashed.pk, other.pk]).count() == 2
    assert messages_of(response) == [
        "Only posts in the trash can be deleted for good: nothing was deleted."
    ]


@pytest.fixture
def editor_client(client, db):
    client.force_login(staff_in("Editor"))
    return client


def test_an_editor_moves_posts_to_the_trash(editor_client, post):
    """Deleting, for an Editor, is moving to the trash."""
    assert editor_client.post(delete_url(post), {"post": "yes"}).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.TRASH


def test_an_editor_may_not_delete_a_trashed_post_for_good(editor_client, trashed):
    """The delete page of a trashed post, and its POST, are a 403 for an Editor."""
    assert editor_client.get(delete_url(trashed)).status_code == 403
    assert editor_client.post(delete_url(trashed), {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=trashed.pk).exists()


def test_an_editor_posting_delete_selected_gets_a_403(editor_client, trashed):
    """The delete-for-good action is a superuser's: anyone else's POST of it is a 403."""
    response = run_action(editor_client, "delete_selected", trashed, post="yes")
    assert response.status_code == 403
    assert Post.objects.filter(pk=trashed.pk).exists()


def test_staff_without_the_delete_permission_may_not_trash(client, post, django_user_model):
    """Trashing needs delete_post: without it the action is a 403 and the post stays."""
    user = django_user_model.objects.create_user("writer", password="pw-w-12345", is_staff=True)
    codenames = ["view_post", "change_post"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert run_action(client, "trash_selected", post).status_code == 403
    assert client.post(delete_url(post), {"post": "yes"}).status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
