"""The admin's WordPress import page: staff upload a WXR file and see the summary."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from blog.models import Post
from tests.support.wxr_files import counts
from wordpress.forms import NOT_XML
from wordpress.models import ImportJob

FIXTURES = Path(__file__).parents[1] / "data" / "wxr"
URL = reverse("admin:wordpress_import")


def upload(name="blog.xml"):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), "text/xml")


def test_staff_sees_the_form(admin_client):
    """GET shows the upload form."""
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text


def test_linked_from_the_admin_index(admin_client):
    """The admin index links to the importer (the Add link of imported posts)."""
    response = admin_client.get(reverse("admin:index"))
    add_url = reverse("admin:wordpress_importedpost_add")
    assert add_url in response.text
    assert admin_client.get(add_url)["Location"] == URL


def test_upload_imports_and_shows_summary(admin_client):
    """Uploading an export imports it; its job page shows the summary table."""
    response = admin_client.post(URL, {"file": upload()}, follow=True)
    job = ImportJob.objects.get()
    assert response.redirect_chain == [(reverse("admin:wordpress_import_job", args=[job.pk]), 302)]
    assert response.status_code == 200
    assert job.status == ImportJob.Status.DONE
    assert Post.objects.count() == 8
    assert counts(response, "posts")["created"] == 8
    assert 'id="wordpress-import-summary"' in response.text


def test_dry_run_upload_saves_nothing(admin_client):
    """The dry-run box shows the summary, says it is a dry run, and saves nothing."""
    response = admin_client.post(URL, {"file": upload(), "dry_run": "on"}, follow=True)
    assert response.context["job"].summary["dry_run"] is True
    assert counts(response, "posts")["created"] == 8
    assert "dry run: nothing was saved" in response.text
    assert "Dry run: nothing was saved." in response.text
    assert not Post.objects.exists()


DOCTYPE_REFUSED = (
    "The file has a document type declaration (<!DOCTYPE …>), which a WordPress export "
    "never has: it was refused unread, so that no entity in it could be expanded or "
    "fetched. Nothing was imported."
)


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_hostile_upload_fails_with_the_reason(admin_client, name):
    """A file with entities fails its job with the reason, and nothing is imported."""
    response = admin_client.post(URL, {"file": upload(name)}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, DOCTYPE_REFUSED)
    assert f'<p class="errornote">{escape(DOCTYPE_REFUSED)}</p>' in response.text
    assert 'id="wordpress-import-summary"' not in response.text
    assert not Post.objects.exists()


def test_upload_that_is_not_xml_is_a_form_error(admin_client):
    """A file that is not XML at all is refused at once, with the reason, and queued never."""
    png = SimpleUploadedFile("export.xml", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "text/xml")
    response = admin_client.post(URL, {"file": png})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [NOT_XML]
    assert escape(NOT_XML) in response.text
    assert not ImportJob.objects.exists()
    assert not Post.objects.exists()


def test_too_large_upload_is_refused(admin_client, settings):
    """A request over WORDPRESS_IMPORT_MAX_BYTES is refused before its body is read."""
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1000
    response = admin_client.post(URL, {"file": SimpleUploadedFile("x.xml", b"x" * 100_000)})
    assert response.status_code == 413
    assert "larger than" in response.text
    assert not ImportJob.objects.exists()
    assert not Post.objects.exists()


def test_too_large_file_in_small_request_is_refused(admin_client, settings):
    """The size of the file itself is checked too, whatever the request says."""
    settings.WORDPRESS_IMPORT_MAX_BYTES = 100
    response = admin_client.post(URL, {"file": SimpleUploadedFile("x.xml", b"<rss>" * 100)})
    assert response.status_code == 400
    assert "larger than" in response.text
    assert not ImportJob.objects.exists()


def test_csrf_token_required(csrf_client, admin_user):
    """Without the CSRF token the upload is refused."""
    csrf_client.force_login(admin_user)
    assert csrf_client.post(URL, {"file": upload()}).status_code == 403
    assert not ImportJob.objects.exists()
    assert not Post.objects.exists()


def test_anonymous_goes_to_login(client, db):
    """Someone not logged in is sent to the admin login, and nothing is imported."""
    response = client.post(URL, {"file": upload()})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Post.objects.exists()


def test_non_staff_goes_to_login(client, db):
    """A logged-in user who is not staff is sent to the login too."""
    user = get_user_model().objects.create_user("reader", password="pw-reader-12345")
    client.force_login(user)
    response = client.post(URL, {"file": upload()})
    assert response.status_code == 302
    assert not Post.objects.exists()


def test_staff_without_permission_is_forbidden(client, db):
    """Staff who may not add imported posts get a 403."""
    user = get_user_model().objects.create_user("editor", password="pw-ed-12345", is_staff=True)
    client.force_login(user)
    assert client.post(URL, {"file": upload()}).status_code == 403
    assert not Post.objects.exists()
