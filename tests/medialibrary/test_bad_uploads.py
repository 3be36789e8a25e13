"""Files that are not the images they claim to be: a clear message, nothing half-saved."""

import io

import pytest
from PIL import Image

from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes
from tests.medialibrary.test_upload import stored_files, upload

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def huge_png():
    out = io.BytesIO()  # 20,000 × 20,000 pixels of one colour: a few kilobytes on disk
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00 not a picture at all", "holiday.jpg", "not an image we accept"),
        (SVG, "logo.svg", "not an image we accept"),
        (SVG, "logo.png", "not an image we accept"),
        (b"%PDF-1.7\n", "scan.jpg", "not an image we accept"),
        (image_bytes(800, 600)[:2000], "cut.jpg", "damaged or incomplete"),
        (huge_png(), "bomb.png", "the largest accepted is 50 megapixels"),
        (image_bytes(100, 100, "TIFF"), "scan.tiff", "not an image we accept"),
    ],
    ids=["renamed-exe", "svg", "svg-as-png", "pdf", "truncated-jpeg", "bomb", "tiff"],
)
def test_a_refused_file_says_why_and_leaves_nothing(admin_client, data, name, message):
    response = upload(admin_client, data, name, alt_text="x")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MediaItem.objects.exists()
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused_with_the_limit(admin_client, settings):
    settings.BLOG_MEDIA_MAX_BYTES = 10_000

    response = upload(admin_client, image_bytes(1500, 1000), "big.jpg", alt_text="x")

    assert "the largest image accepted is 9.8\xa0KB" in response.content.decode()
    assert not MediaItem.objects.exists() and stored_files() == []


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "..\\..\\x.jpg", "a\x00b.jpg.php", ""])
def test_a_hostile_filename_never_becomes_a_path(admin_client, name):
    response = upload(admin_client, image_bytes(600, 400), name or "x.jpg", alt_text="x")

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert ".." not in item.file.name and "\x00" not in item.original_filename
    assert item.file.name.endswith(".jpg") and "/" not in item.original_filename
    assert all(name.count("/") == 2 for name in stored_files())


def test_a_failed_write_of_the_row_removes_the_files(admin_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(MediaItem.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        upload(admin_client, image_bytes(1200, 800), "x.jpg", alt_text="x")

    assert stored_files() == []


def test_the_upload_field_is_required(admin_client):
    response = admin_client.post(
        "/admin/medialibrary/mediaitem/add/", {"title": "nothing", "alt_text": ""}
    )

    assert response.status_code == 200 and "This field is required." in response.content.decode()
