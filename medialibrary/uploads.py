"""Any file into the library: an image (medialibrary.library) or a recording
(medialibrary.recordings), told apart by its first bytes, never by its name.

The admin's upload form and the WordPress importer come in here.
"""

from medialibrary import library, recordings, signatures
from medialibrary.images import NotAcceptedImage


def prepare(file):
    """The checked image or recording, not yet stored; or NotAcceptedImage saying why."""
    found = signatures.identify(file)
    if found is not None:
        return recordings.prepare(file, found)
    head = signatures.read_at(file, 0, signatures.HEAD)
    if not signatures.looks_like_image(head):
        raise NotAcceptedImage(
            f"This file is not an image we accept, nor audio or video ({what(head)}): "
            f"upload a JPEG, PNG, GIF or WebP image, or {signatures.ACCEPTED} audio or video."
        )
    return library.prepare(file)


def what(head):
    found = signatures.describe(head)
    return "its kind is unknown" if found is None else f"it looks like {found}"


def store(prepared, **details):
    """A new MediaItem for what prepare() accepted (see library.store for `details`)."""
    if isinstance(prepared, recordings.Recording):
        return recordings.store(prepared, **details)
    return library.store(prepared, **details)


def add(file, **details):
    """A new MediaItem for the image or recording in `file`, or NotAcceptedImage."""
    return store(prepare(file), **details)
