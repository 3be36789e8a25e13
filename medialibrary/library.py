"""Adding an image to the library: check it, write its files, then its row.

The one way in for the admin's upload and the WordPress importer. Nothing is
half-saved: files are written first and deleted again if the row cannot be.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify

from medialibrary import images
from medialibrary.images import NotAcceptedImage
from medialibrary.models import MediaItem, delete_files

__all__ = ["NotAcceptedImage", "add", "display_filename", "prepare", "store"]


def check_size(size):
    limit = settings.BLOG_MEDIA_MAX_BYTES
    if size > limit:
        raise NotAcceptedImage(
            f"The file is {filesizeformat(size)}; the largest image accepted is "
            f"{filesizeformat(limit)}."
        )


def display_filename(name):
    """The sender's file name as a label: no folders, no control characters."""
    name = "".join(char for char in str(name) if char.isprintable())
    return PurePosixPath(name.replace("\\", "/")).name[-255:] or "image"


def add(file, *, filename, **fields):
    """A new MediaItem for the image in `file`, or NotAcceptedImage saying why not."""
    return store(prepare(file), filename=filename, **fields)


def prepare(file):
    """The checked image and its copies, not yet stored; or NotAcceptedImage."""
    check_size(file.size)
    return images.process(file)


def store(processed, *, filename, user=None, uploaded_at=None, **fields):
    """A new MediaItem for an image prepare() accepted."""
    when = uploaded_at or timezone.now()
    stem = slugify(PurePosixPath(display_filename(filename)).stem)[:60].strip("-") or "image"
    key = f"{when:%Y/%m}/{stem}-{secrets.token_hex(4)}"
    written = []
    try:
        written.append(save(f"{key}.{processed.extension}", processed.data))
        copies = []
        for copy in processed.copies:
            name = save(f"{key}-{copy.width}w.{copy.extension}", copy.data)
            written.append(name)
            copies.append({"width": copy.width, "height": copy.height, "name": name})
        with transaction.atomic():
            return MediaItem.objects.create(
                file=written[0],
                key=key,
                original_filename=display_filename(filename),
                content_type=processed.content_type,
                width=processed.width,
                height=processed.height,
                size=len(processed.data),
                animated=processed.animated,
                copies=copies,
                uploaded_by=user,
                uploaded_at=when,
                **fields,
            )
    except BaseException:
        delete_files(written)
        raise


def save(name, data):
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a name is never reused: links to it are cached for good
        default_storage.delete(saved)
        raise RuntimeError(f"media file {name} exists already")
    return saved
