import io

import pytest
from PIL import Image

from medialibrary import library


def image_bytes(width=1200, height=800, image_format="JPEG", exif=None, **options):
    """An image file's bytes, made here: a gradient, so that resizing has work to do."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif.tobytes()
    image.save(out, image_format, **options)
    return out.getvalue()


def upload_file(data, name="photo.jpg", content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def make_media(db, author):
    """Adds an image to the library as an upload would."""

    def make(width=1200, height=800, name="fern.jpg", image_format="JPEG", **fields):
        data = image_bytes(width, height, image_format)
        fields.setdefault("alt_text", "A fern uncurling in spring")
        return library.add(upload_file(data, name), filename=name, user=author, **fields)

    return make
