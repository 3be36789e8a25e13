"""Adding an audio or video file to the library: checked by its bytes, stored as is.

A recording is not decoded or rewritten (that would need a media toolkit this site
does not have): its container signature is checked (medialibrary.signatures), its size
is held to BLOG_MEDIA_MAX_VIDEO_BYTES, and the file is stored under a name the site
chooses, with the extension of the format found, never the sender's.
"""

import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify

from medialibrary.library import display_filename
from medialibrary.models import MediaItem, delete_files
from medialibrary.signatures import AudioVideoFormat, NotAcceptedRecording


@dataclass
class Recording:
    """An accepted audio or video file, not yet stored."""

    format: AudioVideoFormat
    file: object  # a Django File, read again when stored
    size: int


def prepare(file, audio_video_format):
    """The Recording of `file` (whose signature was found), or NotAcceptedRecording."""
    limit = settings.BLOG_MEDIA_MAX_VIDEO_BYTES
    if file.size > limit:
        raise NotAcceptedRecording(
            f"The file is {filesizeformat(file.size)}; the largest audio or video file "
            f"accepted is {filesizeformat(limit)}."
        )
    return Recording(audio_video_format, file, file.size)


def store(recording, *, filename, user=None, uploaded_at=None, **fields):
    """A new MediaItem for a recording prepare() accepted; the file written first."""
    when = uploaded_at or timezone.now()
    label = display_filename(filename)
    stem = slugify(PurePosixPath(label).stem)[:60].strip("-") or recording.format.kind
    key = f"{when:%Y/%m}/{stem}-{secrets.token_hex(4)}"
    name = f"{key}.{recording.format.extension}"
    recording.file.seek(0)
    saved = default_storage.save(name, recording.file)
    try:
        if saved != name:  # a name is never reused: links to it are cached for good
            raise RuntimeError(f"media file {name} exists already")
        with transaction.atomic():
            return MediaItem.objects.create(
                file=saved,
                key=key,
                kind=recording.format.kind,
                original_filename=label,
                content_type=recording.format.content_type,
                width=0,
                height=0,
                size=recording.size,
                uploaded_by=user,
                uploaded_at=when,
                **fields,
            )
    except BaseException:
        delete_files([saved])
        raise
