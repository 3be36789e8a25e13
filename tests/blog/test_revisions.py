"""Post revisions in the admin: history, compare, restore, retention; none on public pages."""

import re
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Revision, Version

from blog.models import Post
from tests.support.admin_forms import form_data
from tests.support.roles import staff_in


def history_url(post):
    return reverse("admin:blog_post_history", args=[post.pk])


def compare_url(post):
    return reverse("admin:blog_post_compare", args=[post.pk])


def revision_url(post, version):
    return reverse("admin:blog_post_revision", args=[post.pk, version.pk])


def versions_of(post):
    """The post's versions, oldest first."""
    return list(Version.objects.get_for_object(post).order_by("pk"))


def test_each_save_is_a_revision_in_the_history(admin_client, admin_user, post, edit):
    """Two edits make two revisions; the history shows who saved them and when."""
    edit(post, body="First draft of the beds.")
    edit(post, body="Second draft of the beds.")
    versions = versions_of(post)
    assert len(versions) == 2
    assert all(version.revision.user == admin_user for version in versions)
    response = admin_client.get(history_url(post))
    users = re.findall(r"<td>\s*(\S+)\s*</td>\s*<td>Changed", response.text)
    assert users == [admin_user.get_username()] * 2
    for version in versions:
        when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
        assertContains(response, f'<a href="{revision_url(post, version)}">{when}</a>', html=True)
    assertContains(response, 'name="old"', count=2)


def test_compare_shows_the_changed_words(admin_client, post, edit):
    """The compare page diffs the body line by line and names the other changed fields."""
    edit(post, body="Beans climb the poles.")
    edit(post, body="Peas climb the poles.", sticky="on")
    old, new = versions_of(post)
    response = admin_client.get(compare_url(post), {"old": old.revision_id, "new": new.revision_id})
    assertContains(response, '<div class="removed">-Beans climb the poles.</div>', html=True)
    assertContains(response, '<div class="added">+Peas climb the poles.</div>', html=True)
    changed = re.search(r'<ul class="revision-changed">(.*?)</ul>', response.text, re.S)[1]
    assert "Sticky" in changed
    assert "Body" in changed
    assert "Title" not in changed


def test_compare_escapes_the_text(admin_client, post, edit):
    """A title with markup is shown as text, never run."""
    edit(post, title="Tomatoes")
    edit(post, title="<script>alert(1)</script>")
    old, new = versions_of(post)
    response = admin_client.get(compare_url(post), {"new": old.revision_id, "old": new.revision_id})
    assertContains(response, "+&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_compare_of_an_unknown_revision_is_404(admin_client, post, edit):
    """Revisions of another post, or no number, are not found."""
    edit(post, body="One.")
    (version,) = versions_of(post)
    assert (
        admin_client.get(compare_url(post), {"old": "x", "new": version.revision_id}).status_code
        == 404
    )
    assert (
        admin_client.get(compare_url(post), {"old": 999, "new": version.revision_id}).status_code
        == 404
    )


def test_restoring_a_revision(
    django_capture_on_commit_callbacks, admin_client, post, edit, make_category
):
    """Saving an old revision's form brings back its text and categories, as a new revision,
    and readers see it at once."""
    garden = make_category("Garden")
    edit(post, body="The old words.", categories=[garden.pk])
    edit(post, body="The new words.", categories=[])
    old, _ = versions_of(post)
    Client().get(post.get_absolute_url())
    cached = Client().get(post.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    assert "The new words." in cached.text

    url = revision_url(post, old)
    data = form_data(admin_client, url)
    assert data["body"] == "The old words."
    post.refresh_from_db()
    assert post.body == "The new words."  # Opening a revision changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "The old words."
    assert list(post.categories.all()) == [garden]
    versions = versions_of(post)
    assert len(versions) == 3
    assert versions[-1].field_dict["body"] == "The old words."
    assert "Reverted" in versions[-1].revision.get_comment()
    assert "The old words." in Client().get(post.get_absolute_url()).text


def test_restoring_keeps_the_comment_count(admin_client, post, edit, make_comment):
    """The comments keep a post's count: a restored revision does not bring back its own."""
    edit(post, body="Before the comments.")
    (version,) = versions_of(post)
    make_comment(post)
    post.refresh_from_db()
    count = post.comment_count
    assert count == 1
    url = revision_url(post, version)
    assert admin_client.post(url, form_data(admin_client, url)).status_code == 302
    post.refresh_from_db()
    assert post.comment_count == count


def test_a_trashed_post_is_not_restored_from_a_revision(admin_client, post, edit):
    """A post leaves the trash by the trash's restore, not by reverting its status."""
    edit(post, body="Before the trash.")
    (version,) = versions_of(post)
    admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    response = admin_client.post(revision_url(post, version), {"body": "x"})
    assert response.status_code == 302
    assert response.url == history_url(post)
    post.refresh_from_db()
    assert post.status == Post.Status.TRASH


def test_deleted_posts_are_not_recovered_from_revisions(admin_client, post, edit):
    """Deleted posts are in the trash: reversion's recover pages are not there."""
    edit(post, body="One.")
    (version,) = versions_of(post)
    assert admin_client.get(reverse("admin:blog_post_recoverlist")).status_code == 404
    assert (
        admin_client.get(reverse("admin:blog_post_recover", args=[version.pk])).status_code == 404
    )
    changelist = admin_client.get(reverse("admin:blog_post_changelist"))
    assertNotContains(changelist, "Recover deleted")


def test_revisions_of_posts_deleted_for_good_are_pruned(admin_client, post, edit, make_post):
    """prune_comment_data deletes the revisions of a post deleted for good, not of others."""
    kept = make_post(title="Kept", slug="kept")
    edit(post, body="Gone soon.")
    edit(kept, body="Still here.")
    delete = reverse("admin:blog_post_delete", args=[post.pk])
    admin_client.post(delete, {"post": "yes"})  # to the trash
    admin_client.post(delete, {"post": "yes"})  # for good
    assert not Post.objects.filter(pk=post.pk).exists()
    call_command("prune_comment_data", stdout=StringIO())
    assert versions_of(post) == []
    assert len(versions_of(kept)) == 1
    assert Revision.objects.count() == 1


def test_only_the_newest_revisions_are_kept(settings, admin_client, post, edit):
    """With BLOG_REVISIONS_KEEP=3, five saves leave the three newest revisions."""
    settings.BLOG_REVISIONS_KEEP = 3
    for n in range(5):
        edit(post, body=f"Draft {n}.")
    assert [v.field_dict["body"] for v in versions_of(post)] == ["Draft 2.", "Draft 3.", "Draft 4."]
    assert Revision.objects.count() == 3


def test_public_post_page_reads_no_revisions(settings, client, post, edit):
    """Revisions are admin-only: the public post page makes no query to reversion's tables."""
    settings.BLOG_PAGE_CACHE = settings.BLOG_FRAGMENT_CACHE = False
    edit(post, body="Edited.")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.get_absolute_url()).status_code == 200
    assert not [q for q in queries if "reversion_" in q["sql"]]


def test_an_editor_sees_the_history(client, post, edit):
    """The Editor role, with its change permission on posts, sees history and compare."""
    edit(post, body="One.")
    edit(post, body="Two.")
    old, new = versions_of(post)
    client.force_login(staff_in("Editor"))
    assert client.get(history_url(post)).status_code == 200
    response = client.get(compare_url(post), {"old": old.revision_id, "new": new.revision_id})
    assert response.status_code == 200


def test_no_post_permission_no_history(client, post, edit, django_user_model):
    """Staff without rights on posts get 403 on history and compare."""
    edit(post, body="One.")
    edit(post, body="Two.")
    old, new = versions_of(post)
    client.force_login(
        django_user_model.objects.create_user("clerk", password="pw-clerk-12345", is_staff=True)
    )
    assert client.get(history_url(post)).status_code == 403
    response = client.get(compare_url(post), {"old": old.revision_id, "new": new.revision_id})
    assert response.status_code == 403


def test_an_author_cannot_restore_another_authors_post(client, post, edit):
    """An Author gets 403 on another author's history, compare and revisions; nothing reverts."""
    edit(post, body="One.")
    edit(post, body="Two.")
    old, new = versions_of(post)
    client.force_login(staff_in("Author"))
    assert client.get(history_url(post)).status_code == 403
    response = client.get(compare_url(post), {"old": old.revision_id, "new": new.revision_id})
    assert response.status_code == 403
    assert client.post(revision_url(post, old), {"body": "One."}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Two."
