"""Markdown images that name a media item become responsive figures.

`![A fern uncurling](media:42 "Caption")` (or the item's URL) becomes a <figure> with a
<picture>: WebP and the original's format at every size the library made, the image's
own width and height (the page does not shift while it loads), lazy loading but for the
first image when it is the first thing a reader sees, and the caption (the Markdown
title, else the item's caption). An image alone in its paragraph becomes a figure; one
inside running text keeps its place, without a caption.

An HTML body (an imported WordPress post) gets the same <picture> for each <img> whose
src is a media item's file (`html_images`, which blog.sanitize applies to the cleaned
HTML); an <img> of another site, which the CSP would block, becomes a link to it, and
one of a library file since deleted its alt text. One in an `.alignwide` or `.alignfull`
block gets the `sizes` of that wider box.

The same Markdown on an audio or video item (`![Interview](media:7)`) makes a player:
a <figure> with <audio controls> or <video controls> of the file, a link to the file
inside it for browsers that play neither, and the caption. In HTML, an <audio> or
<video> of another site (which the CSP would refuse to play) becomes a link to it
(`offsite_player_link`, applied by blog.sanitize).

The images are looked up once, when the post is saved (one query); pages only show
the stored HTML.
"""

import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from medialibrary import references
from medialibrary.models import COPY_NAME

# The column of text is at most 70ch, about 40rem wide.
SIZES = "(min-width: 44rem) 40rem, 100vw"
# From 64rem, static/css/site.css (6a) widens .alignwide by 6rem each side and makes
# .alignfull the window's width but 2rem each side.
ALIGNED_SIZES = {
    "alignwide": "(min-width: 64rem) 52rem, (min-width: 44rem) 40rem, 100vw",
    "alignfull": "(min-width: 64rem) calc(100vw - 4rem), (min-width: 44rem) 40rem, 100vw",
}
# Blocks whose images share a row with others: the alignment around them is theirs.
SIDE_BY_SIDE = {"wp-block-gallery", "wp-block-columns", "wp-block-column", "wp-block-media-text"}


class ImageReport:
    """What rendering found wrong with a body's images, for the admin form to say."""

    def __init__(self):
        self.missing_alt = []  # sources of media images with no alt text anywhere
        self.unknown = []  # media:N references to no item


class MediaFigures(Extension):
    def __init__(self, report, eager_first=False):
        super().__init__()
        self.report, self.eager_first = report, eager_first

    def extendMarkdown(self, md):
        # After "inline" (20), which makes the <img> elements.
        md.treeprocessors.register(FigureProcessor(md, self), "media_figures", 15)


class FigureProcessor(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.report, self.eager_first = extension.report, extension.eager_first

    def run(self, root):
        found = [
            (parent, child) for parent in root.iter() for child in parent if child.tag == "img"
        ]
        items = references.resolve({img.get("src", "") for _, img in found})
        eager = self.eager_first
        for parent, img in found:
            src = img.get("src", "")
            item = items.get(src)
            if item is None:
                if references.is_reference(src):
                    self.report.unknown.append(src)
                    replace(parent, img, None)
                continue
            if not item.is_image:
                player = player_element(item, img.get("alt") or str(item))
                place(parent, img, player, item, f"figure media-{item.kind} media-item-{item.pk}")
                continue
            alt = img.get("alt") or item.alt_text
            if not alt.strip():
                self.report.missing_alt.append(src)
            picture = picture_element(item, alt, eager=eager)
            eager = False
            place(parent, img, picture, item, f"figure media-item-{item.pk}")


def place(parent, img, element, item, css_class):
    """`element` in the image's place: an image alone in its paragraph makes the
    paragraph a figure, captioned by the Markdown title or the item's caption."""
    if not alone_in(parent, img):
        replace(parent, img, element)
        return
    parent.tag, parent.text = "figure", None
    parent.attrib = {"class": css_class}
    parent.remove(img)
    parent.append(element)
    caption = img.get("title") or item.caption
    if caption:
        ET.SubElement(parent, "figcaption").text = caption


def alone_in(parent, img):
    return (
        parent.tag == "p"
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (img.tail or "").strip()
    )


def replace(parent, old, new):
    index = list(parent).index(old)
    parent.remove(old)
    if new is None:
        if old.tail:  # keep the text after it
            previous = parent[index - 1] if index else None
            if previous is None:
                parent.text = (parent.text or "") + old.tail
            else:
                previous.tail = (previous.tail or "") + old.tail
        return
    new.tail = old.tail
    parent.insert(index, new)


def picture_element(item, alt, *, eager, sizes=SIZES):
    """<picture> with a WebP <source> and the <img>, as a figure or inline image holds it."""
    picture = ET.Element("picture", {"class": f"media-item-{item.pk}"})
    img = {
        "src": item.fitting(960),
        "width": str(item.width),
        "height": str(item.height),
        "alt": alt,
        "decoding": "async",
    }
    if item.copies:
        img.update(srcset=item.srcset(), sizes=sizes)
        webp = item.webp_srcset()
        if webp:
            ET.SubElement(picture, "source", {"type": "image/webp", "srcset": webp, "sizes": sizes})
    img.update({"fetchpriority": "high"} if eager else {"loading": "lazy"})
    ET.SubElement(picture, "img", img)
    return picture


def player_element(item, title):
    """<audio controls> or <video controls> of a media item, a link to the file inside.

    Nothing is loaded before the reader asks (audio), or only what shows the first frame
    (video); the link is what a browser that plays neither shows instead.
    """
    preload = "none" if item.kind == "audio" else "metadata"
    player = ET.Element(
        item.kind,
        {"controls": "", "preload": preload, "src": item.url, "class": f"media-item-{item.pk}"},
    )
    if item.kind == "video":
        player.set("playsinline", "")
    link = ET.SubElement(player, "a", {"href": item.url})
    link.text = f"{VERBS[item.kind]} {title}"
    return player


VERBS = {"audio": "Listen to", "video": "Watch"}


def offsite_player_link(kind, url):
    """What an <audio>/<video> of another site becomes: a link naming its file."""
    link = ET.Element("a", {"href": url})
    name = unquote(PurePosixPath(urlsplit(url).path).name) or url
    link.text = f"{VERBS[kind]} {name}"
    return link


def missing_library_files(urls):
    """Those of `urls` that name a library file no longer there (one query, or none)."""
    base = references.storage_base_url()
    shaped = {
        url
        for url in urls
        if url.startswith(base) and COPY_NAME.match(url[len(base) :].split("?", 1)[0])
    }
    return shaped - set(references.resolve(shaped)) if shaped else set()


def is_offsite(url):
    """Whether a player's URL is neither this site's nor the media storage's."""
    return bool(urlsplit(url).hostname) and not url.startswith(references.storage_base_url())


def html_images(images, around=None, *, eager_first=False):
    """What each <img> of an HTML body becomes, in order: a <picture> for a media item,
    a link for an image on another site, None to keep it as it is.

    `images` are the <img> elements' attributes ({name: value}); `around`, for each, the
    class attributes of the elements around it, innermost first. One query for all.
    """
    items = references.resolve({attributes.get("src", "") for attributes in images})
    base = references.storage_base_url()
    found, eager = [], eager_first
    for attributes, classes in zip(images, around or [[]] * len(images), strict=True):
        src = attributes.get("src", "")
        item = items.get(src)
        if item is not None:
            sizes = aligned_sizes([attributes.get("class", ""), *classes])
            found.append(html_picture(item, attributes, eager=eager, sizes=sizes))
            eager = False
        elif urlsplit(src).hostname and not src.startswith(base):
            link = ET.Element("a", {"href": src})
            name = unquote(PurePosixPath(urlsplit(src).path).name)
            link.text = attributes.get("alt") or name or "image"
            found.append(link)
        elif src.startswith(base) and COPY_NAME.match(src[len(base) :].split("?", 1)[0]):
            gone = ET.Element("span")  # a library file since deleted: no broken image
            gone.text = attributes.get("alt", "")
            found.append(gone)
        else:
            found.append(None)
    return found


def aligned_sizes(classes_around):
    """The `sizes` of an image whose own classes and those around it (innermost first)
    are `classes_around`: the nearest alignment decides, unless a gallery, columns or
    media and text come first (the image is one of several side by side); None when
    nothing makes it wider than the column."""
    for classes in classes_around:
        names = set(classes.split())
        if names & SIDE_BY_SIDE:
            return None
        for alignment, sizes in ALIGNED_SIZES.items():
            if alignment in names:
                return sizes
        if any(name.startswith("align") for name in names):
            return None
    return None


def html_picture(item, attributes, *, eager, sizes=None):
    """The <picture> of an HTML body's <img>: its alt (else the item's), its classes
    (alignment), and its width when it showed the image smaller than the file; `sizes`
    of a wide or full block (aligned_sizes), which the stylesheet makes fill it."""
    alt = attributes.get("alt") or item.alt_text
    picture = picture_element(item, alt, eager=eager, sizes=sizes or SIZES)
    classes = [name for name in attributes.get("class", "").split() if "media-item-" not in name]
    picture.set("class", " ".join([*classes, f"media-item-{item.pk}"]))  # the marker last
    width = attributes.get("width", "")
    if width.isdigit() and 0 < int(width) < item.width:
        img = picture.find("img")
        img.set("width", width)
        img.set("height", str(max(1, round(item.height * int(width) / item.width))))
        for element in picture:
            if element.get("sizes") and sizes is None:  # else it fills its block anyway
                element.set("sizes", f"(max-width: {width}px) 100vw, {width}px")
    return picture
