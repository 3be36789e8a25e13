"""WordPress audio and video → players of the copied files, or links to the old ones.

Three markups reach us: the `wp:audio` / `wp:video` blocks (a <figure> holding the
<audio>/<video>, its caption as <figcaption>; the block comments are gone by now),
the `[audio]` / `[video]` shortcodes (which wordpress.convert.body turns into that same
markup with `shortcode_player`), and bare <audio>/<video> tags of the classic editor.

Once the export's attachments are known (wordpress.convert.link_media), `link_players`
writes each player again, the same way whatever it came from: `controls`, the library's
file when the attachment was copied (the poster too, when it is a copied image), a link
to the file inside for browsers that play neither, in a <figure>. A player whose file
was not copied keeps the old address, so that a later import with the files makes it a
player; pages show it as a link "Listen to …" / "Watch …" naming the file
(blog.figures.offsite_player_link). A player with no file at all is removed.
"""

import html
import re
from functools import cached_property
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from medialibrary.references import storage_base_url

PLAYER_SHORTCODES = {"audio", "video"}
# The file attributes of WordPress's [audio] and [video], in the order it tries them.
SHORTCODE_SOURCES = {
    "audio": ("src", "mp3", "m4a", "ogg", "oga", "wav", "opus", "wma"),
    "video": ("src", "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv"),
}
SHORTCODE_ATTRIBUTE_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
PLAYER_RE = re.compile(
    r"<(audio|video)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL
)
TAG_ATTRIBUTE_RE = re.compile(
    r"""\s([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""", re.IGNORECASE
)
SOURCE_RE = re.compile(r"<(source|track)\b([^>]*)>", re.IGNORECASE)
FIGURE_OPEN_RE = re.compile(r"<figure\b[^>]*>\s*$", re.IGNORECASE)
# Attributes of the old player that still mean something here.
KEPT_FLAGS = ("loop", "muted", "playsinline")
VERBS = {"audio": "Listen to", "video": "Watch"}


def shortcode_player(name, raw_attributes):
    """The HTML of an [audio] or [video] shortcode: <figure> with the player of its
    files ("" when it names none). `raw_attributes`: the text after the name."""
    name = name.lower()
    found = {
        m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "")
        for m in SHORTCODE_ATTRIBUTE_RE.finditer(raw_attributes)
    }
    urls = [found[key] for key in SHORTCODE_SOURCES[name] if found.get(key, "").strip()]
    positional = raw_attributes.strip().split()
    if not found and positional and split(positional[0]).scheme in ("http", "https"):
        urls = [positional[0]]  # [audio https://…/song.mp3]
    if not urls:
        return ""
    sources = "".join(f'<source src="{html.escape(url)}">' for url in urls[1:])
    attributes = {"controls": "", "src": urls[0]}
    for flag in ("loop", "muted"):
        if found.get(flag, "").lower() in ("on", "1", "true", flag):
            attributes[flag] = ""
    if name == "video" and found.get("poster"):
        attributes["poster"] = found["poster"]
    return f'<figure class="wp-block-{name}">{tag(name, attributes)}{sources}</{name}></figure>'


def tag(name, attributes):
    """An opening tag; attributes with an empty value are written bare (`controls`)."""
    written = "".join(
        f' {key}="{html.escape(value)}"' if value else f" {key}"
        for key, value in attributes.items()
    )
    return f"<{name}{written}>"


def tag_attributes(text):
    return {
        m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "")
        for m in TAG_ATTRIBUTE_RE.finditer(text)
    }


def split(url):
    try:
        return urlsplit(url)
    except ValueError:  # "http://[": a URL that cannot be read names no file of ours
        return urlsplit("//invalid")


def file_name(url):
    return unquote(PurePosixPath(split(url).path).name) or url


class Players:
    """Rewrites the players of one body (`links`: wordpress.convert.link_media.Links)."""

    def __init__(self, links):
        self.links, self.base = links, storage_base_url()
        self.made = self.linked = self.dropped = 0

    @cached_property
    def copied(self):
        """The files copied, by their URL here: a player rewritten by an earlier run.
        Made only for a body with a player (every attachment's URL: costly per post)."""
        return {a.item.url: a.item for a in self.links.attachments.values() if a.item}

    def is_ours(self, url):
        parts = split(url)
        return url.startswith(self.base) or (
            not parts.scheme and not parts.netloc and url.startswith("/")
            and not url.startswith("/wp-content/")
        )  # fmt: skip

    def local(self, url, kind):
        """(the library's URL, its MediaItem when known) for a file already ours or a
        copied attachment, or None."""
        if self.is_ours(url):
            return url, self.copied.get(url)
        attachment = self.find(url)
        item = attachment.item if attachment is not None else None
        if item is None or (item.kind == "image") != (kind == "image"):
            return None
        return item.url, item

    def old(self, url):
        """The address of a file not copied: the attachment's own, absolute."""
        attachment = self.find(url)
        return attachment.url if attachment is not None and attachment.url else url

    def find(self, url):
        try:
            return self.links.find(url)
        except ValueError:  # not a URL at all ("http://[")
            return None

    def rewrite(self, body):
        return PLAYER_RE.sub(self.player, body)

    def player(self, match):
        kind, found = match[1].lower(), tag_attributes(match[2])
        inner = [(m[1].lower(), tag_attributes(m[2])) for m in SOURCE_RE.finditer(match[3])]
        urls = [found.get("src", "").strip()]
        urls += [found_in.get("src", "").strip() for name, found_in in inner if name == "source"]
        urls = [url for url in urls if url]
        if not urls:
            self.dropped += 1
            return ""
        ours = [local for local in (self.local(url, kind) for url in urls) if local]
        attributes = {"controls": "", "preload": "none" if kind == "audio" else "metadata"}
        if ours:
            self.made += 1
            attributes["src"], item = ours[0]
            name = item.original_filename if item else file_name(attributes["src"])
            if item is not None:  # the marker blog.media_uses looks for
                attributes["class"] = f"media-item-{item.pk}"
            poster = found.get("poster", "").strip()
            poster = self.local(poster, "image") if poster else None
            if kind == "video" and poster:
                attributes["poster"] = poster[0]
        else:
            self.linked += 1
            attributes["src"] = self.old(urls[0])
            name = file_name(attributes["src"])
        attributes.update({flag: "" for flag in KEPT_FLAGS if flag in found})
        tracks = "".join(
            tag("track", {key: t[key] for key in ("kind", "src", "srclang", "label") if key in t})
            for tag_name, t in inner
            if tag_name == "track" and t.get("src") and self.is_ours(t["src"])
        )
        fallback = f'<a href="{html.escape(attributes["src"])}">'
        fallback += f"{VERBS[kind]} {html.escape(name)}</a>"
        player = f"{tag(kind, attributes)}{tracks}{fallback}</{kind}>"
        if FIGURE_OPEN_RE.search(match.string[max(0, match.start() - 300) : match.start()]):
            return player
        return f'<figure class="wp-block-{kind}">{player}</figure>'


def link_players(body, links):
    """The body with its players written again, and the Players (what it counted:
    `made` of copied files, `linked` to files not copied, `dropped` naming no file)."""
    players = Players(links)
    if "<audio" in body or "<video" in body:
        body = players.rewrite(body)
    return body, players
