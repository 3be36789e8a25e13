"""WordPress attachments → media items (then wordpress.convert.link_media links the posts).

Each attachment is remembered as an ImportedMedia row (its file path and URL). Its
file is copied into the media library from `--media-dir` (a copy of the old site's
wp-content/uploads, the file found by `_wp_attached_file`) or downloaded with
`--fetch-media` (wordpress.importing.fetch); the library's checks (medialibrary.uploads)
decide, by the bytes, what is an image, audio or video we take (audio and video are held
to BLOG_MEDIA_MAX_VIDEO_BYTES, and read from the folder as a stream). Without either,
the row has no item ("not copied"), and a later import with the files completes it.
Paths from the export are untrusted: absolute paths, `..`, and files (or symlinks)
resolving outside the media folder are refused, never read.

Attachments usually come after the posts that show them: posts are remembered as they
are imported, and linked to their media once the whole file is read (`finish`); the
comments left on attachments' own pages are then imported onto the attachment's post or
page (wordpress.importing.comments.import_attachment_comments).
"""

import html
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.utils.html import strip_tags

from medialibrary import uploads
from medialibrary.images import NotAcceptedImage
from medialibrary.models import MediaItem, delete_files
from wordpress.convert.link_media import (
    AUDIO_VIDEO_EXTENSIONS,
    IMAGE_EXTENSIONS,
    UPLOADS,
    Attachment,
    extension_of,
    link_media,
)
from wordpress.importing.authors import user_for
from wordpress.importing.comments import import_attachment_comments
from wordpress.importing.fetch import Fetcher, FetchRefused
from wordpress.importing.known import fingerprint
from wordpress.importing.posts import aware
from wordpress.models import ImportedMedia

MEDIA_HINTS = ("<img", "[gallery", "wp:gallery", UPLOADS, "<audio", "<video", "[audio", "[video")


@dataclass(frozen=True)
class MediaOptions:
    """Where attachments' files come from: a folder, the old site, or nowhere."""

    directory: Path | None = None
    fetch: bool = False
    allow_private_hosts: bool = False


class Refused(Exception):
    """Why an attachment's file was not copied."""


def plain(text):
    return " ".join(html.unescape(strip_tags(text)).split())


def attached_path(item):
    """The file's path under wp-content/uploads, from `_wp_attached_file` or the URL."""
    path = item.meta_value("_wp_attached_file").strip()
    parts = urlsplit(item.attachment_url)
    if not path and UPLOADS in item.attachment_url:
        path = unquote(parts.path.split(UPLOADS, 1)[1])
    elif not path and (parts.hostname or "").endswith(".files.wordpress.com"):
        path = unquote(parts.path).lstrip("/")  # WordPress.com serves uploads at the root
    return path[:500]


def check_path(relative):
    """Refused unless `relative` is a plain relative path that stays where it starts."""
    if not relative or "\x00" in relative or "\\" in relative:
        raise Refused("the file path is empty or not a plain path")
    parts = PurePosixPath(relative)
    if parts.is_absolute() or re.match(r"^[A-Za-z]:", relative) or ".." in parts.parts:
        raise Refused("the file path leaves the media folder")


def safe_file(directory, relative):
    """The real path of `relative` inside `directory`, or Refused: nothing outside it."""
    check_path(relative)
    root = directory.resolve()
    try:
        path = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused("the file is not in the media folder") from None
    if not path.is_relative_to(root):
        raise Refused("the file is a link to outside the media folder")
    return path


def read_file(path, limit):
    """The bytes of a regular file, never more than limit + 1 of them."""
    with open_file(path, limit) as file:
        return file.read(limit + 1)


def open_file(path, limit):
    """A regular file (never a link) of at most `limit` bytes, open for reading."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        raise Refused("the file cannot be read") from None
    file = os.fdopen(fd, "rb")
    info = os.fstat(file.fileno())
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        file.close()
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        raise Refused(f"the file is larger than {limit} bytes")
    return file


class MediaImport:
    """The media part of one import run (wordpress.importing.importer.Run holds one)."""

    def __init__(self, run, site, options, written):
        self.run, self.site, self.options = run, site, options or MediaOptions()
        self.limit = settings.BLOG_MEDIA_MAX_BYTES
        self.rows = {row.wp_id: row for row in ImportedMedia.objects.filter(site=site)}
        self.items = MediaItem.objects.in_bulk(
            [row.item_id for row in self.rows.values() if row.item_id]
        )
        self.attachments = {}
        self.posts = []  # (post pk, WordPress id, thumbnail id) of posts to link
        self.written = written  # file names stored, deleted again unless the import commits
        self.fetcher = None
        self.commented = []  # attachments with comments (wordpress.importing.comments)

    # Attachments

    def add(self, item):
        """Import one attachment item."""
        summary = self.run.summary
        path, url = attached_path(item), item.attachment_url[:2000]
        fp = fingerprint(replace(item, comments=()))
        row = self.rows.get(item.wp_id)
        own = self.run.own.media.get(item.wp_id)  # an export of this site names its own item
        if own is not None:  # as it is, and no mapping row (wordpress.importing.own_site)
            self.items[own.pk] = own
            row = ImportedMedia(attached_file=path, url=url, fingerprint=fp, item=own)
        elif row is None:
            row = self.rows[item.wp_id] = ImportedMedia(site=self.site, wp_id=item.wp_id)
        before = (row.attached_file, row.url, row.fingerprint, row.item_id)
        row.attached_file, row.url = path, url
        media = self.items.get(row.item_id)
        if media is not None:
            outcome = "unchanged"
            if row.fingerprint != fp:
                self._fill(media, item)
                media.save()
                outcome = "updated"
            summary.add("attachments", outcome)
        else:
            media = self._copy(item, path, url)
            summary.add("attachments", "created" if media else "skipped")
        row.item = media
        row.fingerprint = fp
        if before != (row.attached_file, row.url, row.fingerprint, row.item_id):
            row.save()
        self.attachments[item.wp_id] = Attachment(
            wp_id=item.wp_id,
            url=url,
            attached_file=path,
            parent_id=item.parent_id,
            menu_order=item.menu_order,
            alt=item.meta_value("_wp_attachment_image_alt").strip(),
            caption=plain(item.excerpt),
            item=media,
        )
        if item.comments:  # imported at the end, on the attachment's post or page
            self.commented.append(item)

    def _fill(self, media, item):
        media.title = plain(item.title)[:200]
        media.alt_text = plain(item.meta_value("_wp_attachment_image_alt"))[:500]
        media.caption = plain(item.excerpt)
        media.description = plain(item.content)

    def _copy(self, item, path, url):
        """A new media item from the attachment's file, or None (counted, with why)."""
        media, directory = self.run.summary.media, self.options.directory
        try:
            if directory is not None:
                check_path(path)
            extension = extension_of(path, url)
            if extension not in IMAGE_EXTENSIONS | AUDIO_VIDEO_EXTENSIONS:
                media["not an image, not copied"] += 1
                return None
            if directory is not None and extension in AUDIO_VIDEO_EXTENSIONS:
                limit = settings.BLOG_MEDIA_MAX_VIDEO_BYTES  # streamed, not read at once
                found = safe_file(directory, path)
                data, how = File(open_file(found, limit), name=found.name), "copied"
            elif directory is not None:
                data = ContentFile(read_file(safe_file(directory, path), self.limit))
                how = "copied"
            elif self.options.fetch:
                limit = self.limit
                if extension in AUDIO_VIDEO_EXTENSIONS:
                    limit = settings.BLOG_MEDIA_MAX_VIDEO_BYTES
                data, how = self._download(url, limit), "fetched"  # a temporary file
            else:
                media["not copied"] += 1
                return None
            fields = MediaItem()
            self._fill(fields, item)
            with data:
                added = uploads.add(
                    data,
                    filename=PurePosixPath(path or urlsplit(url).path).name,
                    user=get_user_model()
                    .objects.filter(pk=user_for(self.run, item.creator))
                    .first(),
                    uploaded_at=aware(item.date, item.date_gmt),
                    title=fields.title,
                    alt_text=fields.alt_text,
                    caption=fields.caption,
                    description=fields.description,
                )
        except (Refused, FetchRefused, NotAcceptedImage) as error:
            media["refused"] += 1
            self.run.summary.refused_media.append(f"{path or url}: {error}")
            return None
        self.written += added.file_names()
        media[how] += 1
        return added

    def _download(self, url, limit):
        """The attachment's file from the old site (wordpress.importing.fetch)."""
        if self.fetcher is None:
            self.fetcher = Fetcher(allow_private=self.options.allow_private_hosts).__enter__()
        return self.fetcher.get(url, limit)

    # Posts

    def post_imported(self, item, post_id):
        """Remember a post to link to its media once every attachment is known."""
        thumbnail = item.meta_value("_thumbnail_id").strip()
        if any(hint in item.content for hint in MEDIA_HINTS) or thumbnail.isdigit():
            self.posts.append((post_id, item.wp_id, int(thumbnail) if thumbnail.isdigit() else 0))

    def finish(self):
        if self.fetcher is not None:
            self.fetcher.__exit__(None, None, None)
        if self.attachments:
            copied = sum(1 for row in self.rows.values() if row.item_id)
            self.run.summary.media["redirects"] = copied
        link_media(self)
        import_attachment_comments(self.run, self.commented)


@contextmanager
def files_kept_on_commit(dry_run):
    """A list for the names of the files an import stores: they are deleted again
    unless it commits (an error, or a dry run)."""
    written = []
    try:
        yield written
    except BaseException:
        delete_files(written)
        raise
    if dry_run:
        delete_files(written)
