"""Comment text to HTML: the allow-list, links, and paragraphs."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.display.sanitize import clean, count_links, paragraphs, render_comment

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize("tag", ["abbr", "b", "cite", "code", "del", "em", "i", "q", "s", "strong"])
def test_allowed_inline_tags_are_kept(tag):
    """The allow-listed inline tags survive."""
    assert render_comment(f"<{tag}>word</{tag}>") == f"<p><{tag}>word</{tag}></p>"


def test_blockquote_is_kept_with_its_paragraphs():
    """A blockquote keeps the paragraphs inside it whole."""
    html = render_comment("You wrote:\n<blockquote>one\n\ntwo</blockquote>\nIndeed.")
    assert (
        html == "<p>You wrote:</p>\n<blockquote>\n<p>one</p>\n<p>two</p>\n</blockquote>\n"
        "<p>Indeed.</p>"
    )


@pytest.mark.parametrize("tag", ["h1", "div", "span", "img", "table", "u", "pre", "font"])
def test_other_tags_are_removed_and_their_text_kept(tag):
    """Tags outside the allow-list go; the words inside them stay."""
    html = render_comment(f"<{tag}>word</{tag}>")
    assert f"<{tag}" not in html
    assert html.replace("\n", "") == "<p>word</p>"


def test_blank_lines_make_paragraphs_and_newlines_breaks():
    """Blank lines separate paragraphs, single newlines become <br>."""
    assert render_comment("one\ntwo\n\n\nthree") == "<p>one<br>\ntwo</p>\n<p>three</p>"


def test_windows_line_endings_are_understood():
    """CRLF text paragraphs the same as LF text."""
    assert render_comment("one\r\ntwo\r\n\r\nthree") == render_comment("one\ntwo\n\nthree")


def test_urls_in_text_become_marked_links():
    """A bare URL becomes a link with rel="nofollow ugc noopener"."""
    html = render_comment("See https://example.com/page for more")
    assert (
        html == f'<p>See <a href="https://example.com/page" {REL}>https://example.com/page</a>'
        " for more</p>"
    )


def test_written_links_get_the_rel_and_lose_target():
    """Links typed as HTML get the rel and lose target and other attributes."""
    html = render_comment('<a href="https://example.com" target="_blank" class="x">here</a>')
    assert html == f'<p><a href="https://example.com" {REL}>here</a></p>'


def test_link_rel_cannot_be_chosen_by_the_commenter():
    """A commenter's own rel is replaced."""
    html = render_comment('<a href="https://example.com" rel="opener">x</a>')
    assert html == f'<p><a href="https://example.com" {REL}>x</a></p>'


def test_mailto_links_are_allowed():
    """mailto: links are kept."""
    assert 'href="mailto:me@example.com"' in render_comment('<a href="mailto:me@example.com">m</a>')


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "ftp://example.com/",
        "/relative",
        "#fragment",
        "//example.com/",
    ],
)
def test_links_to_anything_but_http_and_mailto_lose_their_link(href):
    """Links to other schemes (or no scheme) are reduced to their text."""
    assert render_comment(f'<a href="{href}">text</a>') == "<p>text</p>"


def test_urls_inside_code_are_not_linked():
    """Code stays literal."""
    assert render_comment("<code>https://example.com</code>") == (
        "<p><code>https://example.com</code></p>"
    )


def test_comments_in_markup_are_dropped():
    """HTML comments do not reach the page."""
    assert render_comment("a<!-- hidden -->b") == "<p>ab</p>"


def test_text_with_angle_brackets_is_escaped():
    """Comparisons and ampersands are shown as typed."""
    assert render_comment("if a < b && c > d") == "<p>if a &lt; b &amp;&amp; c &gt; d</p>"


def test_unclosed_tags_are_closed():
    """Broken markup cannot swallow the rest of the page."""
    assert render_comment("<b>bold <i>both") == "<p><b>bold <i>both</i></b></p>"


def test_empty_text_renders_nothing():
    """Whitespace alone renders to nothing."""
    assert render_comment("  \n\n  ") == ""


def test_links_are_counted():
    """count_links counts written and autolinked links."""
    html = render_comment('https://a.example.com and <a href="https://b.example.org">b</a>')
    assert count_links(html) == 2


@given(st.text(alphabet=st.characters(exclude_characters="<>&")))
@settings(max_examples=300, deadline=None)
def test_text_that_skips_the_cleaner_renders_as_the_cleaner_would(text):
    """The fast path for plain text gives exactly the cleaner's HTML."""
    expected = re.sub(r"<p>\s*</p>", "", clean(paragraphs(text)))
    assert render_comment(text) == expected
