"""Re-importing keeps the posts edited here since the last import, and says so."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from blog.models import Post
from tests.support.admin_forms import form_data
from tests.support.wxr_files import counts, export, item, upload

URL = reverse("admin:wordpress_import")
FIRST = export(item(11, "First", "One."), item(12, "Second", "Two."))
REVISED = export(item(11, "First", "One, revised."), item(12, "Second", "Two, revised."))
KEPT = "Kept 1 post edited here since the last import"


def edit_in_admin(client, post, title):
    """Change a post's title through its admin change form."""
    url = reverse("admin:blog_post_change", args=[post.pk])
    response = client.post(url, form_data(client, url, title=title))
    assert response.status_code == 302


def test_upload_keeps_a_post_edited_here_and_reports_it(admin_client):
    """The export's new version of an edited post is not applied; the summary says so."""
    assert admin_client.post(URL, {"file": upload(FIRST)}, follow=True).status_code == 200
    edit_in_admin(admin_client, Post.objects.get(slug="post-11"), "Renamed here")
    response = admin_client.post(URL, {"file": upload(REVISED)}, follow=True)
    assert response.status_code == 200
    assert KEPT in response.text
    edited, untouched = Post.objects.get(slug="post-11"), Post.objects.get(slug="post-12")
    assert (edited.title, edited.body) == ("Renamed here", "<p>One.</p>")
    assert untouched.body == "<p>Two, revised.</p>"
    posts = counts(response, "posts")
    assert (posts["updated"], posts["skipped"]) == (1, 1)


def test_command_keeps_the_local_version_on_every_later_import(admin_client, tmp_path):
    """The command reports the kept post, and goes on keeping it: the edit is never lost."""
    first, revised = tmp_path / "first.xml", tmp_path / "revised.xml"
    first.write_text(FIRST)
    revised.write_text(REVISED)
    call_command("import_wxr", str(first), stdout=StringIO())
    edit_in_admin(admin_client, Post.objects.get(slug="post-11"), "Renamed here")
    for _ in range(2):
        out = StringIO()
        call_command("import_wxr", str(revised), stdout=out)
        assert KEPT in out.getvalue()
    assert Post.objects.get(slug="post-11").title == "Renamed here"
