"""Block-editor markup made to show as its author saw it, without inline styles.

The content is read as the tree its block comments make (`<!-- wp:name {attributes} -->`
… `<!-- /wp:name -->`). A block's markup starts with its own element, so what its
attributes say is put there: a list's counter, a column's width, a media and text
block's media width, a spacer's height, an open details, an image's size. A cover
becomes a <figure> whose image is an <img> (which the media rewrite and the sanitiser's
pictures then treat as any other) with its text over it. Blocks WordPress builds at
display time become a widget placeholder or are dropped (wordpress.convert.dynamic),
with the heading that titled them; a block left with nothing in it goes too. Then every
inline style is mapped to attributes and classes (wordpress.convert.styles). The block
comments stay, for the later steps.
"""

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from wordpress.convert import dynamic
from wordpress.convert.styles import (
    height_class,
    media_width_class,
    restyle_all,
    set_list_type,
    set_pixels,
    width_class,
)
from wordpress.convert.tags import START_TAG_RE, Tag, css_declarations

BLOCK_COMMENT_RE = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(?:(\{.*?\})\s+)?(/)?-->",
    re.DOTALL,
)
END_TAG_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
COVER_IMAGE_RE = re.compile(r"<img\b[^>]*\bwp-block-cover__image-background\b[^>]*>")
# A parallax or repeated cover's image is the background of an empty <div>.
COVER_BACKGROUND_DIV_RE = re.compile(
    r"<div\b[^>]*\bwp-block-cover__image-background\b[^>]*>\s*</div>", re.IGNORECASE
)
COVER_DIM_RE = re.compile(r"<span\b[^>]*>\s*</span>", re.IGNORECASE)
CONTENT_RE = re.compile(
    r"<(?:img|hr|iframe|video|audio|picture|svg|input|textarea|select)\b"
    r"|blog-widget|data-wp-gallery",
    re.IGNORECASE,
)
TAG_OR_COMMENT_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
# Blocks whose emptiness means something: a gap, a rule, a column of a layout…
KEEP_EMPTY = frozenset({"spacer", "separator", "column", "more", "nextpage", "html", "shortcode"})


@dataclass
class Block:
    name: str  # without "core/"
    attributes: dict
    opening: str  # the block comments as written
    closing: str = ""
    inner: list = field(default_factory=list)  # str and Block

    @property
    def void(self):
        return not self.closing


def parse(text):
    """The top-level nodes of `text`: strings and Blocks (with their inner nodes)."""
    root = Block("", {}, "")
    stack = [root]
    position = 0
    for match in BLOCK_COMMENT_RE.finditer(text):
        stack[-1].inner.append(text[position : match.start()])
        position = match.end()
        closing, name, raw, void = match[1], dynamic.short_name(match[2]), match[3], match[4]
        if closing:
            if any(block.name == name for block in stack[1:]):
                while stack[-1].name != name:
                    stack.pop()
                stack.pop().closing = match[0]
            continue  # a closing comment that closes nothing: dropped
        block = Block(name, block_attributes(raw), match[0])
        stack[-1].inner.append(block)
        if not void:
            stack.append(block)
    stack[-1].inner.append(text[position:])
    return root.inner


def block_attributes(raw):
    """The JSON attributes of a block comment as a dict; {} when they are not one."""
    try:
        attributes = json.loads(raw or "{}")
    except ValueError:
        return {}
    return attributes if isinstance(attributes, dict) else {}


def convert_blocks(text, dropped=None, widgets=None):
    """Block markup with its attributes and styles as classes; see the module."""
    dropped = Counter() if dropped is None else dropped
    widgets = Counter() if widgets is None else widgets
    return restyle_all(_render(parse(text), dropped, widgets))


def _render(nodes, dropped, widgets):
    out = []  # (block name or None, html)
    for node in nodes:
        if isinstance(node, str):
            out.append((None, node))
            continue
        if dynamic.is_dynamic(node.name, node.void):
            replacement = dynamic.replacement(node.name, node.attributes, dropped, widgets)
            if not replacement:
                _drop_title(out)
            out.append(("dynamic", replacement))
            continue
        inner = _render(node.inner, dropped, widgets)
        rule = RULES.get(node.name)
        if rule is not None:
            inner = rule(inner, node.attributes)
        if node.name not in KEEP_EMPTY and not node.void and is_empty(inner):
            out.append((node.name, ""))
        else:
            out.append((node.name, node.opening + inner + node.closing))
    return "".join(piece for _, piece in out)


def _drop_title(out):
    """Remove the heading block just before a dropped block: it was its title."""
    for index in range(len(out) - 1, -1, -1):
        name, piece = out[index]
        if name is None and not piece.strip():
            continue
        if name == "heading":
            del out[index]
        return


def is_empty(markup):
    """Whether markup shows nothing: no text, no image, no rule, no widget."""
    if CONTENT_RE.search(markup):
        return False
    text = html.unescape(TAG_OR_COMMENT_RE.sub("", markup))
    return not text.replace("\xa0", " ").strip()


def _root(markup):
    """The first start tag of a block's markup (its own element) as (match, Tag)."""
    match = START_TAG_RE.search(markup)
    return (match, Tag.from_match(match)) if match else (None, None)


def _replace(markup, match, new):
    return markup[: match.start()] + new + markup[match.end() :]


def _on_root(change):
    """A rule that changes a block's own element with `change(tag, attributes)`."""

    def rule(markup, attributes):
        match, tag = _root(markup)
        if tag is None:
            return markup
        before = str(tag)
        change(tag, attributes)
        return markup if str(tag) == before else _replace(markup, match, str(tag))

    return rule


def _list(tag, attributes):
    if attributes.get("type"):
        set_list_type(tag, attributes["type"])
    if tag.name == "ol" and isinstance(attributes.get("start"), int):
        tag.attributes.setdefault("start", str(attributes["start"]))
    if tag.name == "ol" and attributes.get("reversed") is True:
        tag.attributes.setdefault("reversed", None)


def _add_unless_given(tag, found, prefix):
    """Add class `found` (if any), unless the markup has a class of that kind already."""
    if found and not any(name.startswith(prefix) for name in tag.classes):
        tag.add_class(found)


def _column(tag, attributes):
    _add_unless_given(tag, width_class(attributes.get("width", "")), "is-width-")


def _media_text(tag, attributes):
    """The media's width, which WordPress says as grid-template-columns (50% unless told)."""
    _add_unless_given(tag, media_width_class(attributes.get("mediaWidth")), "is-media-width-")


def _spacer(tag, attributes):
    if "style" not in tag.attributes:  # else wordpress.convert.styles reads its height
        tag.add_class(height_class(attributes.get("height", 100)) or "is-height-100")
    tag.set("aria-hidden", "true")


def _details(tag, attributes):
    if attributes.get("showContent") is True and tag.name == "details":
        tag.attributes.setdefault("open", None)


def _image(markup, attributes):
    """An image block's width and height (its attributes) on its <img>."""
    match = IMG_RE.search(markup)
    if match is None:
        return markup
    tag = Tag("img", match[0][4:-1])
    if "style" in tag.attributes and "width" in css_declarations(tag.get("style")):
        return markup  # the style says it, and wordpress.convert.styles maps it
    before = str(tag)
    for name in ("width", "height"):
        value = attributes.get(name)
        if isinstance(value, int | float) or (isinstance(value, str) and value.endswith("px")):
            set_pixels(tag, name, value)
    return markup if str(tag) == before else _replace(markup, match, str(tag))


def _cover(markup, attributes):
    """A cover with an image as <figure class="wp-block-cover"><img>…text…</figure>."""
    match, tag = _root(markup)
    if tag is None or tag.name != "div":
        return markup
    markup = COVER_BACKGROUND_DIV_RE.sub(lambda found: _background_img(found[0]), markup)
    match, tag = _root(markup)
    inner_image = COVER_IMAGE_RE.search(markup)
    background = URL_RE.search(css_declarations(tag.get("style")).get("background-image", ""))
    if inner_image is None and background is None:
        return markup  # a cover of a colour only: a box of text
    tag.name = "figure"
    tag.remove("style")
    tag.add_class("wp-block-cover", "has-image")
    image = "" if inner_image else cover_img(background[1], str(attributes.get("alt", "")))
    markup = _replace(markup, match, str(tag) + image)
    markup = COVER_DIM_RE.sub("", markup)  # the overlay; the stylesheet dims the image
    end = list(END_TAG_RE.finditer(markup))
    if end and end[-1][1].lower() == "div":
        markup = markup[: end[-1].start()] + "</figure>" + markup[end[-1].end() :]
    return markup


def cover_img(src, alt):
    """The <img> of a cover's background: the media rewrite finds it as any other."""
    return (
        f'<img class="wp-block-cover__image-background" src="{html.escape(src)}" '
        f'alt="{html.escape(alt)}">'
    )


def _background_img(div):
    tag = Tag.from_match(START_TAG_RE.match(div))
    found = URL_RE.search(css_declarations(tag.get("style")).get("background-image", ""))
    return cover_img(found[1], "") if found else ""


RULES = {
    "list": _on_root(_list),
    "column": _on_root(_column),
    "media-text": _on_root(_media_text),
    "spacer": _on_root(_spacer),
    "details": _on_root(_details),
    "image": _image,
    "cover": _cover,
    "cover-image": _cover,
}
