"""The block editor's media and text block, imported with its file (`--media-dir`): the
image from the library, the text kept, its layout said by classes the stylesheet knows."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from PIL import Image

from tests.support import wxr_files
from tests.support.imported import content_of
from wordpress.importing.importer import import_wxr
from wordpress.importing.media import MediaOptions
from wordpress.models import ImportedMedia

OLD = "https://test.example.org/wp-content/uploads/2024/05"
STYLESHEET = settings.BASE_DIR / "static" / "css" / "site.css"

# Media on the right, 40% wide, stacked on phones; the <img> is a resized variant.
BEANS = (
    '<!-- wp:media-text {"mediaId":40,"mediaType":"image","mediaPosition":"right",'
    '"mediaWidth":40} -->'
    '<div class="wp-block-media-text has-media-on-the-right is-stacked-on-mobile" '
    'style="grid-template-columns:auto 40%">'
    '<figure class="wp-block-media-text__media">'
    f'<img src="{OLD}/runner-beans-1024x768.jpg" alt="" class="wp-image-40 size-full"/>'
    "</figure>"
    '<div class="wp-block-media-text__content">'
    "<!-- wp:paragraph --><p>The beans found the top of their poles in the second week "
    "of June.</p><!-- /wp:paragraph -->"
    "<!-- wp:paragraph --><p>Next year: a taller frame.</p><!-- /wp:paragraph -->"
    "</div></div><!-- /wp:media-text -->"
)
# The defaults: media on the left, half the width; side by side on phones too.
SHED = (
    '<!-- wp:media-text {"mediaId":41,"mediaType":"image","isStackedOnMobile":false,'
    '"verticalAlignment":"top"} -->'
    '<div class="wp-block-media-text is-vertically-aligned-top">'
    '<figure class="wp-block-media-text__media">'
    f'<img src="{OLD}/shed.jpg" alt="The shed door" class="wp-image-41 size-full"/></figure>'
    '<div class="wp-block-media-text__content"><!-- wp:paragraph -->'
    "<p>The shed, repainted.</p><!-- /wp:paragraph --></div></div><!-- /wp:media-text -->"
)


@pytest.fixture
def imported(db, tmp_path):
    month = tmp_path / "uploads" / "2024" / "05"
    month.mkdir(parents=True)
    Image.new("RGB", (1600, 1200), "darkgreen").save(month / "runner-beans.jpg", "JPEG")
    Image.new("RGB", (900, 900), "brown").save(month / "shed.jpg", "JPEG")
    export = tmp_path / "export.xml"
    export.write_text(
        wxr_files.export(
            wxr_files.item(50, "Beans", BEANS + SHED),
            wxr_files.attachment(
                40, f"{OLD}/runner-beans.jpg", "2024/05/runner-beans.jpg",
                alt="Runner beans at the top of their poles",
            ),
            wxr_files.attachment(41, f"{OLD}/shed.jpg", "2024/05/shed.jpg"),
        )
    )  # fmt: skip
    return import_wxr(export, media=MediaOptions(directory=tmp_path / "uploads"))


def blocks_of(html):
    """Each media and text block's classes and the <source>/<img> attributes in it."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if "wp-block-media-text" in attributes.get("class", "").split():
                found.append({"classes": attributes["class"].split(), "source": {}, "img": {}})
            elif tag in ("source", "img") and found:
                found[-1][tag] = attributes

    Finder().feed(html)
    return found


def test_the_image_is_the_librarys_with_the_attachments_alt(client, imported):
    """The resized variant's URL became the library item's picture, with its alt text."""
    beans = ImportedMedia.objects.get(wp_id=40).item
    html = content_of(client, 50)

    first, second = blocks_of(html)
    assert first["img"]["src"] == beans.fitting(960)
    assert first["img"]["srcset"] == beans.srcset()
    assert first["source"] == {"type": "image/webp", "srcset": beans.webp_srcset(),
                               "sizes": first["img"]["sizes"]}  # fmt: skip
    assert first["img"]["alt"] == "Runner beans at the top of their poles"
    assert second["img"]["alt"] == "The shed door"
    assert "test.example.org" not in html
    assert re.search(
        r'<figure class="wp-block-media-text__media"><picture class="[^"]*media-item-', html
    )


def test_the_text_is_kept_beside_the_media(client, imported):
    """Both paragraphs stay in the block's content, after its figure; no block comment."""
    html = content_of(client, 50)

    content = re.search(
        r'</figure><div class="wp-block-media-text__content">(.*?)</div>', html, re.S
    )
    assert content[1] == (
        "<p>The beans found the top of their poles in the second week of June.</p>"
        "<p>Next year: a taller frame.</p>"
    )
    assert "wp:" not in html


def test_the_layout_is_said_by_classes_not_styles(client, imported):
    """Right, stacked on phones, 40% wide as classes; the defaults add none; no style."""
    html = content_of(client, 50)

    first, second = blocks_of(html)
    assert first["classes"] == [
        "wp-block-media-text", "has-media-on-the-right", "is-stacked-on-mobile",
        "is-media-width-40",
    ]  # fmt: skip
    assert second["classes"] == ["wp-block-media-text", "is-vertically-aligned-top"]
    assert "style=" not in html


def test_the_stylesheet_lays_those_classes_out(imported):
    """Each class the block was given has a rule: the width, the side, the stacking."""
    css = STYLESHEET.read_text()

    assert re.search(r"\.wp-block-media-text\.is-media-width-40 \{ --media-width: 40%; \}", css)
    assert re.search(
        r"\.wp-block-media-text\.has-media-on-the-right \{ grid-template-columns: "
        r"minmax\(0, 1fr\) var\(--media-width\); \}",
        css,
    )
    stacked = re.search(r"@media \(max-width: [\d.]+rem\) \{\s*\.wp-block-media-text\."
                        r"is-stacked-on-mobile \{ grid-template-columns: minmax\(0, 1fr\); \}",
                        css)  # fmt: skip
    assert stacked
    assert ".wp-block-media-text.is-vertically-aligned-top { align-items: start; }" in css
