"""The anonymous page cache: whole pages for readers without a session, exact invalidation.

Imports no app. Apps register with it (pagecache.registry) which views it may keep,
the query parameters those views read, the cookies that make a visitor's pages their
own, the per-visitor values inside a kept page and when pages change with time alone;
and every writer of something readers see calls `changed()` (pagecache.generation).
"""

from pagecache.generation import changed
from pagecache.registry import personal

__all__ = ["changed", "personal"]
