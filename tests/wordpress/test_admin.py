"""The admin's WordPress import page: staff upload a WXR file and see the summary."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Post

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
    """Uploading an export imports it and shows the summary table."""
    response = admin_client.post(URL, {"file": upload()})
    assert response.status_code == 200
    assert Post.objects.count() == 8
    assert response.context["summary"].counts["posts"]["created"] == 8
    assert 'id="wordpress-import-summary"' in response.text


def test_dry_run_upload_saves_nothing(admin_client):
    """The dry-run box shows the summary and saves nothing."""
    response = admin_client.post(URL, {"file": upload(), "dry_run": "on"})
    assert response.context["summary"].counts["posts"]["created"] == 8
    assert "dry run: nothing was saved" in response.text
    assert not Post.objects.exists()


def test_hostile_upload_is_a_form_error(admin_client):
    """A file with entities is refused with the reason, and nothing is imported."""
    response = admin_client.post(URL, {"file": upload("billion-laughs.xml")})
    assert response.status_code == 400
    assert "document type declaration" in response.text
    assert not Post.objects.exists()


def test_too_large_upload_is_refused(admin_client, settings):
    """A request over WORDPRESS_IMPORT_MAX_BYTES is refused before its body is read."""
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1000
    response = admin_client.post(URL, {"file": SimpleUploadedFile("x.xml", b"x" * 100_000)})
    assert response.status_code == 413
    assert "larger than" in response.text
    assert not Post.objects.exists()


def test_too_large_file_in_small_request_is_refused(admin_client, settings):
    """The size of the file itself is checked too, whatever the request says."""
    settings.WORDPRESS_IMPORT_MAX_BYTES = 100
    response = admin_client.post(URL, {"file": SimpleUploadedFile("x.xml", b"<rss>" * 100)})
    assert response.status_code == 400
    assert "larger than" in response.text


def test_csrf_token_required(csrf_client, admin_user):
    """Without the CSRF token the upload is refused."""
    csrf_client.force_login(admin_user)
    assert csrf_client.post(URL, {"file": upload()}).status_code == 403
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
