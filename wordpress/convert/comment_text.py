"""A WordPress comment's text as this site's comment box would have taken it.

Comments here are text with a few inline tags, in paragraphs at blank lines
(comments.display.sanitize). WordPress comments may hold what that does not: markup of
the block editor (its <!-- wp: --> comments, headings, lists, tables, each tag on a
line of its own, which would become lines of <br>), and tags HTML has retired
(<strike>, <tt>, <big>). Those become the text a reader would have read: headings in
bold paragraphs, list items and table rows on lines of their own (cells apart by " | "),
<strike> as <s>, <tt> as <code>, <big> as its text.
"""

import html
import re
from html.parser import HTMLParser

from wordpress.convert.body import remove_block_comments

# Written again as they are; comments.display.sanitize cleans them as any comment's.
INLINE = {"a", "abbr", "b", "cite", "code", "del", "em", "i", "q", "s", "strong"}
RENAMED = {"strike": "s", "tt": "code"}
PARAGRAPHS = {"p", "div", "ul", "ol", "table", "figure", "pre", "section", "article"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LINES = {"li", "tr", "br", "dt", "dd"}
CELLS = {"td", "th"}
BLOCK_TAGS = PARAGRAPHS | HEADINGS | {"li", "tr", "td", "th", "blockquote"}
BLOCK_TAG_RE = re.compile(r"<(" + "|".join(sorted(BLOCK_TAGS)) + r")\b", re.IGNORECASE)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
OLD_TAG_RE = re.compile(r"<(/?)(strike|tt|big)\b[^>]*>", re.IGNORECASE)


def comment_text(content):
    """The comment's text for this site's comment renderer."""
    content = remove_block_comments(content)
    if not BLOCK_TAG_RE.search(content):  # a classic comment: its newlines are its layout
        return OLD_TAG_RE.sub(_renamed, content).strip()
    reader = _Reader()
    reader.feed(content)
    reader.close()
    return reader.text()


def _renamed(match):
    new = RENAMED.get(match[2].lower())
    return f"<{match[1]}{new}>" if new else ""


class _Reader(HTMLParser):
    """Block markup read into paragraphs and lines; inline markup kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.cells = [], 0

    def handle_starttag(self, tag, attrs):
        tag = RENAMED.get(tag, tag)
        if tag in INLINE:
            kept = "".join(
                f' {name}="{html.escape(value or "")}"'
                for name, value in attrs
                if (tag, name) in {("a", "href"), ("a", "title"), ("abbr", "title")}
            )
            self.out.append(f"<{tag}{kept}>")
        elif tag == "blockquote":
            self.out.append("\n\n<blockquote>\n\n")
        elif tag in HEADINGS:
            self.out.append("\n\n<strong>")
        elif tag in PARAGRAPHS:
            self.out.append("\n\n")
        elif tag in LINES:
            self.out.append("\n")
            self.cells = 0
        elif tag in CELLS:
            if self.cells:
                self.out.append(" | ")
            self.cells += 1

    def handle_endtag(self, tag):
        tag = RENAMED.get(tag, tag)
        if tag in INLINE:
            self.out.append(f"</{tag}>")
        elif tag == "blockquote":
            self.out.append("\n\n</blockquote>\n\n")
        elif tag in HEADINGS:
            self.out.append("</strong>\n\n")
        elif tag in PARAGRAPHS:
            self.out.append("\n\n")

    def handle_data(self, data):
        if not data.strip():  # between tags: the source's layout, or a blank line
            data = "\n\n" if BLANK_LINE_RE.search(data) else " "
        self.out.append(html.escape(data, quote=False))

    def text(self):
        joined = "".join(self.out)
        lines = [" ".join(line.split()) for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
