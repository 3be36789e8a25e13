"""Block-editor content imported as its author saw it, with no inline style.

tests/wordpress/fixtures/blocks.xml is the export, imported with the `import_wxr`
command as a user runs it; each test reads the imported post's page as a reader does.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from wordpress.models import ImportedPage, ImportedPost

BLOCKS = Path(__file__).parent / "fixtures" / "blocks.xml"


@pytest.fixture
def output(db):
    """What the import command printed."""
    out = StringIO()
    call_command("import_wxr", str(BLOCKS), stdout=out)
    return out.getvalue()


def content_of(client, obj):
    """The post-content element of a post's or page's page, as HTML text."""
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    return page.split('<div class="post-content">', 1)[1].split("</article>", 1)[0], page


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def page_of(wp_id):
    return ImportedPage.objects.select_related("page").get(wp_id=wp_id).page


class Elements(HTMLParser):
    """Every start tag of a document as (name, {attribute: value})."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_lists_keep_their_counters(client, output):
    """Roman numerals and letters as <ol type>, with start and reversed kept."""
    html, _ = content_of(client, post(401))

    lists = [attrs for tag, attrs in Elements(html).found if tag == "ol"]
    assert [attrs.get("type") for attrs in lists] == ["i", "A", "I"]
    assert "start" in lists[1] and lists[1]["start"] == "3" and "reversed" in lists[1]


def test_no_style_attribute_reaches_the_page(client, output):
    """Alignment, spacing and widths are classes: the import writes no style= for the
    sanitiser to strip, and none is on the page."""
    for obj in (post(401), post(402), post(403), page_of(404)):
        html, _ = content_of(client, obj)
        assert "style=" not in html, obj
        assert "style=" not in obj.body, obj


def test_text_alignment_becomes_classes(client, output):
    """A centred paragraph and a heading aligned with a style get has-text-align-*."""
    html, _ = content_of(client, post(401))

    assert '<p class="has-text-align-center">Three steps' in html
    assert re.search(r'<h2 class="wp-block-heading has-text-align-right"[^>]*>Right-hand', html)


def test_block_styles_and_buttons_keep_their_classes(client, output):
    """Large quote, dotted separator, striped table, buttons as links styled as buttons."""
    html, _ = content_of(client, post(401))
    classes = " ".join(attrs.get("class", "") for _, attrs in Elements(html).found)

    for name in ("is-style-large", "is-style-dots", "is-style-stripes", "is-style-outline"):
        assert name in classes
    buttons = [
        a for tag, a in Elements(html).found if "wp-block-button__link" in a.get("class", "")
    ]
    assert [(a["href"]) for a in buttons] == [
        "https://allotment.example.org/seeds/",
        "https://allotment.example.org/rota/",
    ]


def test_a_spacer_is_a_height_class_hidden_from_screen_readers(client, output):
    """style="height:48px" is the nearest height class, on an aria-hidden element."""
    html, _ = content_of(client, post(401))

    assert '<div aria-hidden="true" class="wp-block-spacer is-height-50"></div>' in html


def test_an_open_details_block_stays_open(client, output):
    """showContent: the first details is open, the second closed as it was."""
    html, _ = content_of(client, post(401))

    details = [attrs for tag, attrs in Elements(html).found if tag == "details"]
    assert ["open" in attrs for attrs in details] == [True, False]


def test_columns_keep_their_widths_as_classes(client, output):
    """flex-basis and the block's width: the nearest width class; the third shares."""
    html, _ = content_of(client, post(402))

    columns = [
        attrs["class"]
        for _, attrs in Elements(html).found
        if "wp-block-column" in attrs.get("class", "").split()
    ]
    assert columns == [
        "wp-block-column is-width-25",
        "wp-block-column is-width-50",
        "wp-block-column",
    ]


def test_footnotes_come_from_post_meta_in_markdowns_markup(client, output):
    """Each reference links to its note and back, by ids that are in the page."""
    html, page = content_of(client, post(403))

    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert "Or when it smells of <em>ammonia</em>." in html
    assert "Like a wrung-out sponge." in html
    ids = {attrs["id"] for _, attrs in Elements(page).found if "id" in attrs}
    targets = [
        a["href"][1:]
        for tag, a in Elements(html).found
        if tag == "a" and a.get("href", "").startswith("#")
    ]
    assert len(targets) == 4 and set(targets) <= ids
    # At the footnotes block's place: before the paragraph that followed it.
    assert html.index('<div class="footnote">') < html.index("More next spring.")


def test_nothing_of_wordpress_is_left_over(client, output):
    """No block comment, no shortcode, no empty paragraph or wrapper."""
    for obj in (post(401), post(402), post(403), page_of(404)):
        html, _ = content_of(client, obj)
        assert "<!-- wp:" not in html and "wp:" not in html
        assert "<p></p>" not in html and "[archives" not in html
        assert not re.search(
            r"<(div|ul|ol|p|figure)\b[^>]*>\s*</\1>",
            html.replace('<div aria-hidden="true" class="wp-block-spacer is-height-50"></div>', ""),
        ), obj


def test_dropped_dynamic_blocks_are_counted_in_the_summary(output):
    """Calendar twice, RSS and social links: counted by name; the widgets too."""
    assert "dropped (WordPress builds them when it shows a page" in output
    assert "calendar ×2" in output and "rss ×1" in output and "social-links ×1" in output
    assert "latest-posts ×1" in output and "tag-cloud ×1" in output


def test_a_dropped_blocks_title_goes_with_it(client, output):
    """The heading over the calendar and the group around the social links are gone."""
    html, _ = content_of(client, page_of(404))

    assert "Calendar" not in html and "Follow me" not in html
    assert "Latest" in html  # the latest posts are shown: their title stays
