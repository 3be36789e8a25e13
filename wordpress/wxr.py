"""Reading a WordPress export (WXR 1.0 to 1.2) as a stream of plain records.

Pure: no Django, no database. `parse(file)` yields one `Site`, then `Author`, `Term`
and `Item` records in document order, holding only the element being read in memory.
The XML parser refuses DTDs outright, so entity expansion (billion laughs) and
external entities (XXE) cannot happen; a WordPress export never declares either.
"""

import re
from datetime import datetime
from functools import lru_cache, partial
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from wordpress.records import Author, Comment, Item, ItemTerm, Site, Term

NAMESPACES = [
    ("wp", re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")),
    ("excerpt", re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")),
    ("content", re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$")),
    ("dc", re.compile(r"^http://purl\.org/dc/elements/1\.1/$")),
]
HEADER = {
    "title", "link", "description", "language",
    "wp:wxr_version", "wp:base_site_url", "wp:base_blog_url",
}  # fmt: skip


class WXRError(Exception):
    """The file is not a WordPress export we can read, or not a safe one."""


@lru_cache(maxsize=256)
def _name(tag):
    """'{namespace}local' as 'prefix:local' for the WXR namespaces, else as is."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for prefix, pattern in NAMESPACES:
        if pattern.match(uri):
            return f"{prefix}:{local}"
    return tag


def _texts(element):
    """First text of each child, by prefixed name ('' for empty elements)."""
    texts = {}
    for child in element:
        texts.setdefault(_name(child.tag), child.text or "")
    return texts


def _int(value, what, default=None):
    value = value.strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise WXRError(f"{what} is not a number: {value[:40]!r}") from None


def _date(value):
    """A naive datetime, or None for WordPress's "0000-00-00 00:00:00" and the unreadable."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None


def _author(element):
    t = _texts(element)
    return Author(
        login=t.get("wp:author_login", "").strip(),
        wp_id=_int(t.get("wp:author_id", ""), "wp:author_id"),
        email=t.get("wp:author_email", "").strip(),
        display_name=t.get("wp:author_display_name", "").strip(),
        first_name=t.get("wp:author_first_name", "").strip(),
        last_name=t.get("wp:author_last_name", "").strip(),
    )


TERM_FIELDS = {
    # element: (taxonomy or None to read it, slug, name, parent, description)
    "wp:category": (
        "category", "wp:category_nicename", "wp:cat_name",
        "wp:category_parent", "wp:category_description",
    ),
    "wp:tag": ("post_tag", "wp:tag_slug", "wp:tag_name", None, "wp:tag_description"),
    "wp:term": (None, "wp:term_slug", "wp:term_name", "wp:term_parent", "wp:term_description"),
}  # fmt: skip


def _term(kind, element):
    t = _texts(element)
    taxonomy, slug, name, parent, description = TERM_FIELDS[kind]
    return Term(
        taxonomy=taxonomy or t.get("wp:term_taxonomy", "").strip(),
        wp_id=_int(t.get("wp:term_id", ""), "wp:term_id"),
        slug=t.get(slug, "").strip(),
        name=t.get(name, "").strip(),
        parent_slug=t.get(parent, "").strip() if parent else "",
        description=t.get(description, "").strip(),
    )


def _comment(element):
    t = _texts(element)
    wp_id = _int(t.get("wp:comment_id", ""), "wp:comment_id")
    if wp_id is None:
        raise WXRError("a comment has no wp:comment_id")
    return Comment(
        wp_id=wp_id,
        author=t.get("wp:comment_author", "").strip(),
        email=t.get("wp:comment_author_email", "").strip(),
        url=t.get("wp:comment_author_url", "").strip(),
        ip=t.get("wp:comment_author_IP", "").strip(),
        date=_date(t.get("wp:comment_date", "")),
        date_gmt=_date(t.get("wp:comment_date_gmt", "")),
        content=t.get("wp:comment_content", ""),
        approved=t.get("wp:comment_approved", "").strip(),
        type=t.get("wp:comment_type", "").strip(),
        parent_id=_int(t.get("wp:comment_parent", ""), "wp:comment_parent", 0),
        user_id=_int(t.get("wp:comment_user_id", ""), "wp:comment_user_id", 0),
    )


def _item(element):
    terms, comments = [], []
    for child in element:
        name = _name(child.tag)
        if name == "category" and child.get("domain"):
            terms.append(
                ItemTerm(
                    domain=child.get("domain"),
                    slug=(child.get("nicename") or "").strip(),
                    name=(child.text or "").strip(),
                )
            )
        elif name == "wp:comment":
            comments.append(_comment(child))
    t = _texts(element)
    wp_id = _int(t.get("wp:post_id", ""), "wp:post_id")
    if wp_id is None:
        raise WXRError(f"an item has no wp:post_id (title {t.get('title', '')[:60]!r})")
    return Item(
        wp_id=wp_id,
        post_type=t.get("wp:post_type", "post").strip(),
        status=t.get("wp:status", "").strip(),
        title=t.get("title", "").strip(),
        creator=t.get("dc:creator", "").strip(),
        content=t.get("content:encoded", ""),
        excerpt=t.get("excerpt:encoded", ""),
        date=_date(t.get("wp:post_date", "")),
        date_gmt=_date(t.get("wp:post_date_gmt", "")),
        slug=t.get("wp:post_name", "").strip(),
        comment_status=t.get("wp:comment_status", "").strip(),
        password=t.get("wp:post_password", ""),
        sticky=t.get("wp:is_sticky", "0").strip() == "1",
        terms=tuple(terms),
        comments=tuple(comments),
    )


def _site(header):
    if not header.get("wp:wxr_version"):
        raise WXRError(
            "This is not a WordPress export: it has no wp:wxr_version "
            "(export it from WordPress under Tools → Export)."
        )
    return Site(
        title=header.get("title", ""),
        link=header.get("link", ""),
        base_site_url=header.get("wp:base_site_url", ""),
        base_blog_url=header.get("wp:base_blog_url", "") or header.get("link", ""),
        wxr_version=header["wp:wxr_version"],
    )


READERS = {
    "wp:author": _author,
    "wp:category": partial(_term, "wp:category"),
    "wp:tag": partial(_term, "wp:tag"),
    "wp:term": partial(_term, "wp:term"),
    "item": _item,
}


def _records(source):
    path = []  # names of the open elements, outermost first
    channel = None
    header = {}
    site = None
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            path.append(element.tag)
            if len(path) == 2 and element.tag == "channel":
                channel = element
            continue
        path.pop()
        if len(path) != 2 or channel is None or path[1] != "channel":
            continue
        name = _name(element.tag)
        if name in HEADER:
            header[name] = (element.text or "").strip()
        elif name in READERS:
            if site is None:
                site = _site(header)
                yield site
            yield READERS[name](element)
        channel.remove(element)
    if path or channel is None:
        raise WXRError("This is not a WordPress export: there is no <rss><channel>.")
    if site is None:
        yield _site(header)


def parse(source):
    """Records of a WXR file (a path or a binary file object), streamed.

    Raises WXRError, with the reason, for anything that is not a well-formed and
    safe WordPress export.
    """
    try:
        yield from _records(source)
    except DefusedXmlException:
        raise WXRError(
            "The file has a document type declaration (<!DOCTYPE …>), which a WordPress "
            "export never has: it was refused unread, so that no entity in it could be "
            "expanded or fetched."
        ) from None
    except ParseError as error:
        raise WXRError(f"The file is not well-formed XML: {error}.") from None
