"""Uploading images in the admin: what is kept, what is made, what is refused."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, PngImagePlugin

from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes, upload_file

ADD_URL = "/admin/medialibrary/mediaitem/add/"
LIST_URL = "/admin/medialibrary/mediaitem/"
GPS_IFD = 0x8825


def upload(client, data, name="photo.jpg", **fields):
    form = {"title": "", "alt_text": "", "caption": "", "description": "", **fields}
    return client.post(ADD_URL, {**form, "upload": upload_file(data, name)})


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def phone_photo():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return image_bytes(3000, 2000, exif=exif)


def test_an_upload_keeps_the_original_without_its_location(admin_client):
    response = upload(admin_client, phone_photo(), "IMG_0042.jpg", alt_text="A harbour at dusk")

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.width, item.height, item.original_filename) == (3000, 2000, "IMG_0042.jpg")
    original = Image.open(Path(settings.MEDIA_ROOT) / item.file.name)
    assert original.size == (3000, 2000)
    assert dict(original.getexif()) == {}
    assert "exif" not in original.info


@pytest.mark.parametrize("image_format", ["JPEG", "GIF", "PNG", "WEBP"])
def test_comments_and_text_chunks_are_dropped_too(admin_client, image_format):
    image = Image.new("RGB", (700, 500), "olive")
    out = io.BytesIO()
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "taken at 12 Acacia Avenue")
        image.save(out, "PNG", pnginfo=text)
    elif image_format == "WEBP":
        image.save(out, "WEBP", xmp=b"<x:xmpmeta>12 Acacia Avenue</x:xmpmeta>")
    else:
        image.save(out, image_format, comment=b"taken at 12 Acacia Avenue")

    upload(admin_client, out.getvalue(), f"x.{image_format.lower()}", alt_text="x")

    root = Path(settings.MEDIA_ROOT)
    for name in MediaItem.objects.get().file_names():
        assert b"Acacia" not in (root / name).read_bytes(), name


def test_resized_copies_are_made_once_in_both_formats_and_never_larger(admin_client):
    upload(admin_client, image_bytes(1200, 600), "wide.jpg", alt_text="A wide field")

    item = MediaItem.objects.get()
    sizes = sorted((c["width"], c["height"], c["name"].rsplit(".", 1)[1]) for c in item.copies)
    # WebP at the image's own width too: it is narrower than the widest copy (1600).
    assert sizes == [
        (480, 240, "jpg"),
        (480, 240, "webp"),
        (960, 480, "jpg"),
        (960, 480, "webp"),
        (1200, 600, "webp"),
    ]
    assert len(stored_files()) == 6
    for copy in item.copies:
        assert Image.open(Path(settings.MEDIA_ROOT) / copy["name"]).width == copy["width"]


def test_an_image_turned_by_its_exif_is_stored_upright(admin_client):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    upload(admin_client, image_bytes(800, 600, exif=exif), "turned.jpg", alt_text="Tall")

    item = MediaItem.objects.get()
    assert (item.width, item.height) == (600, 800)


@pytest.mark.parametrize(
    ("image_format", "name"), [("PNG", "chart.png"), ("GIF", "still.gif"), ("WEBP", "leaf.webp")]
)
def test_png_gif_and_webp_are_taken(admin_client, image_format, name):
    response = upload(admin_client, image_bytes(700, 500, image_format), name, alt_text="x")

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert item.file.name.endswith("." + {"PNG": "png", "GIF": "gif", "WEBP": "webp"}[image_format])
    assert item.webp_srcset() or image_format == "WEBP"


def test_an_animated_gif_stays_animated_and_gets_no_still_copies(admin_client):
    frames = [Image.new("RGB", (600, 400), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    upload(admin_client, out.getvalue(), "dance.gif", alt_text="Three colours in turn")

    item = MediaItem.objects.get()
    assert item.animated and item.copies == []
    assert Image.open(Path(settings.MEDIA_ROOT) / item.file.name).n_frames == 3


def test_the_list_shows_thumbnails_and_searches_title_alt_and_filename(admin_client, make_media):
    make_media(name="harbour.jpg", title="Harbour", alt_text="Boats at rest")
    make_media(name="IMG_7781.jpg", title="Fern", alt_text="A fern uncurling")

    listing = admin_client.get(LIST_URL).content.decode()
    assert listing.count('loading="lazy"') >= 2 and "-480w.jpg" in listing
    for term, expected in [("Harbour", "Boats at rest"), ("uncurling", "Fern"), ("7781", "Fern")]:
        found = admin_client.get(LIST_URL, {"q": term}).content.decode()
        assert expected in found
    assert "Boats at rest" not in admin_client.get(LIST_URL, {"q": "fern"}).content.decode()


def test_the_change_page_gives_the_markdown_to_copy(admin_client, make_media):
    item = make_media(alt_text="A fern uncurling")

    page = admin_client.get(f"{LIST_URL}{item.pk}/change/").content.decode()

    assert f"![A fern uncurling](media:{item.pk})" in page
    assert "No post or page uses this image." in page
