"""Adding an image to the library: check it, write its files, then its row.

The one way in for the admin's upload and the WordPress importer. Nothing is
half-saved: files are written first and deleted again if the row cannot be.

The original is checked and stored at once, and the item is usable at once (pages show
the original until copies exist); its resized copies are made by the task queue
(medialibrary.tasks.make_copies, enqueued in the same transaction as the row, so the
worker sees both or neither) and added with `add_copies`.
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

from medialibrary import images, tasks
from medialibrary.images import NotAcceptedImage
from medialibrary.models import MediaItem, delete_files

__all__ = ["NotAcceptedImage", "add", "add_copies", "display_filename", "prepare", "store"]


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
    """The checked image (fully decoded, upright, without metadata), not yet stored; or
    NotAcceptedImage."""
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
        with transaction.atomic():
            item = MediaItem.objects.create(
                file=written[0],
                key=key,
                original_filename=display_filename(filename),
                content_type=processed.content_type,
                width=processed.width,
                height=processed.height,
                size=len(processed.data),
                animated=processed.animated,
                uploaded_by=user,
                uploaded_at=when,
                **fields,
            )
            if not processed.animated:  # a resized copy of an animation would stand still
                queue_copies(item)
            return item
    except BaseException:
        delete_files(written)
        raise


def queue_copies(item):
    """Ask the worker for the item's copies; inside the row's transaction, so that a
    database queue holds the task exactly when the item exists."""
    result = tasks.make_copies.enqueue(item.pk)
    if result.is_finished:  # run at once (an immediate backend): the item has them now
        item.refresh_from_db(fields=["copies"])


def add_copies(pk):
    """Make and store item `pk`'s resized copies: the item with them, or None when it is
    gone or has them already (a second run, or another worker's)."""
    item = MediaItem.objects.filter(pk=pk).first()
    if item is None or item.copies or item.animated or not item.is_image:
        return None
    with item.file.open("rb") as original:
        made = images.copies_of(original)
    written = []
    try:
        for copy in made:
            name = save(f"{item.key}-{copy.width}w.{copy.extension}", copy.data, replace=True)
            written.append(name)
            item.copies.append({"width": copy.width, "height": copy.height, "name": name})
        with transaction.atomic():
            current = MediaItem.objects.select_for_update().filter(pk=pk).first()
            if current is None or current.copies or not item.copies:
                kept = set(current.file_names()) if current else set()
                delete_files([name for name in written if name not in kept])
                return None
            item.save(update_fields=["copies"])
            return item
    except BaseException:
        delete_files(written)
        raise


def save(name, data, *, replace=False):
    """Store `data` as `name`; `replace`: a copy left by a run that failed half-way."""
    if replace and default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a name is never reused: links to it are cached for good
        default_storage.delete(saved)
        raise RuntimeError(f"media file {name} exists already")
    return saved
