"""Who may import: the upload writes posts as any author with approved comments, so it
needs the import permission of the Editor role (or a superuser); anyone else gets 403."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from blog.models import Post
from comments.models import Comment
from tests.support.roles import staff_in
from tests.support.wxr_files import export, item, upload
from wordpress.models import ImportJob

URL = reverse("admin:wordpress_import")
COMMENT = (
    "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Fan</wp:comment_author>"
    "<wp:comment_content>Great.</wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
)
EXPORT = export(item(11, "Credited to mabel", inner=COMMENT))


def importing(client):
    return client.post(URL, {"file": upload(EXPORT)}, follow=True)


def test_staff_with_only_the_imported_post_rights_is_forbidden(client, db):
    """The model's add permission alone no longer imports: 403, and nothing is written."""
    user = get_user_model().objects.create_user("clerk", password="pw-clerk-12345", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="wordpress", codename__endswith="post")
    )
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert importing(client).status_code == 403
    assert not ImportJob.objects.exists()
    assert not Post.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", ["Author", "Moderator"])
def test_other_roles_are_forbidden(client, db, role):
    """Authors and Moderators cannot import."""
    client.force_login(staff_in(role))
    assert importing(client).status_code == 403
    assert not Post.objects.exists()


def test_editor_imports(client, db):
    """An Editor imports: the post is credited to its WordPress author."""
    client.force_login(staff_in("Editor"))
    response = importing(client)
    assert response.status_code == 200
    assert response.context["job"].status == ImportJob.Status.DONE
    assert Post.objects.get().author.username == "mabel"
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_import_link_shown_only_to_importers(client, db):
    """The imported-posts list offers "Add" (the upload) to an Editor only."""
    add_url = reverse("admin:wordpress_importedpost_add")
    clerk = get_user_model().objects.create_user("clerk", password="pw-12345", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(content_type__app_label="wordpress", codename__endswith="post")
    )
    client.force_login(clerk)
    assert add_url not in client.get(reverse("admin:wordpress_importedpost_changelist")).text
    client.force_login(staff_in("Editor"))
    assert add_url in client.get(reverse("admin:wordpress_importedpost_changelist")).text
