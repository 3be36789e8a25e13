"""`/wp-content/uploads/<path>`: WordPress's old media links, 301 to the copy here.

The path is matched on the attachment's `_wp_attached_file`, as is or as one of the
resized variants WordPress made of it (`photo-300x200.jpg`, `photo-scaled.jpg` for
`photo.jpg`), so that images hotlinked or bookmarked on the old site keep working.
An unknown path, or an attachment whose file was not copied, is a 404.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe

from wordpress.convert.link_media import VARIANT_RE
from wordpress.models import ImportedMedia


def candidates(path):
    """The attached-file paths that `path` may be a copy of, the closest first."""
    base = VARIANT_RE.sub("", path)
    stem, dot, extension = base.rpartition(".")
    return list(dict.fromkeys([path, base, f"{stem}-scaled{dot}{extension}" if dot else base]))


@require_safe
def old_media(request, path):
    if "\x00" in path or len(path) > 500:
        raise Http404
    names = candidates(path)
    rows = ImportedMedia.objects.filter(attached_file__in=names, item__isnull=False)
    found = {row.attached_file: row for row in rows.select_related("item").order_by("pk")}
    row = next((found[name] for name in names if name in found), None)
    if row is None:
        raise Http404("No such media file.")
    return HttpResponsePermanentRedirect(row.item.url)
