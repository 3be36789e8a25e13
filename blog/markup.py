"""Turning a post's source (Markdown or HTML) into stored HTML and excerpts."""

import html
import re
from functools import partial

import markdown
from django.utils.html import strip_tags
from django.utils.text import Truncator

from blog.figures import ImageReport, MediaFigures, html_images
from blog.sanitize import clean_post_html

MORE_MARKER = "<!--more-->"
MORE_RE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
EXCERPT_WORDS = 55

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "footnotes", "sane_lists", "toc", "smarty"]


def render_markdown(text, *, eager_first=False, report=None):
    """Sanitised HTML for Markdown text, its media images as figures (blog.figures).

    `eager_first`: the first image is what a reader sees first, so it is not lazy.
    `report`: an ImageReport to learn of images without alt text or unknown references.
    """
    figures = MediaFigures(report or ImageReport(), eager_first=eager_first)
    extensions = [*MARKDOWN_EXTENSIONS, figures]
    rendered = markdown.markdown(text, extensions=extensions, output_format="html")
    return clean_post_html(rendered)


def render_body(text, body_format, *, eager_first=False, report=None):
    """Sanitised HTML for a post body in the given format ("markdown" or "html")."""
    text = MORE_RE.sub("", text)
    if body_format == "html":  # its media images get the figures' <picture> too
        return clean_post_html(text, images=partial(html_images, eager_first=eager_first))
    return render_markdown(text, eager_first=eager_first, report=report)


def image_problems(text, body_format):
    """What is wrong with the media images of a Markdown body, as sentences; [] if nothing."""
    if body_format == "html":
        return []
    report = ImageReport()
    render_body(text, body_format, report=report)
    problems = [
        f"The image {src} has no alt text: write what it shows between the brackets, "
        f"![like this]({src}), or give it alt text in the media library."
        for src in dict.fromkeys(report.missing_alt)
    ]
    problems += [
        f"There is no image {src} in the media library." for src in dict.fromkeys(report.unknown)
    ]
    return problems


def plain_text(fragment_html):
    """Readable text of an HTML fragment: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(strip_tags(fragment_html)).split())


def excerpt_html(explicit_excerpt, body, body_format, body_html):
    """The list-page excerpt and whether the post continues after it.

    An explicit excerpt wins; else the text before <!--more-->; else the first
    EXCERPT_WORDS words of the body.
    """
    if explicit_excerpt.strip():
        return render_markdown(explicit_excerpt), True
    parts = MORE_RE.split(body, maxsplit=1)
    if len(parts) == 2:
        return render_body(parts[0], body_format), True
    text = plain_text(body_html)
    short = Truncator(text).words(EXCERPT_WORDS, truncate="…")
    return f"<p>{html.escape(short)}</p>", short != text
