"""Galleries, columns, aligned images and covers of the block editor, imported with
their files (`import_wxr --media-dir`): each image a media item, laid out by class."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.support.imported import content_of
from tests.wordpress.fixtures.blocks_media import EXPORT, draw_uploads


@pytest.fixture
def imported(db, tmp_path):
    out = StringIO()
    call_command("import_wxr", str(EXPORT), "--media-dir", str(draw_uploads(tmp_path)), stdout=out)
    return out.getvalue()


def test_every_image_is_copied_and_shown_from_the_library(client, imported):
    """Six files copied; no image of the posts points at the old site any more."""
    assert "6 copied from the media folder" in imported
    for wp_id in (601, 602, 603):
        html = content_of(client, wp_id)
        assert "allotment.example.org" not in html
        assert "<picture" in html


def test_a_gallery_keeps_its_columns_and_cropping(client, imported):
    """Four columns, cropped, one figure per image with the first one's caption."""
    html = content_of(client, 601)

    gallery = re.search(r'<figure class="(wp-block-gallery[^"]*)">', html)
    assert gallery[1].split() == ["wp-block-gallery", "columns-4", "is-cropped"]
    assert html.count('<figure class="wp-block-image">') == 4
    assert "<figcaption>Runner beans on their poles</figcaption>" in html
    assert html.count("<figcaption") == 2  # the gallery's own under all four, not the last
    assert re.search(
        r'<figcaption class="blocks-gallery-caption">June on the plot</figcaption></figure>', html
    )


def test_aligned_images_keep_their_alignment(client, imported):
    """Left, right, centre, wide and full figures; the 16:9 crop as a class."""
    html = content_of(client, 603)

    for align in ("alignleft", "alignright", "aligncenter", "alignwide", "alignfull"):
        assert re.search(rf'<figure class="wp-block-image {align}\b', html), align
    assert re.search(r'<picture class="[^"]*is-aspect-16-9', html)
    assert 'width="240"' in html  # the size the author gave, not the file's


def test_a_cover_is_a_figure_of_its_image_with_the_text_over_it(client, imported):
    """The cover's image is a library picture; its text follows in the same figure."""
    html = content_of(client, 603)

    cover = re.search(r'<figure class="wp-block-cover[^"]*has-image">(.*?)</figure>', html, re.S)
    assert cover is not None
    assert cover[1].lstrip().startswith("<picture")
    assert "Open day: Saturday at ten" in cover[1]
    assert 'alt="The whole plot from the gate"' in cover[1]
    assert "wp-block-cover__background" not in html  # the empty overlay span is gone


def test_columns_with_an_image(client, imported):
    """A third and two thirds: the width classes, the image inside its column."""
    html = content_of(client, 602)

    assert re.search(r'<div class="wp-block-column is-width-33"><figure[^>]*><picture', html)
    assert '<div class="wp-block-column is-width-66">' in html
    assert "style=" not in html


def test_importing_again_changes_nothing(imported, tmp_path):
    """The second run with the same files leaves every post unchanged."""
    out = StringIO()
    call_command("import_wxr", str(EXPORT), "--media-dir", str(tmp_path), stdout=out)

    row = next(line for line in out.getvalue().splitlines() if line.startswith("posts"))
    assert row.split()[1:] == ["0", "0", "3", "0"]
