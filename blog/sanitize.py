"""Cleaning of post HTML: the only module in `blog` that imports bleach.

Authors are trusted with rich markup (headings, tables, images, code) but never with
script: no <script>, no event handlers, no javascript: or data: URLs.
"""

import bleach
from bleach.css_sanitizer import CSSSanitizer

POST_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "address", "b", "bdi", "bdo", "blockquote", "br", "caption",
        "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

POST_ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "a": ["href", "rel", "name"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading"],
    "td": ["colspan", "rowspan", "style"],
    "th": ["colspan", "rowspan", "scope", "style"],
    "ol": ["start", "reversed", "type"],
    "time": ["datetime"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "del": ["cite", "datetime"],
    "ins": ["cite", "datetime"],
}

# Markdown's tables set text-align through style; nothing else may.
CSS = CSSSanitizer(allowed_css_properties=["text-align"])

PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean_post_html(html):
    """Post HTML reduced to the post allow-list."""
    return bleach.clean(
        html,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        protocols=PROTOCOLS,
        css_sanitizer=CSS,
        strip=True,
        strip_comments=True,
    )
