"""Re-importing never brings back a post that was moved to the trash here."""

from django.urls import reverse

from blog.models import Post
from tests.support.wxr_files import export, item, upload
from wordpress.models import ImportJob

URL = reverse("admin:wordpress_import")
EXPORT = export(item(11, "First", "One."))
REVISED = export(item(11, "First", "One, revised."))


def test_a_post_trashed_here_stays_in_the_trash_on_reimport(admin_client):
    """Trashing counts as an edit here: a later export's version does not bring it back."""
    assert admin_client.post(URL, {"file": upload(EXPORT)}, follow=True).status_code == 200
    post = Post.objects.get(slug="post-11")
    delete = reverse("admin:blog_post_delete", args=[post.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    response = admin_client.post(URL, {"file": upload(REVISED)}, follow=True)
    assert response.context["job"].status == ImportJob.Status.DONE
    post.refresh_from_db()
    assert post.status == Post.Status.TRASH
