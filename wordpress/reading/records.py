"""The plain records a WordPress export is read into (see wordpress.reading.wxr)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Site:
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    wxr_version: str


@dataclass(frozen=True)
class Author:
    login: str
    wp_id: int | None
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Term:
    """A category, tag or other taxonomy term declared in the channel."""

    taxonomy: str  # "category", "post_tag", or another taxonomy ("nav_menu", …)
    wp_id: int | None
    slug: str
    name: str
    parent_slug: str
    description: str


@dataclass(frozen=True)
class Comment:
    wp_id: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None  # site-local time
    date_gmt: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash", …
    type: str  # "" or "comment", "pingback", "trackback", …
    parent_id: int
    user_id: int


@dataclass(frozen=True)
class ItemTerm:
    domain: str  # "category", "post_tag", "post_format", …
    slug: str
    name: str


@dataclass(frozen=True)
class Item:
    """A post, page, attachment, menu item or any other post type, with its comments."""

    wp_id: int
    post_type: str
    status: str
    title: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None  # site-local time
    date_gmt: datetime | None
    slug: str
    comment_status: str
    password: str
    sticky: bool
    terms: tuple[ItemTerm, ...] = ()
    comments: tuple[Comment, ...] = ()
    parent_id: int = 0  # wp:post_parent: a page's parent, an attachment's post
    menu_order: int = 0
    attachment_url: str = ""  # attachments only: where WordPress served the file
    link: str = ""  # the item's permalink on the old site
    # wp:postmeta as (key, value) pairs, in file order: _thumbnail_id, _wp_attached_file,
    # _wp_attachment_image_alt, _menu_item_object_id, footnotes…
    meta: tuple[tuple[str, str], ...] = ()

    def meta_value(self, key, default=""):
        """The first value of a post meta key, or `default`."""
        return next((value for name, value in self.meta if name == key), default)
