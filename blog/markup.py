"""Turning a post's source (Markdown or HTML) into stored HTML and excerpts."""

import html
import re

import markdown
from django.utils.html import strip_tags
from django.utils.text import Truncator

from blog.sanitize import clean_post_html

MORE_MARKER = "<!--more-->"
MORE_RE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
EXCERPT_WORDS = 55

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "footnotes", "sane_lists", "toc", "smarty"]


def render_markdown(text):
    """Sanitised HTML for Markdown text."""
    rendered = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return clean_post_html(rendered)


def render_body(text, body_format):
    """Sanitised HTML for a post body in the given format ("markdown" or "html")."""
    text = MORE_RE.sub("", text)
    if body_format == "html":
        return clean_post_html(text)
    return render_markdown(text)


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
