"""`import_wxr()`: a WordPress export into the database, in one transaction.

The command and the admin upload's task (wordpress.tasks) call it. Records stream
from `wordpress.reading.wxr`; authors and terms are written as soon as the first item arrives
(WordPress writes them first), items in batches of BATCH_ITEMS posts with their
comments, so memory holds one batch plus the id mappings. Pages and menu items, which
may name a page further on, are kept and written at the end (wordpress.importing.pages).
Reusable blocks are read first, and put in the posts and pages that show them as these
are read (wordpress.importing.reusable); they are no posts of their own.
An export of this very site changes nothing: its items name our own objects
(wordpress.importing.own_site).
"""

from urllib.parse import urlsplit

from django.db import transaction

import pagecache
from blog.models import Category, Page, Post, Tag
from wordpress.importing.authors import import_author
from wordpress.importing.comments import PINGS, import_comments
from wordpress.importing.known import Known
from wordpress.importing.media import MediaImport, files_kept_on_commit
from wordpress.importing.own_site import OwnSite
from wordpress.importing.pages import DEFERRED_TYPES, import_pages
from wordpress.importing.posts import import_posts, skip_reason
from wordpress.importing.reusable import REUSABLE_BLOCK, ReusableBlocks, read_blocks
from wordpress.importing.summary import Summary
from wordpress.importing.terms import import_terms
from wordpress.models import (
    ImportedAuthor,
    ImportedCategory,
    ImportedComment,
    ImportedPage,
    ImportedPost,
    ImportedTag,
)
from wordpress.reading import wxr
from wordpress.reading.records import Author, Item, Term

BATCH_ITEMS = 200
WXRError = wxr.WXRError


def site_key(site):
    """The export's blog address without scheme and "www.", so http→https is the same site."""
    parts = urlsplit(site.base_blog_url or site.link)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:200]


class Run:
    """The state of one import: mappings, local slugs, pending records, the summary."""

    def __init__(self, summary, site, media=None, media_files=None, reusable_blocks=None):
        key = site_key(site)
        self.summary = summary
        self.reusable = ReusableBlocks(reusable_blocks or {})
        self.own = OwnSite(key)
        self.media = MediaImport(self, key, media, [] if media_files is None else media_files)
        self.authors = Known(ImportedAuthor, "login", "user", key)
        self.posts = Known(ImportedPost, "wp_id", "post", key)
        self.pages = Known(ImportedPage, "wp_id", "page", key)
        self.deferred = []  # page and menu items, imported at finish (wordpress.importing.pages)
        self.comments = Known(ImportedComment, "wp_id", "comment", key)
        self.known = {
            "categories": Known(ImportedCategory, "slug", "category", key),
            "tags": Known(ImportedTag, "slug", "tag", key),
        }
        self.local_terms = {
            "categories": dict(Category.objects.values_list("slug", "pk")),
            "tags": dict(Tag.objects.values_list("slug", "pk")),
        }
        self.post_slugs = set(Post.objects.values_list("slug", flat=True))
        self.user_by_wp_id = {}
        self.counted = set()  # (kind, key) of authors and terms already in the summary
        self.authors_and_terms, self.items = [], []

    def add(self, record):
        if isinstance(record, Item):
            self._write_authors_and_terms()
            self.items.append(self.reusable.inline(record))
            if len(self.items) >= BATCH_ITEMS:
                self._write_items()
        else:
            self.authors_and_terms.append(record)

    def finish(self):
        self._write_authors_and_terms()
        self._write_items()
        pages = [item for item in self.deferred if item.post_type == "page"]
        self.own.adopt(self, pages, Page, self.pages)
        import_pages(self, self.deferred)
        self._save_mappings()
        self.media.finish()  # links posts to the media, now that every attachment is known

    def _write_authors_and_terms(self):
        if not self.authors_and_terms:
            return
        for author in (r for r in self.authors_and_terms if isinstance(r, Author)):
            import_author(self, author)
        import_terms(self, [r for r in self.authors_and_terms if isinstance(r, Term)])
        self.authors_and_terms = []
        self._save_mappings()

    def _write_items(self):
        posts = []
        self.own.adopt_media([item for item in self.items if item.post_type == "attachment"])
        for item in self.items:
            if item.post_type == REUSABLE_BLOCK:
                continue  # shown in the posts and pages that show it, counted there
            if item.post_type in DEFERRED_TYPES:
                self.deferred.append(item)
                continue
            if item.post_type == "attachment":
                self.media.add(item)
                continue
            reason = skip_reason(item)
            if reason is None:
                posts.append(item)
            else:
                self.summary.add(reason, "skipped")
                for comment in item.comments:
                    kind = "pingbacks/trackbacks" if comment.type in PINGS else "comments"
                    self.summary.add(kind, "skipped")
        self.own.adopt(self, posts, Post, self.posts)
        post_ids = import_posts(self, posts)
        for item in posts:
            self.media.post_imported(item, post_ids[item.wp_id])
        import_comments(self, posts, post_ids)
        self.items = []
        self._save_mappings()

    def _save_mappings(self):
        for known in [self.authors, *self.known.values(), self.posts, self.pages, self.comments]:
            known.flush()


def import_wxr(source, *, dry_run=False, media=None):
    """Import a WXR file (path or binary file object) and return the Summary.

    All or nothing: a WXRError (unreadable, hostile or inconsistent file) leaves the
    database as it was. A dry run does everything, then rolls back. `media`
    (wordpress.importing.media.MediaOptions) says where attachments' files come from;
    media files stored are deleted again when the import does not commit.
    """
    summary = Summary(dry_run=dry_run)
    with files_kept_on_commit(dry_run) as media_files, transaction.atomic():
        blocks = read_blocks(source)
        records = wxr.parse(source)
        run = Run(summary, next(records), media, media_files, blocks)
        for record in records:
            run.add(record)
        run.finish()
        pagecache.changed()  # one new generation, when the import commits
        if dry_run:
            transaction.set_rollback(True)
    return summary
