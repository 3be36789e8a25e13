"""The site's media in the export: attachment items, and bodies that name them by URL.

Every media item is an `attachment` item (id MEDIA_IDS + its key) whose
`wp:attachment_url` is the file's public address: under the export's base URL for
files on this server's disk (`<base>/media/…`), the storage's own address for object
storage. `_wp_attached_file` is the file's name in the storage, so a copy of MEDIA_ROOT
serves another import as its `--media-dir`. In bodies, `media:N` references and the
library's URLs (relative, on this server's disk) become that absolute address, and the
<picture> our Markdown renders becomes a plain <img> of the original, as WordPress
writes one: another WordPress, or our importer, finds the attachment by its URL.

An attachment's parent (`wp:post_parent`) is the one post or page that uses it, as its
featured image or in its body. An item used by none, or by several, has no parent, as
an image of WordPress's library that is not attached to one post.
"""

import html
import re
from collections import defaultdict
from urllib.parse import urljoin

from django.core.files.storage import default_storage

from medialibrary.models import COPY_NAME, MediaItem
from medialibrary.references import PREFIX, storage_base_url
from wordpress.exporting.xml import (
    MEDIA_IDS,
    element,
    gmt,
    item_xml,
    local,
    postmeta,
    rfc822,
    text,
)

CHUNK = 500
PICTURE_RE = re.compile(r'<picture class="media-item-(\d+)">(.*?)</picture>', re.DOTALL)
ALT_RE = re.compile(r'\salt="([^"]*)"')
URL_ATTRIBUTE_RE = re.compile(r'(\s(src|href|srcset|poster)\s*=\s*)"([^"]*)"', re.IGNORECASE)


def escaped(value):
    """Plain text as WordPress stores titles, captions and descriptions: as HTML."""
    return html.escape(value, quote=False)


class ExportMedia:
    """The media items by key and file, and which posts and pages use each of them."""

    def __init__(self, base_url):
        self.base = base_url + "/"
        self.storage_base = storage_base_url()
        rows = MediaItem.objects.values_list("pk", "key", "file", "width", "height")
        self.files, self.by_key = {}, {}
        for pk, key, name, width, height in rows.iterator(chunk_size=CHUNK):
            self.files[pk] = (name, width, height)
            self.by_key[key] = pk
        self.users = defaultdict(set)  # media pk → export ids of the posts and pages using it

    def url(self, name):
        """The public address of a stored file."""
        return urljoin(self.base, default_storage.url(name))

    def use(self, pk, owner):
        if pk in self.files:
            self.users[pk].add(owner)

    def body(self, markup, owner):
        """HTML with its images named by absolute URL; `owner`: the post's export id."""
        markup = PICTURE_RE.sub(lambda match: self._img(match, owner), markup)
        return URL_ATTRIBUTE_RE.sub(lambda match: self._attribute(match, owner), markup)

    def _img(self, match, owner):
        pk = int(match[1])
        if pk not in self.files:
            return match[0]
        name, width, height = self.files[pk]
        self.use(pk, owner)
        alt = ALT_RE.search(match[2])
        return (
            f'<img src="{html.escape(self.url(name))}" alt="{alt[1] if alt else ""}" '
            f'width="{width}" height="{height}" class="wp-image-{MEDIA_IDS + pk}">'
        )

    def _attribute(self, match, owner):
        value = html.unescape(match[3])
        if match[2].lower() == "srcset":
            entries = [entry.strip().split(" ", 1) for entry in value.split(",")]
            urls = [" ".join([self._absolute(entry[0], owner), *entry[1:]]) for entry in entries]
            new = ", ".join(urls)
        else:
            new = self._absolute(value, owner)
        return match[0] if new == value else f'{match[1]}"{html.escape(new)}"'

    def _absolute(self, url, owner):
        """A media reference or library URL as the file's absolute address; else `url`."""
        if url.startswith(PREFIX):
            number = url[len(PREFIX) :]
            pk = int(number) if number.isascii() and number.isdigit() else None
            if pk not in self.files:
                return url
            self.use(pk, owner)
            return self.url(self.files[pk][0])
        if not url.startswith(self.storage_base):
            return url
        found = COPY_NAME.match(url[len(self.storage_base) :].split("?", 1)[0])
        if found and found["key"] in self.by_key:
            self.use(self.by_key[found["key"]], owner)
        return urljoin(self.base, url)

    def attachments(self):
        """The attachment items, once the posts and pages that use them are written."""
        items = MediaItem.objects.select_related("uploaded_by").order_by("pk")
        for item in items.iterator(chunk_size=CHUNK):
            yield self._attachment(item)

    def _attachment(self, item):
        url = self.url(item.file.name)
        owners = self.users.get(item.pk, set())
        when = item.uploaded_at
        lines = [
            element("title", escaped(item.title)),
            element("link", text(url), raw=True),
            element("pubDate", rfc822(when)),
            element("dc:creator", item.uploaded_by.get_username() if item.uploaded_by else ""),
            f'<guid isPermaLink="false">{text(url)}</guid>',
            "<description></description>",
            element("content:encoded", escaped(item.description)),
            element("excerpt:encoded", escaped(item.caption)),
            element("wp:post_id", MEDIA_IDS + item.pk, raw=True),
            element("wp:post_date", local(when)),
            element("wp:post_date_gmt", gmt(when)),
            element("wp:post_modified", local(when)),
            element("wp:post_modified_gmt", gmt(when)),
            element("wp:comment_status", "closed"),
            element("wp:ping_status", "closed"),
            element("wp:post_name", item.key.rsplit("/", 1)[-1]),
            element("wp:status", "inherit"),
            element("wp:post_parent", next(iter(owners)) if len(owners) == 1 else 0, raw=True),
            element("wp:menu_order", 0, raw=True),
            element("wp:post_type", "attachment"),
            element("wp:post_password", ""),
            element("wp:is_sticky", 0, raw=True),
            element("wp:attachment_url", url),
            postmeta("_wp_attached_file", item.file.name),
            postmeta("_wp_attachment_image_alt", item.alt_text),
            postmeta("_blog_media_id", item.pk),
        ]
        return item_xml(lines)
