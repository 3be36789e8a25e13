"""Imported block-editor posts in a real browser, on a phone and on a desktop.

tests/wordpress/fixtures/blocks-media.xml is imported with its files (`--media-dir`,
PNGs drawn by Pillow), then its gallery, columns and aligned-images posts are opened
375 and 1280 pixels wide: nothing scrolls sideways, the columns stand side by side
on the desktop and one under the other on the phone, the gallery has its four images a
row (two on the phone), aligned images float beside the text on the desktop, and the
CSP reports nothing. Screenshots go to
test-artifacts/screenshots/imported-{gallery,columns,aligned}-{375,1280}.png.
"""

from io import StringIO
from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

from tests.support.browser_steps import browser_page, csp_violations
from tests.wordpress.fixtures.blocks_media import EXPORT, draw_uploads
from wordpress.models import ImportedPage, ImportedPost

pytestmark = pytest.mark.browser
SHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
WIDTHS = (375, 1280)
POSTS = {"gallery": 601, "columns": 602, "aligned": 603}
BLOCKS = EXPORT.with_name("blocks.xml")  # lists, buttons, footnotes, widgets
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# A function, not an expression: Playwright would eval() an expression, which the CSP forbids.
ALL_LOADED = """() => Array.from(document.querySelectorAll("article img"))
  .every((img) => img.complete && img.naturalWidth > 0)"""
# The boxes of the elements a selector finds, rounded to whole pixels.
BOXES = """(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
  const box = element.getBoundingClientRect();
  return {left: Math.round(box.left), top: Math.round(box.top),
          right: Math.round(box.right), bottom: Math.round(box.bottom)};
})"""

# Where the first line of each paragraph's text is: beside a float, it starts after it.
FIRST_LINES = """() => Array.from(document.querySelectorAll(".post-content > p")).map((p) => {
  const range = document.createRange();
  range.selectNodeContents(p);
  const line = range.getClientRects()[0];
  return {left: Math.round(line.left), right: Math.round(line.right), top: Math.round(line.top)};
})"""


@pytest.fixture
def imported(transactional_db, tmp_path):
    """The three posts, imported with their images copied into the media library."""
    uploads = draw_uploads(tmp_path / "uploads")
    call_command("import_wxr", str(EXPORT), "--media-dir", str(uploads), stdout=StringIO())
    rows = ImportedPost.objects.select_related("post").filter(wp_id__in=POSTS.values())
    by_id = {row.wp_id: row.post for row in rows}
    return {name: by_id[wp_id] for name, wp_id in POSTS.items()}


def read(chromium, live_server, post, name, width):
    """Open the post `width` px wide, wait for its images, screenshot it; its page."""
    with browser_page(chromium, live_server, viewport={"width": width, "height": 900}) as page:
        page.goto(live_server.url + post.get_absolute_url())
        page.mouse.wheel(0, 20_000)  # down to the lazy images, as a reader scrolls
        page.wait_for_function(ALL_LOADED)
        page.evaluate("window.scrollTo(0, 0)")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"imported-{name}-{width}.png", full_page=True)
        seen = {
            "overflow": page.evaluate(OVERFLOW),
            "csp": csp_violations(page),
            "columns": [
                page.evaluate(BOXES, f".wp-block-columns:nth-of-type({n}) > .wp-block-column")
                for n in (1, 2)
            ],
            "gallery": page.evaluate(BOXES, ".wp-block-gallery > figure"),
            "floats": page.evaluate(BOXES, "figure.alignleft, figure.alignright"),
            "first_lines": page.evaluate(FIRST_LINES),
            "content": page.evaluate(BOXES, ".post-content")[0],
        }
    assert seen["overflow"] <= 0, f"{name} scrolls sideways at {width}px"
    assert seen["csp"] == [], seen["csp"]
    assert (SHOTS / f"imported-{name}-{width}.png").stat().st_size > 5_000
    return seen


def rows(boxes):
    """How many boxes there are in each row (boxes with the same top)."""
    tops = {}
    for box in boxes:
        tops[box["top"]] = tops.get(box["top"], 0) + 1
    return list(tops.values())


def test_a_gallery_has_four_a_row_on_a_desktop_and_two_on_a_phone(chromium, live_server, imported):
    """Four images in one row at 1280 px, two rows of two at 375 px."""
    wide = read(chromium, live_server, imported["gallery"], "gallery", 1280)
    narrow = read(chromium, live_server, imported["gallery"], "gallery", 375)

    assert rows(wide["gallery"]) == [4]
    assert rows(narrow["gallery"]) == [2, 2]


def test_columns_stand_side_by_side_and_stack_on_a_phone(chromium, live_server, imported):
    """At 1280 px each columns block is one row, widths as set; at 375 px one column a row."""
    wide = read(chromium, live_server, imported["columns"], "columns", 1280)
    narrow = read(chromium, live_server, imported["columns"], "columns", 375)

    third, two_thirds = wide["columns"][0]
    assert rows(wide["columns"][0]) == [2] and rows(wide["columns"][1]) == [3]
    assert 1.7 < (two_thirds["right"] - two_thirds["left"]) / (third["right"] - third["left"]) < 2.3
    for columns in narrow["columns"]:
        assert rows(columns) == [1] * len(columns)
        assert all(a["bottom"] <= b["top"] for a, b in pairwise(columns))


def test_aligned_images_float_on_a_desktop_and_fill_a_phone(chromium, live_server, imported):
    """Left and right images have text beside them at 1280 px, and the column at 375 px."""
    wide = read(chromium, live_server, imported["aligned"], "aligned", 1280)
    narrow = read(chromium, live_server, imported["aligned"], "aligned", 375)

    left, right = wide["floats"]
    content = wide["content"]
    assert left["left"] == content["left"] and right["right"] == content["right"]
    beside_left = [
        line for line in wide["first_lines"] if left["top"] <= line["top"] < left["bottom"]
    ]
    beside_right = [
        line for line in wide["first_lines"] if right["top"] <= line["top"] < right["bottom"]
    ]
    assert beside_left and all(line["left"] >= left["right"] for line in beside_left)
    assert beside_right and all(line["right"] <= right["left"] for line in beside_right)
    assert not [
        line for line in narrow["first_lines"] if line["left"] > narrow["content"]["left"] + 1
    ]
    for figure in narrow["floats"]:
        assert figure["left"] == narrow["content"]["left"]
        assert figure["right"] == narrow["content"]["right"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_imported_blocks_have_no_accessibility_violation(
    chromium, live_server, imported, axe, scheme
):
    """Covers, buttons, separators, footnotes and the widgets: nothing axe objects to."""
    call_command("import_wxr", str(BLOCKS), stdout=StringIO())
    pages = [imported["aligned"], imported["gallery"]]
    pages += [row.post for row in ImportedPost.objects.filter(wp_id__in=[401, 403])]
    pages += [row.page for row in ImportedPage.objects.filter(wp_id=404)]
    found = {}
    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        for obj in pages:
            page.goto(live_server.url + obj.get_absolute_url())
            page.mouse.wheel(0, 20_000)
            page.wait_for_function(ALL_LOADED)
            found[obj.title] = [
                f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in axe.run(page).response["violations"]
            ]
            assert csp_violations(page) == []
    assert found == {obj.title: [] for obj in pages}
