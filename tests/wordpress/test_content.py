"""Post content from WordPress: paragraphs, shortcodes, captions and block comments."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from wordpress.convert.autop import autop
from wordpress.convert.body import convert_body, convert_excerpt, convert_shortcodes


def test_blank_line_makes_paragraphs():
    """A blank line separates paragraphs."""
    assert autop("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>"


def test_single_newline_is_a_line_break():
    """A single newline inside a paragraph is a <br>."""
    assert autop("Roses are red,\nviolets are blue.") == (
        "<p>Roses are red,<br>\nviolets are blue.</p>"
    )


def test_pre_is_kept_as_written():
    """Newlines and blank lines inside <pre> are left alone."""
    text = "Code:\n<pre>a = 1\n\nb = 2</pre>\nDone."
    assert autop(text) == "<p>Code:</p>\n<pre>a = 1\n\nb = 2</pre>\n<p>Done.</p>"


def test_block_elements_are_not_wrapped():
    """Lists and headings stand alone; the text around them gets paragraphs."""
    text = "<h2>Title</h2>\nIntro\n<ul>\n\t<li>One</li>\n\t<li>Two</li>\n</ul>\nOutro"
    assert autop(text) == (
        "<h2>Title</h2>\n<p>Intro</p>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n<p>Outro</p>"
    )


def test_text_in_a_container_gets_paragraphs():
    """Text directly inside a blockquote is put in paragraphs, as WordPress does."""
    assert autop("<blockquote>Stay hungry.\nStay foolish.</blockquote>") == (
        "<blockquote>\n<p>Stay hungry.<br>\nStay foolish.</p>\n</blockquote>"
    )


def test_more_tag_stands_between_paragraphs():
    """<!--more--> is never inside a paragraph, so the excerpt ends cleanly."""
    assert autop("Before.<!--more-->After.") == "<p>Before.</p>\n<!--more-->\n<p>After.</p>"


@given(st.text(alphabet="ab \n<>/prequlidv!-", max_size=80))
def test_autop_is_idempotent(text):
    """Running autop on its own output changes nothing."""
    once = autop(text)
    assert autop(once) == once


def test_caption_with_attribute_becomes_figure():
    """The old [caption caption="…"] form becomes a figure with a figcaption."""
    out = convert_shortcodes(
        '[caption id="a1" align="alignleft" caption="Old"]<img src="x.jpg">[/caption]', Counter()
    )
    assert out == (
        '<figure class="wp-caption alignleft"><img src="x.jpg">'
        "<figcaption>Old</figcaption></figure>"
    )


def test_caption_with_trailing_text_becomes_figure():
    """The newer form, a linked image followed by the caption text, becomes a figure."""
    out = convert_shortcodes(
        '[caption id="a2" align="alignnone"]<a href="big.jpg"><img src="x.jpg" /></a> '
        "A <em>green</em> one.[/caption]",
        Counter(),
    )
    assert out == (
        '<figure class="wp-caption alignnone"><a href="big.jpg"><img src="x.jpg" /></a>'
        "<figcaption>A <em>green</em> one.</figcaption></figure>"
    )


def test_other_shortcodes_are_dropped_and_counted():
    """Self-closing shortcodes vanish; each is counted by name."""
    dropped = Counter()
    out = convert_shortcodes('A [playlist ids="1,2"] B [soundcloud id="7"] C [playlist]', dropped)
    assert out == "A  B  C "
    assert dropped == Counter({"playlist": 2, "soundcloud": 1})


def test_enclosing_shortcode_keeps_its_text():
    """An enclosing shortcode is dropped, the text it wraps is kept."""
    dropped = Counter()
    assert (
        convert_shortcodes("[embed]https://v.example/1[/embed]", dropped) == "https://v.example/1"
    )
    assert dropped == Counter({"embed": 1})


def test_bracketed_words_are_not_shortcodes():
    """[sic] and [simple boat] are text: not known, no attributes, no closing tag."""
    dropped = Counter()
    assert convert_shortcodes("He said [sic] a [simple boat].", dropped) == (
        "He said [sic] a [simple boat]."
    )
    assert not dropped


def test_escaped_shortcode_is_literal():
    """[[gallery]] is WordPress's way to write a literal [gallery]."""
    assert convert_shortcodes("Type [[gallery]] to add one.", Counter()) == (
        "Type [gallery] to add one."
    )


def test_block_comments_are_removed_and_paragraphs_left_alone():
    """Block-editor content loses its <!-- wp:… --> comments and gets no extra <p>."""
    text = (
        "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:quote {"a":1} -->\n<blockquote><p>Q</p>\nline</blockquote>\n'
        "<!-- /wp:quote -->\n\n<!-- wp:separator /-->"
    )
    assert convert_body(text) == "<p>One</p>\n\n<blockquote><p>Q</p>\nline</blockquote>"


def test_more_tag_with_text_is_normalised():
    """<!--more Read on--> becomes the plain excerpt break."""
    assert convert_body("Intro<!--more Read on-->Rest") == (
        "<p>Intro</p>\n<!--more-->\n<p>Rest</p>"
    )


def test_nextpage_becomes_a_paragraph_break():
    """Paginated posts become one page."""
    assert convert_body("Page one<!--nextpage-->Page two") == ("<p>Page one</p>\n<p>Page two</p>")


def test_excerpt_is_html_paragraphs():
    """A hand-written excerpt becomes paragraphs that Markdown leaves alone."""
    assert convert_excerpt("Short *and* sweet.\n") == "<p>Short *and* sweet.</p>"
