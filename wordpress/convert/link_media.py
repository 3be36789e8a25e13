"""Posts and pages → the media items their WordPress images became.

Run once the whole export is read (attachments usually come after the posts that show
them): `[gallery]` placeholders are filled with the attachments' images, the URLs of
<img src> and <a href> that show an attachment (its file, or a resized variant that
WordPress made of it: `photo-300x200.jpg`, `photo-scaled.jpg`) are rewritten to the
library's file when it was copied, and `_thumbnail_id` becomes a post's featured image.
Images not copied keep their old address in the body, so that a later import with the
files can still rewrite them; the page shows them as links (blog.figures). Audio and
video players are written again by wordpress.convert.players, the same way.

A post or page that the import wrote and nobody edited here since stays the import's
after this save (its ImportedPost/ImportedPage timestamp follows), so a newer export
still updates it.
"""

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.db.models import Q

from blog.models import Post
from medialibrary.models import MediaItem
from medialibrary.references import storage_base_url
from wordpress.convert.body import fill_galleries, has_gallery_placeholder, rewrite_media_urls
from wordpress.convert.players import link_players
from wordpress.models import ImportedPage, ImportedPost

# Extensions of the formats the library may take; other attachments are not images.
IMAGE_EXTENSIONS = {"jpg", "jpeg", "jpe", "png", "gif", "webp"}
# …and of audio and video files worth a look (their bytes decide: medialibrary.uploads).
AUDIO_VIDEO_EXTENSIONS = {
    "mp3", "m4a", "aac", "ogg", "oga", "opus", "wav", "mp4", "m4v", "webm", "mov", "ogv",
}  # fmt: skip
UPLOADS = "/wp-content/uploads/"
# WordPress's names for copies of "photo.jpg": photo-300x200.jpg, photo-scaled.jpg,
# photo-rotated.jpg, photo-e1580000000.jpg (edited), photo-scaled-1024x768.jpg…
VARIANT_RE = re.compile(r"(?:-\d+x\d+|-scaled|-rotated|-e\d{10,})+(?=\.\w+$)")
IMG_SRC_RE = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
BATCH = 200
PAGE_HINTS = ("<img", "data-wp-gallery", UPLOADS, "<audio", "<video")


def extension_of(attached_file, url):
    name = attached_file or urlsplit(url).path
    return PurePosixPath(name).suffix.lower().lstrip(".")


@dataclass
class Attachment:
    """What linking needs of an attachment of the export."""

    wp_id: int
    url: str
    attached_file: str
    parent_id: int
    menu_order: int
    alt: str
    caption: str
    item: MediaItem | None = None

    @property
    def is_image(self):
        return extension_of(self.attached_file, self.url) in IMAGE_EXTENSIONS


def link_media(media):
    """Link the posts (and pages) of the run to its attachments (a MediaImport)."""
    links = Links(media.attachments, media.site, media.run.summary.media)
    posts = media.posts
    for start in range(0, len(posts), BATCH):
        batch = posts[start : start + BATCH]
        objects = Post.objects.in_bulk([pk for pk, _, _ in batch])
        rows = ImportedPost.objects.filter(post__in=objects).values_list("post", "post_updated_at")
        written = dict(rows)
        for pk, wp_id, thumbnail in batch:
            links.link(objects[pk], wp_id, written.get(pk), thumbnail)
        for pk, updated_at in links.written.items():
            ImportedPost.objects.filter(post=pk).update(post_updated_at=updated_at)
        links.written = {}
    hints = Q()
    for hint in PAGE_HINTS:
        hints |= Q(page__body__contains=hint)
    pages = ImportedPage.objects.filter(hints, site=media.site).select_related("page")
    for row in pages.iterator(chunk_size=BATCH):
        links.link(row.page, row.wp_id, row.page_updated_at, 0)
        if row.page_id in links.written:
            row.page_updated_at = links.written.pop(row.page_id)
            row.save(update_fields=["page_updated_at"])


class Links:
    """Matching URLs to the attachments, and rewriting one post or page at a time."""

    def __init__(self, attachments, site, counts):
        self.attachments, self.counts = attachments, counts
        self.by_url, self.by_file, self.hosts = {}, {}, {site.split("/", 1)[0]}
        for attachment in attachments.values():
            parts = urlsplit(attachment.url)
            host = (parts.hostname or "").removeprefix("www.")
            self.hosts.add(host)
            for path in {unquote(parts.path), VARIANT_RE.sub("", unquote(parts.path))}:
                self.by_url.setdefault((host, path), attachment)
            for path in {attachment.attached_file, VARIANT_RE.sub("", attachment.attached_file)}:
                self.by_file.setdefault(path, attachment)
        self.written = {}  # pk → updated_at of objects saved that were the import's own

    def find(self, url):
        """The attachment a URL shows (its file or a resized variant of it), or None."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("", "http", "https"):
            return None
        host, path = (parts.hostname or "").removeprefix("www."), unquote(parts.path)
        if host not in self.hosts and (host or not path.startswith(UPLOADS)):
            return None
        for candidate in (path, VARIANT_RE.sub("", path)):
            found = self.by_url.get((host, candidate))
            if found is None and UPLOADS in candidate:
                found = self.by_file.get(candidate.split(UPLOADS, 1)[1])
            if found is not None:
                return found
        return None

    def new_url(self, url):
        """The library's URL for an attachment's image; an old relative URL made absolute."""
        attachment = self.find(url)
        if attachment is None:
            return None
        if attachment.item is not None:
            return attachment.item.url
        if not urlsplit(url).hostname and attachment.url:
            return urljoin(attachment.url, url)  # else it would be looked for on this site
        return None

    def gallery_images(self, owner_wp_id, ids):
        """(img, caption) of a [gallery]: its ids, or the owner's own images in order."""
        if ids:
            chosen = [self.attachments.get(wp_id) for wp_id in ids]
        else:
            chosen = sorted(
                (a for a in self.attachments.values() if a.parent_id == owner_wp_id),
                key=lambda a: (a.menu_order, a.wp_id),
            )
        images = []
        for attachment in chosen:
            if attachment is None or not attachment.is_image:
                continue
            item = attachment.item
            src = item.url if item else attachment.url
            alt = item.alt_text if item else attachment.alt
            caption = item.caption if item else attachment.caption
            images.append((f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">', caption))
        return [(img, html.escape(caption)) for img, caption in images]

    def link(self, obj, wp_id, written_at, thumbnail):
        """Rewrite one post or page; `written_at`: when the import last wrote it."""
        ours = written_at is not None and written_at == obj.updated_at
        body = obj.body
        if has_gallery_placeholder(body):
            body = fill_galleries(body, lambda ids: self.gallery_images(wp_id, ids))
        body, rewritten = rewrite_media_urls(body, self.new_url)
        self.counts["image URLs rewritten"] += rewritten
        self.counts["images linked, not copied"] += not_copied(body)
        body, players = link_players(body, self)
        self.counts["players made"] += players.made
        self.counts["players linked, not copied"] += players.linked
        self.counts["players without a file dropped"] += players.dropped
        changed = body != obj.body
        featured = self.attachments.get(thumbnail)
        item = featured.item if featured else None
        if item is not None and not item.is_image:  # a recording is no featured image
            self.counts["featured images not an image"] += 1
            item = None
        chosen_here = not ours and obj.featured_image_id is not None  # never undone
        if item is not None and obj.featured_image_id != item.pk and not chosen_here:
            obj.featured_image_id = item.pk
            self.counts["featured images"] += 1
            changed = True
        if changed:
            obj.body = body
            obj.save()
            if ours:
                self.written[obj.pk] = obj.updated_at


def not_copied(body):
    """How many images of a body are on another site (pages show them as links)."""
    base, count = storage_base_url(), 0
    for match in IMG_SRC_RE.finditer(body):
        src = html.unescape(match[1])
        if urlsplit(src).hostname and not src.startswith(base):
            count += 1
    return count
