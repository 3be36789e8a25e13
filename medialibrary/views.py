"""Serving the library's files from MEDIA_ROOT, when they are on this server's disk.

A file's name is never reused (medialibrary.models), so every answer may be cached for
a year. With object storage (MEDIA_STORAGE_URL) pages link to the files there and this
view answers 404. In production a reverse proxy can serve MEDIA_ROOT itself (README).

Byte ranges (`Range: bytes=…`, one range) are answered with 206, so that a browser
can seek in a video or start an audio file in the middle; a range past the end is a
416. Django's own static `serve` knows no ranges, so this view sends the file itself.
"""

import os
import re
import stat

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

CACHE_FOREVER = "public, max-age=31536000, immutable"
# The site names every file (medialibrary.library, .recordings): its extension says
# what it is. Anything else is sent as bytes to download, never guessed (not as HTML).
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "aac": "audio/aac",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


@require_safe
def media_file(request, path):
    if not isinstance(default_storage, FileSystemStorage) or "\x00" in path:
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        info = os.stat(full_path)
    except (SuspiciousFileOperation, OSError, ValueError):  # out of MEDIA_ROOT, or absent
        raise Http404 from None
    if not stat.S_ISREG(info.st_mode):
        raise Http404
    last_modified = http_date(info.st_mtime)
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), info.st_mtime):
        return HttpResponseNotModified(headers={"Last-Modified": last_modified})
    wanted = requested_range(request, info.st_size, last_modified)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{info.st_size}"
        response["Cache-Control"] = "no-store"  # a cache must not keep it for the file
    else:
        response = file_response(full_path, info.st_size, wanted)
        response["Content-Type"] = content_type(path)
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = CACHE_FOREVER
    response["Accept-Ranges"] = "bytes"
    return response


def requested_range(request, size, last_modified):
    """(first, last) byte asked for, None for the whole file, or "unsatisfiable".

    A Range header that is not one `bytes=` range is ignored, as HTTP allows (the whole
    file is sent); so is one after an If-Range that names another version of the file.
    """
    header = request.headers.get("Range", "").strip()
    match = RANGE_RE.match(header)
    if match is None or not any(match.groups()):
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != last_modified:
        return None
    first, last = match.groups()
    if not first:  # bytes=-N: the last N bytes
        length = min(int(last), size)
        return (size - length, size - 1) if length else "unsatisfiable"
    first, last = int(first), int(last) if last else None
    if last is not None and first > last:  # not a range at all: ignored
        return None
    if first >= size:
        return "unsatisfiable"
    return first, size - 1 if last is None else min(last, size - 1)


def file_response(full_path, size, wanted):
    """The whole file (200) or the range `wanted` of it (206), streamed in chunks."""
    file = open(full_path, "rb")  # noqa: SIM115 (the response closes it)
    if wanted is None:
        return FileResponse(file)
    first, last = wanted
    file.seek(first)
    response = FileResponse(LimitedReader(file, last - first + 1), status=206)
    response["Content-Length"] = str(last - first + 1)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


class LimitedReader:
    """At most `remaining` bytes of an open file, read in chunks; closes the file."""

    def __init__(self, file, remaining):
        self.file, self.remaining = file, remaining

    def read(self, size=CHUNK):
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.file.close()


def content_type(path):
    return CONTENT_TYPES.get(path.rsplit(".", 1)[-1].lower(), "application/octet-stream")
