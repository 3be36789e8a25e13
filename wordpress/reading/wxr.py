"""Reading a WordPress export (WXR 1.0 to 1.2) as a stream of plain records.

Pure: no Django, no database. `parse(file)` yields one `Site`, then `Author`, `Term`
and `Item` records in document order. The XML parser refuses DTDs outright, so entity
expansion (billion laughs) and external entities (XXE) cannot happen; a WordPress
export never declares either.

Memory holds one child of an item (a field, a comment) at a time: each is read into
the record being built as soon as it ends, then dropped. Bounds far above any real
export refuse, while streaming, what would still grow: too many children in one item,
too many elements inside one child, elements nested too deep, and too much text
between two tags (the parser keeps an element's text whole until the element ends).
"""

import html
import re
from datetime import datetime
from functools import lru_cache, partial
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from wordpress.reading.records import Author, Comment, Item, ItemTerm, Site, Term

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
MAX_CHILDREN = 100_000  # in one entry of the channel: an item's fields, terms, comments
MAX_NESTED = 10_000  # inside one of those children: a comment with its meta
MAX_DEPTH = 32  # a WordPress export nests six deep
MAX_TEXT_BYTES = 16 * 1024 * 1024  # between two tags: a post body, a CDATA section
MAX_ATTRIBUTES = 100_000  # after one "<": a tag's attributes, or text that looks like them
ATTRIBUTE_RE = re.compile(rb"=\s*[\"']")


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


def _name_text(value):
    """A name as WordPress stores it (HTML-escaped: "Zo&euml; &amp; Co") as plain text."""
    return html.unescape(value).strip()


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


def _author(entry):
    t = entry.texts
    return Author(
        login=t.get("wp:author_login", "").strip(),
        wp_id=_int(t.get("wp:author_id", ""), "wp:author_id"),
        email=t.get("wp:author_email", "").strip(),
        display_name=_name_text(t.get("wp:author_display_name", "")),
        first_name=_name_text(t.get("wp:author_first_name", "")),
        last_name=_name_text(t.get("wp:author_last_name", "")),
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


def _term(kind, entry):
    t = entry.texts
    taxonomy, slug, name, parent, description = TERM_FIELDS[kind]
    return Term(
        taxonomy=taxonomy or t.get("wp:term_taxonomy", "").strip(),
        wp_id=_int(t.get("wp:term_id", ""), "wp:term_id"),
        slug=t.get(slug, "").strip(),
        name=_name_text(t.get(name, "")),
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
        author=_name_text(t.get("wp:comment_author", "")),
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


def _item(entry):
    t = entry.texts
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
        terms=tuple(entry.terms),
        comments=tuple(entry.comments),
        parent_id=_int(t.get("wp:post_parent", ""), "wp:post_parent", 0),
        menu_order=_int(t.get("wp:menu_order", ""), "wp:menu_order", 0),
        attachment_url=t.get("wp:attachment_url", "").strip(),
        link=t.get("link", "").strip(),
        meta=tuple(entry.meta),
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


class _Entry:
    """A child of the channel (an item, an author, a term), read child by child."""

    def __init__(self, name):
        self.name = name
        self.texts, self.terms, self.comments, self.meta = {}, [], [], []
        self.children = self.nested = 0  # children so far; elements in the current one

    def add(self, child):
        """Read one child that has ended into the record to be built."""
        name = _name(child.tag)
        self.texts.setdefault(name, child.text or "")
        if self.name != "item":
            return
        if name == "category" and child.get("domain"):
            self.terms.append(
                ItemTerm(
                    domain=child.get("domain"),
                    slug=(child.get("nicename") or "").strip(),
                    name=_name_text(child.text or ""),
                )
            )
        elif name == "wp:comment":
            self.comments.append(_comment(child))
        elif name == "wp:postmeta":
            texts = _texts(child)
            key = texts.get("wp:meta_key", "").strip()
            if key:
                self.meta.append((key, texts.get("wp:meta_value", "")))

    def opened(self, depth, child_tag):
        """Count an element opened inside the entry (`child_tag`: the child it is in)."""
        if depth == 4:
            self.children, self.nested = self.children + 1, 0
            if self.children > MAX_CHILDREN:
                self.refuse(f"more than {MAX_CHILDREN:,} elements")
        else:
            self.nested += 1
            if self.nested > MAX_NESTED:
                self.refuse(f"a {_name(child_tag)} of more than {MAX_NESTED:,} elements")

    def refuse(self, what):
        wp_id = self.texts.get("wp:post_id", "").strip()
        which = f"the item with wp:post_id {wp_id}" if wp_id else f"a <{self.name}>"
        raise WXRError(
            f"The file was refused: {which} has {what}, far more than a WordPress export "
            "has. It is damaged or made to exhaust the server's memory."
        )


class _Source:
    """The file as the parser reads it, refusing what the parser would hold whole.

    The parser keeps an element's text until the element ends, and builds all of a
    tag's attributes before it reports the tag. So too much text between two reported
    tags (`tag()` is called at each; the parser reads on only after reporting those it
    has read) and too many attributes after a "<" (none can appear inside a tag) are
    refused before the parser gets them.
    """

    def __init__(self, file):
        self.file, self.position, self.last_tag, self.attributes = file, 0, 0, 0

    def read(self, size):
        if self.position - self.last_tag > MAX_TEXT_BYTES:
            raise WXRError(
                f"The file was refused: it has more than {MAX_TEXT_BYTES // 2**20} MB of "
                f"text in one field (from byte {self.last_tag:,}), far more than a "
                "WordPress export has."
            )
        data = self.file.read(size)
        last_open = data.rfind(b"<")
        if last_open >= 0:
            self.attributes = 0
        self.attributes += len(ATTRIBUTE_RE.findall(data, max(last_open, 0)))
        if self.attributes > MAX_ATTRIBUTES:
            raise WXRError(
                f"The file was refused: it has a tag with more than {MAX_ATTRIBUTES:,} "
                f"attributes (near byte {self.position:,}), far more than a WordPress "
                "export has."
            )
        self.position += len(data)
        return data

    def tag(self):
        self.last_tag = self.position


def _records(source):
    stack = []  # the open elements, outermost first
    channel = entry = None
    header = {}
    site = None
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        source.tag()
        if event == "start":
            stack.append(element)
            depth = len(stack)
            if depth > MAX_DEPTH:
                raise WXRError(f"The file was refused: elements nest more than {MAX_DEPTH} deep.")
            if depth == 2 and element.tag == "channel":
                channel = element
            elif depth == 3 and stack[1] is channel:
                entry = _Entry(_name(element.tag))
            elif depth > 3 and entry is not None:
                entry.opened(depth, stack[3].tag)
            continue
        stack.pop()
        depth = len(stack) + 1
        if depth == 1 or element is channel or (depth > 4 and entry is not None):
            continue  # the root, the channel, or part of a child still being read
        if depth == 4 and entry is not None:
            entry.add(element)
        elif depth == 3 and entry is not None:
            if entry.name in HEADER:
                header[entry.name] = (element.text or "").strip()
            elif entry.name in READERS:
                if site is None:
                    site = _site(header)
                    yield site
                yield READERS[entry.name](entry)
            entry = None
        stack[-1].remove(element)  # read, or of no use: dropped
    if stack or channel is None:
        raise WXRError("This is not a WordPress export: there is no <rss><channel>.")
    if site is None:
        yield _site(header)


def looks_like_xml(head):
    """Whether a file's first bytes can begin a WXR file: `<?xml` or `<rss` (a quick look
    at an upload; only parse() says whether it is a WordPress export)."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith((b"<?xml", b"<rss"))


def parse(source):
    """Records of a WXR file (a path or a binary file object), streamed.

    Raises WXRError, with the reason, for anything that is not a well-formed and
    safe WordPress export.
    """
    try:
        if hasattr(source, "read"):
            yield from _records(_Source(source))
        else:
            with open(source, "rb") as file:
                yield from _records(_Source(file))
    except DefusedXmlException:
        raise WXRError(
            "The file has a document type declaration (<!DOCTYPE …>), which a WordPress "
            "export never has: it was refused unread, so that no entity in it could be "
            "expanded or fetched."
        ) from None
    except ParseError as error:
        raise WXRError(f"The file is not well-formed XML: {error}.") from None
