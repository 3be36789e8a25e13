"""Serving the library's files from MEDIA_ROOT, when they are on this server's disk.

A file's name is never reused (medialibrary.models), so every answer may be cached for
a year. With object storage (MEDIA_STORAGE_URL) pages link to the files there and this
view answers 404. In production a reverse proxy can serve MEDIA_ROOT itself (README).
"""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

CACHE_FOREVER = "public, max-age=31536000, immutable"


@require_safe
def media_file(request, path):
    if not isinstance(default_storage, FileSystemStorage) or "\x00" in path:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path out of MEDIA_ROOT: nothing there to find
        raise Http404 from None
    response["Cache-Control"] = CACHE_FOREVER
    return response
