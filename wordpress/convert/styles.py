"""Inline styles of WordPress markup as attributes and classes the site's CSS knows.

The site's CSP and sanitiser allow no `style` (but text-align on table cells), so what
a style meant is kept another way: a list's counter as `<ol type>`, text alignment
as `has-text-align-*`, a column's width, a media and text block's media width, a
spacer's height and an image's aspect ratio as one of a few classes (the nearest), an
image's width and height in pixels as its attributes. Everything else a style said is
dropped with it.
"""

import re

from wordpress.convert.tags import START_TAG_RE, Tag, css_declarations

# list-style-type (and the block's "type") → <ol type>.
LIST_TYPES = {
    "lower-roman": "i", "upper-roman": "I", "lower-alpha": "a", "upper-alpha": "A",
    "lower-latin": "a", "upper-latin": "A", "decimal": "1",
    "i": "i", "I": "I", "a": "a", "A": "A", "1": "1",
}  # fmt: skip
TEXT_ALIGNED = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
ALIGNMENTS = {"left", "center", "right"}
COLUMN_WIDTHS = (20, 25, 33, 40, 50, 60, 66, 75, 80)  # is-width-N, percent
SPACER_HEIGHTS = (25, 50, 75, 100, 150, 200)  # is-height-N, px
# aspect-ratio values the block editor offers → is-aspect-W-H.
ASPECT_RATIOS = {"1-1": 1, "4-3": 4 / 3, "3-4": 3 / 4, "3-2": 3 / 2, "2-3": 2 / 3,
                 "16-9": 16 / 9, "9-16": 9 / 16}  # fmt: skip
LENGTH_RE = re.compile(r"^\s*([\d.]+)\s*(px|rem|em|%)?\s*$")
STYLED_TAG_RE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
KEPT_STYLE = {"td", "th"}  # the sanitiser keeps their text-align


def nearest(value, choices):
    return min(choices, key=lambda choice: abs(choice - value))


def length(value, percent=False):
    """A CSS length in px (or in % with `percent`), None if it is neither."""
    match = LENGTH_RE.match(str(value))
    if match is None:
        return None
    number, unit = float(match[1]), match[2] or "px"
    if percent:
        return number if unit == "%" else None
    return {"px": number, "rem": number * 16, "em": number * 16}.get(unit)


def width_class(value):
    percent = length(value, percent=True)
    return f"is-width-{nearest(percent, COLUMN_WIDTHS)}" if percent else None


def media_width_class(value):
    """A media and text block's `mediaWidth` (percent) as is-media-width-N (the nearest)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return f"is-media-width-{nearest(value, COLUMN_WIDTHS)}"


def height_class(value):
    pixels = length(value)
    return f"is-height-{nearest(pixels, SPACER_HEIGHTS)}" if pixels else None


def aspect_class(value):
    width, _, height = str(value).partition("/")
    try:
        ratio = float(width) / float(height or 1)
    except (ValueError, ZeroDivisionError):
        return None
    name = min(ASPECT_RATIOS, key=lambda key: abs(ASPECT_RATIOS[key] - ratio))
    return f"is-aspect-{name}"


def set_list_type(tag, value):
    kind = LIST_TYPES.get(str(value).strip())
    if tag.name == "ol" and kind and kind != "1" and "type" not in tag.attributes:
        tag.set("type", kind)


def set_pixels(tag, name, value):
    pixels = length(value)
    if pixels and name not in tag.attributes:
        tag.set(name, str(round(pixels)))


def restyle(tag):
    """Map `tag`'s style to attributes and classes and remove it (but on td and th)."""
    if tag.name in KEPT_STYLE or "style" not in tag.attributes:
        return
    style = css_declarations(tag.get("style"))
    tag.remove("style")
    classes = tag.classes
    if "list-style-type" in style:
        set_list_type(tag, style["list-style-type"])
    if tag.name in TEXT_ALIGNED and style.get("text-align") in ALIGNMENTS:
        tag.add_class(f"has-text-align-{style['text-align']}")
    if "wp-block-column" in classes and width_class(style.get("flex-basis", "")):
        tag.add_class(width_class(style["flex-basis"]))
    if "wp-block-spacer" in classes:
        tag.add_class(height_class(style.get("height", "")) or "is-height-50")
        tag.set("aria-hidden", "true")
    if tag.name == "img":
        if "aspect-ratio" in style and aspect_class(style["aspect-ratio"]):
            tag.add_class(aspect_class(style["aspect-ratio"]))
            if style.get("object-fit") == "contain":
                tag.add_class("is-fit-contain")
        set_pixels(tag, "width", style.get("width", ""))
        if "width" in style:
            set_pixels(tag, "height", style.get("height", ""))


def restyle_all(text):
    """Every start tag of `text` with a style attribute restyled."""
    if STYLED_TAG_RE.search(text) is None:
        return text

    def one(match):
        tag = Tag.from_match(match)
        if "style" not in tag.attributes or tag.name in KEPT_STYLE:
            return match[0]
        restyle(tag)
        return str(tag)

    return START_TAG_RE.sub(one, text)
