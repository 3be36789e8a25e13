"""Finding the media items that a post's images refer to, by short reference or URL.

`media:42` names item 42; a URL of the original or of any of its copies names the
item too (`/media/2026/12/fern-1a2b3c4d-480w.webp`), so pasting an image's address works.
"""

from django.core.files.storage import default_storage
from django.db.models import Q

from medialibrary.models import COPY_NAME, MediaItem

PREFIX = "media:"


def is_reference(src):
    return src.startswith(PREFIX)


def resolve(sources):
    """{src: MediaItem} for those of `sources` that name an item; one query, or none."""
    pks, keys = {}, {}
    base = storage_base_url()
    for src in sources:
        if is_reference(src):
            number = src[len(PREFIX) :]
            if number.isascii() and number.isdigit() and len(number) < 19:
                pks[src] = int(number)
        elif src.startswith(base):
            match = COPY_NAME.match(src[len(base) :].split("?", 1)[0])
            if match:
                keys[src] = match["key"]
    if not pks and not keys:
        return {}
    items = MediaItem.objects.filter(Q(pk__in=pks.values()) | Q(key__in=keys.values()))
    by_pk = {item.pk: item for item in items}
    by_key = {item.key: item for item in by_pk.values()}
    found = {src: by_pk.get(pk) for src, pk in pks.items()}
    found.update({src: by_key.get(key) for src, key in keys.items()})
    return {src: item for src, item in found.items() if item is not None}


def storage_base_url():
    """Where the storage's file URLs start ("/media/", or the bucket's address)."""
    probe = "x"
    return default_storage.url(probe)[: -len(probe)]
