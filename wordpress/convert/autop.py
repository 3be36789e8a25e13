"""Paragraphs for text written in WordPress's classic editor, as WordPress shows it.

The classic editor stores text with bare newlines; WordPress adds the paragraphs when
it displays a post. This is our own, simpler rule for the same result:

- a blank line ends a paragraph, a single newline inside one is a line break;
- block-level elements stand on their own and are never wrapped in a paragraph; text
  directly inside a container (blockquote, div, …) gets paragraphs of its own, text
  inside a leaf block (li, td, h2, …) is left as written;
- <pre>, <script>, <style> and <textarea> are kept exactly as written;
- `<!--more-->` stands alone, between paragraphs.

Running it on its own output changes nothing.
"""

import re

CONTAINERS = (
    "article|aside|blockquote|details|div|dl|fieldset|footer|form|header|hgroup|main|menu"
    "|nav|ol|section|table|tbody|tfoot|thead|tr|ul|colgroup"
)
LEAVES = (
    "address|caption|col|dd|dt|figcaption|figure|h[1-6]|hr|legend|li|p|summary|td|th"
    "|audio|video|iframe|object|embed|canvas|noscript"
)
BLOCK_TAG = rf"(?:{CONTAINERS}|{LEAVES})"
OPENING_RE = re.compile(rf"(<{BLOCK_TAG}\b[^<>]*>)", re.IGNORECASE)
CLOSING_RE = re.compile(rf"(</{BLOCK_TAG}\s*>)", re.IGNORECASE)
CONTAINER_OPENING_RE = re.compile(rf"(<(?:{CONTAINERS})\b[^<>]*>)", re.IGNORECASE)
CONTAINER_CLOSING_RE = re.compile(rf"(</(?:{CONTAINERS})\s*>)", re.IGNORECASE)
STARTS_WITH_BLOCK_RE = re.compile(rf"^(?:</?{BLOCK_TAG}\b[^<>]*>|<!--more-->|\x00)", re.IGNORECASE)
HAS_BLOCK_RE = re.compile(rf"</?{BLOCK_TAG}\b[^<>]*>", re.IGNORECASE)
RAW_RE = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
BLANK_LINES_RE = re.compile(r"\n[ \t]*\n\s*")
TRAILING_BREAK_RE = re.compile(r"<br\s*/?>\s*$", re.IGNORECASE)


def _protect(text):
    """Text with raw blocks replaced by numbered placeholders, and the blocks."""
    raw = []

    def keep(match):
        raw.append(match[0])
        return f"\n\n\x00{len(raw) - 1}\x00\n\n"

    return RAW_RE.sub(keep, text), raw


def _restore(text, raw):
    return re.sub(r"\x00(\d+)\x00", lambda match: raw[int(match[1])], text)


def _paragraph(chunk):
    lines = [TRAILING_BREAK_RE.sub("", line.strip()) for line in chunk.split("\n")]
    return "<p>{}</p>".format("<br>\n".join(line for line in lines if line))


def autop(text):
    """HTML with paragraphs and line breaks for classic-editor text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text, raw = _protect(text)
    text = text.replace("<!--more-->", "\n\n<!--more-->\n\n")
    # Every block tag starts a chunk; a container's content is a chunk of its own too.
    text = OPENING_RE.sub(r"\n\n\1", text)
    text = CLOSING_RE.sub(r"\1\n\n", text)
    text = CONTAINER_OPENING_RE.sub(r"\1\n\n", text)
    text = CONTAINER_CLOSING_RE.sub(r"\n\n\1", text)
    chunks = []
    for chunk in BLANK_LINES_RE.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK_RE.match(chunk) or HAS_BLOCK_RE.search(chunk):
            chunks.append(chunk)
        else:
            chunks.append(_paragraph(chunk))
    return _restore("\n".join(chunks), raw)
