"""WordPress post content to the HTML a post of ours stores (body_format "html").

Pure functions on strings. What WordPress adds at display time is done once here:
block-editor comments removed, `[caption]` made a <figure>, other shortcodes dropped
(the text an enclosing shortcode wraps is kept; the summary counts what was dropped),
and classic-editor text given paragraphs by `autop`. Sanitising is not done here:
the post's own save() applies the post allow-list.
"""

import html
import re
from collections import Counter

from wordpress.autop import autop

BLOCK_COMMENT_RE = re.compile(r"<!--\s+/?wp:.*?-->[ \t]*\n?", re.DOTALL)
MORE_RE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
NEXTPAGE_RE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
# [name attrs], [name attrs /], [/name]; [[name]] is WordPress's escape for a literal tag.
SHORTCODE_RE = re.compile(r"(\[?)\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*?)?)(/?)\](\]?)")
ATTRIBUTE_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
CAPTIONED_MEDIA_RE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL
)
# Shortcodes of WordPress and of its most common plugins (Jetpack, WordPress.com), which
# are dropped even without attributes; any other [name] is taken for a shortcode only
# when it has key="value" attributes or a closing [/name], so "[sic]" stays text.
KNOWN_SHORTCODES = frozenset(
    {
        "archives", "audio", "caption", "code", "contact-field", "contact-form",
        "dailymotion", "embed", "flickr", "gallery", "gist", "googlemaps", "instagram",
        "latex", "playlist", "polldaddy", "recipe", "scribd", "slideshare", "slideshow",
        "soundcloud", "sourcecode", "spotify", "ted", "tweet", "video", "vimeo",
        "wp_caption", "wpvideo", "youtube",
    }
)  # fmt: skip
CAPTION_SHORTCODES = {"caption", "wp_caption"}


def has_blocks(text):
    """Whether the block editor wrote this content (it then has its paragraphs already)."""
    return BLOCK_COMMENT_RE.search(text) is not None


def remove_block_comments(text):
    return BLOCK_COMMENT_RE.sub("", text)


def _attributes(raw):
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in ATTRIBUTE_RE.finditer(raw)}


def _figure(content, attributes):
    """A caption shortcode's image (or linked image) and caption as <figure>."""
    match = CAPTIONED_MEDIA_RE.match(content)
    media, caption = (match[1], match[2]) if match else ("", content)
    caption = attributes.get("caption") or caption.strip()
    classes = " ".join(filter(None, ["wp-caption", attributes.get("align", "")]))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="{html.escape(classes)}">{media.strip()}{figcaption}</figure>'


def _is_shortcode(match, text):
    name, attributes = match[3].lower(), match[4]
    if name in KNOWN_SHORTCODES:
        return True
    return "=" in attributes or f"[/{match[3]}]" in text[match.end() :]


def convert_shortcodes(text, dropped):
    """Text with captions as figures and other shortcodes removed.

    `dropped` (a Counter) counts each removed shortcode by name.
    """
    out, position = [], 0
    for match in SHORTCODE_RE.finditer(text):
        if match.start() < position:
            continue  # inside an enclosing shortcode already handled
        out.append(text[position : match.start()])
        position = match.end()
        opening, closing, name = match[1], match[2], match[3]
        if opening and match[6]:  # [[name]]: a literal [name]
            out.append(match[0][1:-1])
            continue
        out.append(opening)
        if not _is_shortcode(match, text):
            out.append(match[0][len(opening) : len(match[0]) - len(match[6])])
            position = match.end() - len(match[6])
            continue
        if closing:
            dropped[name.lower()] += 1
            continue
        end_tag = f"[/{name}]"
        end = -1 if match[5] else text.find(end_tag, match.end())
        content = ""
        if end >= 0:
            content = convert_shortcodes(text[match.end() : end], dropped)
            position = end + len(end_tag)
        if name.lower() in CAPTION_SHORTCODES:
            out.append(_figure(content, _attributes(match[4])))
        else:
            dropped[name.lower()] += 1
            out.append(content)
        out.append(match[6])
    out.append(text[position:])
    return "".join(out)


def convert_body(text, dropped=None):
    """Post content as stored HTML; `<!--more-->` stays as the excerpt break."""
    dropped = Counter() if dropped is None else dropped
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    text = MORE_RE.sub("<!--more-->", text)
    text = NEXTPAGE_RE.sub("\n\n", text)
    blocks = has_blocks(text)
    text = convert_shortcodes(remove_block_comments(text), dropped)
    return text.strip() if blocks else autop(text)


def convert_excerpt(text, dropped=None):
    """A hand-written excerpt as HTML paragraphs (Markdown leaves them as they are)."""
    if not text.strip():
        return ""
    return convert_body(MORE_RE.sub("", text), dropped)
