"""Cleaning of post HTML: the only module in `blog` that imports bleach.

Authors are trusted with rich markup (headings, tables, images, code) but never with
script: no <script>, no event handlers, no javascript: or data: URLs.
"""

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

POST_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "address", "b", "bdi", "bdo", "blockquote", "br",
        "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s",
        "samp", "small", "source", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

# A code block scrolls sideways: a keyboard user must be able to reach it to scroll it
# (axe-core "scrollable-region-focusable"), and a focusable region needs a name.
PRE_ATTRIBUTES = {"tabindex": "0", "role": "region", "aria-label": "Code"}

POST_ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "pre": list(PRE_ATTRIBUTES),
    "a": ["href", "rel", "name"],
    "abbr": ["title"],
    "img": [
        "src",
        "alt",
        "width",
        "height",
        "loading",
        "srcset",
        "sizes",
        "decoding",
        "fetchpriority",
    ],
    "source": ["srcset", "sizes", "type", "width", "height", "media"],
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


class FocusablePre(Filter):
    """Gives every <pre> the PRE_ATTRIBUTES, whatever values the source had."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "pre":
                token["data"].update({(None, k): v for k, v in PRE_ATTRIBUTES.items()})
            yield token


def clean_post_html(html):
    """Post HTML reduced to the post allow-list, with every <pre> reachable by keyboard."""
    cleaner = bleach.Cleaner(  # one per call: a Cleaner is not thread-safe
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        protocols=PROTOCOLS,
        css_sanitizer=CSS,
        strip=True,
        strip_comments=True,
        filters=[FocusablePre],
    )
    return cleaner.clean(html)
