"""An upright JPEG loses its metadata but keeps its image data exactly (no second loss)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageCms, ImageDraw

from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes, upload_file

ADD_URL = "/admin/medialibrary/mediaitem/add/"


def upload(client, data):
    form = {"title": "", "alt_text": "A field", "caption": "", "description": ""}
    assert client.post(ADD_URL, {**form, "upload": upload_file(data)}).status_code == 302
    return (Path(settings.MEDIA_ROOT) / MediaItem.objects.get().file.name).read_bytes()


def tagged_photo(**options):
    """A JPEG with EXIF (a camera and a place), XMP, a comment and bytes after its end."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0)})
    image = Image.open(io.BytesIO(image_bytes(900, 600))).convert("RGB")
    draw = ImageDraw.Draw(image)  # edges: encoding again would change pixels here
    for n in range(12):
        draw.ellipse((n * 70, n * 40, n * 70 + 200, n * 40 + 90), fill=(n * 20, 200, 90))
    out = io.BytesIO()
    image.save(
        out, "JPEG", exif=exif.tobytes(), xmp=b"<x>12 Acacia Avenue</x>",
        comment=b"12 Acacia Avenue", **options,
    )  # fmt: skip
    return out.getvalue() + b"12 Acacia Avenue"


@pytest.mark.parametrize("options", [{}, {"progressive": True}, {"restart_marker_blocks": 2}])
def test_the_metadata_goes_and_the_pixels_stay(admin_client, options):
    """Baseline, progressive and restart-marked JPEGs decode to the very same pixels."""
    sent = tagged_photo(quality=85, **options)

    stored = upload(admin_client, sent)

    for secret in (b"PhoneMaker", b"Acacia"):
        assert secret not in stored
    kept = Image.open(io.BytesIO(stored))
    assert dict(kept.getexif()) == {} and "xmp" not in kept.info
    assert kept.tobytes() == Image.open(io.BytesIO(sent)).tobytes()


def test_the_colour_profile_is_kept(admin_client):
    """The ICC profile, which decoding needs to show the colours right, stays."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (700, 500), "teal").save(out, "JPEG", icc_profile=profile, comment=b"x y")

    stored = upload(admin_client, out.getvalue())

    assert Image.open(io.BytesIO(stored)).info["icc_profile"] == profile
