"""WordPress post content to the HTML a post of ours stores (body_format "html").

Pure functions on strings. What WordPress adds at display time is done once here:
block-editor comments removed, `[caption]` made a <figure>, other shortcodes dropped
(the text an enclosing shortcode wraps is kept; the summary counts what was dropped),
and classic-editor text given paragraphs by `autop`. Sanitising is not done here:
the post's own save() applies the post allow-list.

Galleries become `<figure class="wp-block-gallery columns-N">` holding one <figure>
per image: a block gallery at once, a `[gallery]` shortcode as an empty placeholder
that wordpress.convert.link_media fills once the export's attachments are known, as it
rewrites the URLs of images (`rewrite_media_urls`) to the copies in the media library.

Block-editor content first has its footnotes brought in from the post meta
(wordpress.convert.footnotes) and its blocks' attributes and inline styles made classes
the stylesheet knows, its dynamic blocks widgets or nothing (wordpress.convert.blocks).
"""

import html
import json
import re
from collections import Counter

from wordpress.convert.autop import autop
from wordpress.convert.blocks import convert_blocks
from wordpress.convert.dynamic import WIDGET_SHORTCODES, shortcode_widget
from wordpress.convert.embeds import convert_embeds
from wordpress.convert.footnotes import convert_footnotes
from wordpress.convert.players import PLAYER_SHORTCODES, shortcode_player

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
BLOCK_GALLERY_RE = re.compile(
    r"<!--\s+wp:gallery\s*(\{.*?\})?\s*-->(.*?)<!--\s+/wp:gallery\s+-->", re.DOTALL
)
GALLERY_IMAGE_RE = re.compile(
    r"(<a\b[^>]*>\s*)?(<img\b[^>]*>)(\s*</a>)?", re.IGNORECASE | re.DOTALL
)
FIGCAPTION_RE = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
GALLERY_CAPTION_RE = re.compile(
    r"<figcaption\b[^>]*\bblocks-gallery-caption\b[^>]*>(.*?)</figcaption>",
    re.IGNORECASE | re.DOTALL,
)
COLUMNS_CLASS_RE = re.compile(r"\bcolumns-(\d+)\b")
CLASS_RE = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
# A block gallery's classes kept on ours: its alignment, cropping and style.
GALLERY_CLASS_RE = re.compile(r"align(?:left|right|center|wide|full)|is-cropped|is-style-[\w-]+")
# What a [gallery] shortcode leaves for wordpress.convert.link_media to fill.
GALLERY_PLACEHOLDER_RE = re.compile(
    r'<figure class="wp-block-gallery columns-(\d+)" data-wp-gallery="([\d,]*)"></figure>'
)
DEFAULT_COLUMNS = 3
# <img …> and <a …> tags, and the attributes of theirs that hold media URLs.
MEDIA_TAG_RE = re.compile(r"<(img|a)\b[^>]*>", re.IGNORECASE)
URL_ATTRIBUTE_RE = re.compile(
    r"""(\s)(src|href|srcset|sizes)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)


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


def gallery_html(images, columns, classes="", caption=""):
    """The gallery markup: `images` are (img or linked img HTML, caption HTML) pairs;
    `classes`: the gallery's own that the stylesheet knows (alignment, cropping);
    `caption`: the whole gallery's."""
    figures = "".join(
        f'<figure class="wp-block-image">{img}'
        + (f"<figcaption>{caption}</figcaption>" if caption.strip() else "")
        + "</figure>"
        for img, caption in images
    )
    kept = "".join(f" {name}" for name in classes.split() if GALLERY_CLASS_RE.fullmatch(name))
    if caption.strip():
        figures += f'<figcaption class="blocks-gallery-caption">{caption.strip()}</figcaption>'
    return f'<figure class="wp-block-gallery columns-{columns}{kept}">{figures}</figure>'


def _columns(value, default):
    value = str(value).strip()
    return min(int(value), 9) if value.isdigit() and int(value) > 0 else default


def _block_gallery(match):
    """A block-editor gallery (either of its two markups) in the one gallery markup."""
    try:
        options = json.loads(match[1] or "{}")
    except ValueError:
        options = {}
    inner, images = match[2], []
    own_caption = GALLERY_CAPTION_RE.search(inner)
    if own_caption:
        inner = inner[: own_caption.start()] + inner[own_caption.end() :]
    found = list(GALLERY_IMAGE_RE.finditer(inner))
    for index, image in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(inner)
        caption = FIGCAPTION_RE.search(inner, image.end(), end)
        images.append((image[0].strip(), caption[1].strip() if caption else ""))
    if not images:
        return ""
    own = CLASS_RE.search(inner.split(">", 1)[0])
    own = own[1] if own else ""
    classes = COLUMNS_CLASS_RE.search(own)
    default = int(classes[1]) if classes else min(DEFAULT_COLUMNS, len(images))
    if not isinstance(options, dict):
        options = {}
    columns = _columns(options.get("columns", ""), default)
    return gallery_html(images, columns, own, own_caption[1] if own_caption else "")


def _gallery_placeholder(attributes):
    listed = attributes.get("ids") or attributes.get("include") or ""  # "include": before 3.5
    ids = ",".join(i.strip() for i in listed.split(",") if i.strip().isdigit())
    columns = _columns(attributes.get("columns", ""), DEFAULT_COLUMNS)
    return f'<figure class="wp-block-gallery columns-{columns}" data-wp-gallery="{ids}"></figure>'


def fill_galleries(text, images_for):
    """Placeholders of [gallery] replaced by their images, or removed when there are none.

    `images_for(ids)` gives the (img HTML, caption HTML) pairs for a list of attachment
    ids ([] for the post's own attachments, as WordPress's [gallery] without ids).
    """

    def fill(match):
        ids = [int(i) for i in match[2].split(",") if i]
        images = images_for(ids)
        return gallery_html(images, int(match[1])) if images else ""

    return GALLERY_PLACEHOLDER_RE.sub(fill, text)


def has_gallery_placeholder(text):
    return GALLERY_PLACEHOLDER_RE.search(text) is not None


def rewrite_media_urls(text, new_url):
    """Text with the URLs of <img src/srcset> and <a href> that `new_url(url)` maps
    replaced; an <img> whose src changed loses its srcset and sizes (WordPress's
    sizes of the old file: the page makes its own). Returns (text, URLs replaced).
    """
    replaced = 0

    def tag(match):
        nonlocal replaced
        attributes = {m[2].lower(): m for m in URL_ATTRIBUTE_RE.finditer(match[0])}
        url_name = "src" if match[1].lower() == "img" else "href"
        found = attributes.get(url_name)
        if found is None:
            return match[0]
        old = html.unescape(found[4] or found[5] or found[6] or "")
        new = new_url(old)
        if new is None or new == old:
            return match[0]
        replaced += 1
        out = match[0]
        for name in ("srcset", "sizes") if url_name == "src" else ():
            if name in attributes:
                if name == "srcset":
                    replaced += 1
                out = out.replace(attributes[name][0], "", 1)
        value = f'{found[1]}{found[2]}="{html.escape(new)}"'
        return out.replace(found[0], value, 1)

    return MEDIA_TAG_RE.sub(tag, text), replaced


def _is_shortcode(match, text):
    name, attributes = match[3].lower(), match[4]
    if name in KNOWN_SHORTCODES:
        return True
    return "=" in attributes or f"[/{match[3]}]" in text[match.end() :]


def convert_shortcodes(text, dropped, widgets=None):
    """Text with captions as figures, archive lists as widgets, other shortcodes removed.

    `dropped` (a Counter) counts each removed shortcode by name, `widgets` the widgets.
    """
    widgets = Counter() if widgets is None else widgets
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
            content = convert_shortcodes(text[match.end() : end], dropped, widgets)
            position = end + len(end_tag)
        if name.lower() in CAPTION_SHORTCODES:
            out.append(_figure(content, _attributes(match[4])))
        elif name.lower() == "gallery":
            out.append(_gallery_placeholder(_attributes(match[4])))
        elif name.lower() in WIDGET_SHORTCODES:
            out.append(shortcode_widget(name, widgets))
        elif name.lower() in PLAYER_SHORTCODES and (player := shortcode_player(name, match[4])):
            out.append(player)  # made a player of the copied file by wordpress.convert.players
        else:
            dropped[name.lower()] += 1
            out.append(content)
        out.append(match[6])
    out.append(text[position:])
    return "".join(out)


def convert_body(text, dropped=None, embeds=None, *, footnotes="", blocks=None, widgets=None):
    """Post content as stored HTML; `<!--more-->` stays as the excerpt break.

    `dropped` counts the shortcodes removed, `embeds` the embeds made links, `blocks` the
    dynamic blocks dropped and `widgets` those shown as this site's own lists
    (wordpress.convert.dynamic); `footnotes` is the post's `footnotes` meta.
    """
    dropped = Counter() if dropped is None else dropped
    embeds = Counter() if embeds is None else embeds
    blocks = Counter() if blocks is None else blocks
    widgets = Counter() if widgets is None else widgets
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    text = MORE_RE.sub("<!--more-->", text)
    text = NEXTPAGE_RE.sub("\n\n", text)
    block_editor = has_blocks(text)
    text = convert_embeds(text, embeds)
    text = convert_footnotes(text, footnotes)
    text = convert_blocks(text, blocks, widgets)
    text = BLOCK_GALLERY_RE.sub(_block_gallery, text)
    text = convert_shortcodes(remove_block_comments(text), dropped, widgets)
    return text.strip() if block_editor else autop(text)


def convert_excerpt(text, dropped=None, embeds=None):
    """A hand-written excerpt as HTML paragraphs (Markdown leaves them as they are)."""
    if not text.strip():
        return ""
    return convert_body(MORE_RE.sub("", text), dropped, embeds)
