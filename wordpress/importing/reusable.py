"""The export's reusable blocks, read before the import so that every post and page
shows them, wherever in the file they are.

WordPress writes items in id order, so a reusable block may come after the posts that
show it. `read_blocks()` therefore reads the file once before the import, but only
when its bytes mention `wp_block` at all: an export without reusable blocks costs one
quick scan of its bytes. Each post or page item then has its refs replaced by the
blocks' content (wordpress.convert.reusable) as soon as it is read, so that its
fingerprint, its conversion and its media links are those of the content a reader
saw: a newer export in which only a reusable block changed updates the posts showing
it, and re-importing the same export changes nothing.

As in WordPress, only published blocks without a password are shown; the others count
as missing (dropped and counted by the conversion).
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import replace

from wordpress.convert.reusable import inline, uses_reusable_blocks
from wordpress.reading import wxr
from wordpress.reading.records import Item

REUSABLE_BLOCK = "wp_block"
SHOWN_IN = {"post", "page"}
MARK = REUSABLE_BLOCK.encode()
CHUNK = 1 << 16  # bytes read at a time by the scan


@contextmanager
def _binary(source):
    """`source` (a path or a binary file object) open for reading; a file object is
    left where it was, for the next reader."""
    if not hasattr(source, "read"):
        with open(source, "rb") as file:
            yield file
        return
    start = source.tell()
    try:
        yield source
    finally:
        source.seek(start)


def mentions_reusable_blocks(source):
    """Whether the file's bytes have `wp_block` anywhere (a post about them, too)."""
    with _binary(source) as file:
        tail = b""
        while chunk := file.read(CHUNK):
            if MARK in tail + chunk[: len(MARK)] or MARK in chunk:
                return True
            tail = chunk[-len(MARK) :]
    return False


def read_blocks(source):
    """{WordPress id: content} of the export's published reusable blocks.

    A file object that cannot seek back is not read twice: its blocks are then unknown
    and its refs dropped, counted as missing.
    """
    if hasattr(source, "read") and not getattr(source, "seekable", bool)():
        return {}
    if not mentions_reusable_blocks(source):
        return {}
    blocks = {}
    with _binary(source) as file:
        for record in wxr.parse(file):
            if isinstance(record, Item) and record.post_type == REUSABLE_BLOCK:
                if record.status == "publish" and not record.password:
                    blocks[record.wp_id] = record.content
                else:
                    blocks.pop(record.wp_id, None)
    return blocks


class ReusableBlocks:
    """The blocks of one import, and what inlining them did to each item."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.counts = {}  # WordPress id of an item → Counter of wordpress.convert.reusable

    def inline(self, item):
        """The post or page item with its reusable blocks in its content."""
        if not self.blocks or item.post_type not in SHOWN_IN:
            return item
        if not uses_reusable_blocks(item.content):
            return item
        counts = Counter()
        content = inline(item.content, self.blocks, counts)
        self.counts[item.wp_id] = counts
        return replace(item, content=content)

    def count(self, item, summary):
        """Count in the summary what inlining did to an item whose body is converted."""
        summary.reusable_blocks.update(self.counts.get(item.wp_id, ()))
