"""The blog's admin: posts, pages, categories and tags, and their authors.

Each of them shows on public pages, so each admin tells the page cache of its changes
(pagecache.admin.ChangesPagesMixin). `add_post_column` is the door other apps use to
show their own columns in the post list.
"""

from blog.admin import authors, pages, posts, terms
from blog.admin.posts import add_post_column

__all__ = ["add_post_column", "authors", "pages", "posts", "terms"]
