"""WordPress embeds as links: this site loads nothing from another host (its CSP).

WordPress turns a URL of YouTube, Vimeo, X… into the provider's player when it shows the
post. Here the reader gets a link that says where it leads: the embed block (`wp:embed`,
and the older `wp:core-embed/<provider>`) keeps its figure and caption around a link
named after the provider; an `[embed]URL[/embed]` shortcode and a known provider's URL
alone on its line (WordPress's auto-embed) become the same link.
"""

import html
import json
import re
from urllib.parse import urlsplit

EMBED_BLOCK_RE = re.compile(
    r"<!--\s+wp:(?:embed|core-embed/[\w-]+)(\s+\{.*?\})?\s+-->(.*?)"
    r"<!--\s+/wp:(?:embed|core-embed/[\w-]+)\s+-->",
    re.DOTALL,
)
EMBED_SHORTCODE_RE = re.compile(r"\[embed\b[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.IGNORECASE)
URL_LINE_RE = re.compile(r"(?m)^[ \t]*(https?://[^\s<>\"']+)[ \t]*$")
FIGCAPTION_RE = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL | re.IGNORECASE)
LINK_URL_RE = re.compile(r"https?://[^\s<>\"']+")

# Hosts WordPress embeds by itself, and how their pages are named.
PROVIDERS = {
    "youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)", "x.com": "X (Twitter)", "facebook.com": "Facebook",
    "instagram.com": "Instagram", "soundcloud.com": "SoundCloud", "spotify.com": "Spotify",
    "flickr.com": "Flickr", "tiktok.com": "TikTok", "dailymotion.com": "Dailymotion",
    "wordpress.tv": "WordPress.tv", "ted.com": "TED", "reddit.com": "Reddit",
    "slideshare.net": "SlideShare", "scribd.com": "Scribd", "mixcloud.com": "Mixcloud",
    "tumblr.com": "Tumblr", "imgur.com": "Imgur", "issuu.com": "Issuu",
    "kickstarter.com": "Kickstarter", "speakerdeck.com": "Speaker Deck",
    "videopress.com": "VideoPress", "pinterest.com": "Pinterest", "wordpress.com": "WordPress.com",
}  # fmt: skip


def provider(url):
    """The provider's name for a URL WordPress would embed, else None."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for known, name in PROVIDERS.items():
        if host == known or host.endswith("." + known):
            return name
    return None


def embed_link(url, name=None):
    """A link to an embedded page: "Watch on YouTube", "See on X (Twitter)"…"""
    name = name or provider(url) or urlsplit(url).hostname or "the original page"
    return (
        f'<p class="embed-link"><a href="{html.escape(url)}">{html.escape(name)}: '
        f"{html.escape(shown(url))}</a></p>"
    )


def shown(url):
    """The URL as a reader reads it: without the scheme and "www."."""
    parts = urlsplit(url)
    rest = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return (parts.netloc.removeprefix("www.") + rest)[:120]


def convert_embeds(text, counts):
    """Embed blocks, [embed] shortcodes and auto-embed lines as links; `counts` counts them."""
    text = EMBED_BLOCK_RE.sub(lambda match: _block(match, counts), text)
    text = EMBED_SHORTCODE_RE.sub(lambda match: _counted(match[1], counts), text)
    return URL_LINE_RE.sub(
        lambda match: _counted(match[1], counts) if provider(match[1]) else match[0], text
    )


def _counted(url, counts):
    counts["embeds as links"] += 1
    return embed_link(html.unescape(url))


def _block(match, counts):
    try:
        attributes = json.loads(match[1] or "{}")
    except ValueError:
        attributes = {}
    inner = match[2]
    found = LINK_URL_RE.search(inner)
    url = str(attributes.get("url") or (found[0] if found else "")).strip()
    if not url.startswith(("http://", "https://")):
        counts["embeds without an address"] += 1
        return ""
    caption = FIGCAPTION_RE.search(inner)
    figcaption = f"<figcaption>{caption[1].strip()}</figcaption>" if caption else ""
    counts["embeds as links"] += 1
    return f'<figure class="wp-block-embed">{embed_link(url)}{figcaption}</figure>'
