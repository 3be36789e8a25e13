"""Cleaning of post HTML: the only module in `blog` that imports bleach.

Authors are trusted with rich markup (headings, tables, images, code) but never with
script: no <script>, no event handlers, no javascript: or data: URLs.
"""

import html
import re
from functools import partial

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

from blog.figures import is_offsite, missing_library_files, offsite_player_link

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

GLOBAL_ATTRIBUTES = ["id", "class", "title", "lang", "dir"]


def div_attribute(tag, name, value):
    """A <div>'s attributes: the global ones, a spacer's aria-hidden, a widget's data."""
    if name in GLOBAL_ATTRIBUTES:
        return True
    if name == "aria-hidden":
        return value == "true"  # a spacer: an empty box nobody needs to hear of
    return bool(WIDGET_DATA.get(name, NOTHING).fullmatch(value))  # blog.widgets' placeholder


# What a widget placeholder (blog.widgets) may say: which list, and how long.
WIDGET_DATA = {"data-widget": re.compile(r"[a-z-]{1,30}"), "data-count": re.compile(r"\d{1,3}")}
NOTHING = re.compile(r"(?!)")


POST_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "div": div_attribute,
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
    "details": ["open"],  # a block-editor details block may be open from the start
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


class ReplacedImages(Filter):
    """Puts what `replace` makes of the (cleaned) <img> elements in their place.

    `replace(images, around)` gets every <img>'s attributes, in order, and the class
    attributes of the elements around each (innermost first), and returns for each an
    xml.etree element to put there (trusted: built by us, not from the source) or None
    to keep it. A link that would land inside a link keeps only its text.
    """

    def __init__(self, source, replace):
        super().__init__(source)
        self.replace = replace

    def __iter__(self):
        tokens = list(super().__iter__())
        images, around, open_classes = [], [], []  # open elements' classes, outermost first
        for token in tokens:
            if is_img(token):
                images.append(attributes(token))
                around.append(open_classes[::-1])
            elif token["type"] == "StartTag":
                open_classes.append(token["data"].get((None, "class"), ""))
            elif token["type"] == "EndTag" and open_classes:
                open_classes.pop()
        if not images:
            yield from tokens
            return
        found = iter(self.replace(images, around))
        links = 0
        for token in tokens:
            if token.get("name") == "a" and token["type"] in ("StartTag", "EndTag"):
                links = max(0, links + (1 if token["type"] == "StartTag" else -1))
            if not is_img(token):
                yield token
                continue
            new = next(found)
            if new is None:
                yield token
            elif new.tag == "a" and links:
                yield {"type": "Characters", "data": new.text or ""}
            else:
                yield from element_tokens(new)


def is_img(token):
    return token["type"] in ("EmptyTag", "StartTag") and token["name"] == "img"


def attributes(token):
    """An element's attributes, entities decoded (bleach's tokens keep them as written)."""
    return {name: html.unescape(value) for (_, name), value in token["data"].items()}


VOID = {"img", "source", "br", "hr", "wbr"}
NAMESPACE = "http://www.w3.org/1999/xhtml"


def element_tokens(element):
    """The html5lib tokens of an xml.etree element and its children."""
    data = {(None, name): value for name, value in element.attrib.items()}
    if element.tag in VOID:
        yield {"type": "EmptyTag", "name": element.tag, "namespace": NAMESPACE, "data": data}
        return
    yield {"type": "StartTag", "name": element.tag, "namespace": NAMESPACE, "data": data}
    if element.text:
        yield {"type": "Characters", "data": element.text}
    for child in element:
        yield from element_tokens(child)
        if child.tail:
            yield {"type": "Characters", "data": child.tail}
    yield {"type": "EndTag", "name": element.tag, "namespace": NAMESPACE}


# Audio and video players (blog.figures makes them of media items; imported WordPress
# posts have them too). Only files of this site or its media storage can play (the CSP's
# media-src): OffsitePlayers makes a player of another site a link to its file.
PLAYER_TAGS = frozenset({"audio", "video", "source", "track"})
PLAYER_ATTRIBUTES = {
    "audio": ["controls", "src", "preload", "muted", "loop"],
    "video": [
        "controls", "src", "preload", "poster", "width", "height", "playsinline", "muted",
        "loop",
    ],
    "source": ["src", "type"],
    "track": ["src", "kind", "srclang", "label"],
}  # fmt: skip
PLAYERS = {"audio", "video"}


def with_players(tags, attributes):
    """The allow-lists with the players' tags and attributes added."""
    merged = dict(attributes)
    for tag, names in PLAYER_ATTRIBUTES.items():
        merged[tag] = [*merged.get(tag, []), *names]
    return tags | PLAYER_TAGS, merged


class OffsitePlayers(Filter):
    """Players keep only the files this site serves (src, <source>, <track>, poster),
    always with controls; one left with no file of ours becomes a link to its first file
    (blog.figures.offsite_player_link; its text alone inside a link), or goes when it
    named none. A library file since deleted is no file (one query for all, or none)."""

    def __iter__(self):
        tokens = list(super().__iter__())
        self.missing = missing_library_files(
            {
                value
                for token in tokens
                if token["type"] in ("StartTag", "EmptyTag") and token["name"] in PLAYER_TAGS
                for name, value in attributes(token).items()
                if name in ("src", "poster")
            }
        )
        player, self.links = None, 0  # the tokens of the player being read; <a> depth
        for token in tokens:
            if token.get("name") == "a" and token["type"] in ("StartTag", "EndTag"):
                self.links = max(0, self.links + (1 if token["type"] == "StartTag" else -1))
            if player is None:
                if token["type"] == "StartTag" and token["name"] in PLAYERS:
                    player = [token]
                else:
                    yield token
                continue
            player.append(token)
            if token["type"] == "EndTag" and token["name"] == player[0]["name"]:
                yield from self.played(player)
                player = None
        if player:
            yield from self.played(player)

    def played(self, tokens):
        start, kind, offsite, kept, ours = tokens[0], tokens[0]["name"], [], [], False
        for token in tokens:
            if token["type"] not in ("StartTag", "EmptyTag"):
                kept.append(token)
                continue
            found = attributes(token)
            for name in ("src", "poster"):
                url = found.get(name)
                if url is not None and url in self.missing:
                    del token["data"][(None, name)]
                elif url is not None and is_offsite(url):
                    del token["data"][(None, name)]
                    if name == "src":
                        offsite.append(url)
                elif name == "src" and url and token["name"] != "track":
                    ours = True
            if token["name"] in ("source", "track") and (None, "src") not in token["data"]:
                continue  # a source or track of another site: nothing left to say
            kept.append(token)
        if ours:
            start["data"][(None, "controls")] = ""
            yield from kept
        elif offsite:
            link = offsite_player_link(kind, offsite[0])
            if self.links:
                yield {"type": "Characters", "data": link.text}
            else:
                yield from element_tokens(link)


def clean_post_html(text, images=None):
    """Post HTML reduced to the post allow-list, with every <pre> reachable by keyboard.

    `images`: what to put in place of its <img> elements (see ReplacedImages).
    """
    filters = [FocusablePre, OffsitePlayers]
    if images is not None:
        filters.append(partial(ReplacedImages, replace=images))
    tags, allowed = with_players(POST_TAGS, POST_ATTRIBUTES)
    cleaner = bleach.Cleaner(  # one per call: a Cleaner is not thread-safe
        tags=tags,
        attributes=allowed,
        protocols=PROTOCOLS,
        css_sanitizer=CSS,
        strip=True,
        strip_comments=True,
        filters=filters,
    )
    return cleaner.clean(text)
