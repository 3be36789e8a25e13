"""Comment text to safe HTML: the only module in `comments` that imports bleach.

Commenters may use a few inline tags and blockquote; other tags are removed with their
attributes (their text stays). Bare URLs become links, every link is marked as user
content, and blank lines make paragraphs as in any comment box.
"""

import re
from functools import partial

from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner

TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strong"}
)
# p and br are written by paragraphs() below; a commenter typing them does no harm.
LAYOUT_TAGS = frozenset({"p", "br"})
ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

BLANK_LINE_RE = re.compile(r"\n\s*\n")
BLOCKQUOTE_TAG_RE = re.compile(r"(</?blockquote\b[^>]*>)", re.IGNORECASE)
EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>")
# Text without markup characters, a dotted name or a scheme holds nothing for the
# cleaner to remove or the linkifier to link: most comments. Skipping bleach for them
# gives the same HTML several times faster (see tests/comments/test_sanitize.py).
# Control characters, surrogates and noncharacters are for the cleaner too: it
# replaces them.
NONCHARACTERS = "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
NEEDS_CLEANER_RE = re.compile(
    "[<>&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + re.escape(NONCHARACTERS)
    + r"]|\.\w|://"
)


def _mark_link(attrs, new=False):
    """Keep only links to a safe address, each marked as untrusted user content."""
    scheme, colon, _ = attrs.get((None, "href"), "").partition(":")
    if not colon or scheme.lower() not in PROTOCOLS:
        return None
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


def _cleaner():
    """A new Cleaner per use: a Cleaner keeps parser state, so threads must not share one."""
    return Cleaner(
        tags=TAGS | LAYOUT_TAGS,
        attributes=ATTRIBUTES,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(LinkifyFilter, callbacks=[_mark_link], skip_tags={"code"}, parse_email=False)
        ],
    )


def paragraphs(text):
    """Plain text with paragraphs at blank lines and line breaks at single newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A blockquote tag stands alone, so that the paragraphs inside and around it stay whole.
    text = BLOCKQUOTE_TAG_RE.sub(r"\n\n\1\n\n", text)
    html = []
    for block in BLANK_LINE_RE.split(text.strip()):
        block = block.strip()
        if BLOCKQUOTE_TAG_RE.fullmatch(block):
            html.append(block)
        elif block:
            html.append("<p>{}</p>".format(block.replace("\n", "<br>\n")))
    return "\n".join(html)


def render_comment(text):
    """Stored HTML for a comment's text: sanitised, linked, in paragraphs."""
    html = paragraphs(text)
    if NEEDS_CLEANER_RE.search(text):
        html = clean(html)
    return EMPTY_PARAGRAPH_RE.sub("", html)


def clean(html):
    """HTML reduced to the comment allow-list, bare URLs linked."""
    return _cleaner().clean(html)


def count_links(html):
    """Links in HTML that render_comment produced (it writes each as `<a href=`)."""
    return html.count("<a ")


def web_address(url):
    """The URL if it is a web address, whatever wrote it (form, import, shell), else ""."""
    return url if url.lower().startswith(("http://", "https://")) else ""
