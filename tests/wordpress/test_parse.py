"""Reading WXR files: records, namespaces of WXR 1.0 to 1.2, and files refused."""

import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest

from wordpress.reading import wxr
from wordpress.reading.records import Author, Item, Site, Term

FIXTURES = Path(__file__).parents[1] / "data" / "wxr"


def records(name, kind=None):
    found = list(wxr.parse(FIXTURES / name))
    return [r for r in found if kind is None or isinstance(r, kind)]


def item(name, wp_id):
    return next(i for i in records(name, Item) if i.wp_id == wp_id)


def test_site_comes_first():
    """The first record is the site, with its address and WXR version."""
    site = records("blog.xml")[0]
    assert site == Site(
        title="Allotment Diary",
        link="https://allotment.example.org",
        base_site_url="https://allotment.example.org",
        base_blog_url="https://allotment.example.org",
        wxr_version="1.2",
    )


def test_authors():
    """Authors keep login, id, email and names."""
    mabel = records("blog.xml", Author)[0]
    assert (mabel.login, mabel.wp_id, mabel.display_name) == ("mabel", 7, "Mabel Okafor")


def test_categories_tags_and_other_terms():
    """Categories, tags and wp:term entries become terms of their taxonomy."""
    terms = records("blog.xml", Term)
    assert [(t.taxonomy, t.slug) for t in terms] == [
        ("category", "tomatoes"),
        ("category", "vegetables"),
        ("category", "l%c3%a9gumes"),
        ("post_tag", "seed-saving"),
        ("post_tag", "frost"),
        ("category", "vegetables"),
        ("nav_menu", "main-menu"),
    ]
    assert terms[0].parent_slug == "vegetables"
    assert terms[3].description == "Keeping next year's seed."


def test_item_fields():
    """An item carries its post fields, terms and comments."""
    post = item("blog.xml", 101)
    assert post.title == "First frost & the <em>tomato</em> harvest"
    assert post.date_gmt == datetime(2020, 3, 1, 15, 0)
    assert (post.slug, post.status, post.sticky, post.creator) == (
        "first-frost", "publish", True, "mabel",
    )  # fmt: skip
    assert [t.slug for t in post.terms if t.domain == "post_tag"] == ["frost", "seed-saving"]
    assert [c.wp_id for c in post.comments] == [202, 201, 203, 204, 205, 206, 207]


def test_zero_gmt_date_is_none():
    """WordPress's 0000-00-00 00:00:00 reads as no date."""
    draft = item("blog.xml", 102)
    assert draft.date_gmt is None
    assert draft.date == datetime(2021, 6, 1, 12, 0)


def test_wxr_1_0_namespaces():
    """A WXR 1.0 file, with its older namespaces, reads the same way."""
    post = item("wxr-1.0.xml", 1)
    assert post.content.startswith("Welcome to WordPress.")
    assert post.comments[0].author == "Mr WordPress"
    assert {(t.domain, t.slug) for t in post.terms} == {
        ("category", "musings"), ("tag", ""), ("tag", "retro"),
    }  # fmt: skip


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_doctype_is_refused(name):
    """Entity expansion and external entities are refused before any record is read."""
    with pytest.raises(wxr.WXRError, match="document type declaration"):
        records(name)


def test_malformed_xml_is_an_error():
    """A cut-off file is an error naming the line."""
    with pytest.raises(wxr.WXRError, match="not well-formed XML: no element found: line 18"):
        records("truncated.xml")


def test_plain_rss_is_not_an_export():
    """An RSS feed without wp:wxr_version is refused."""
    with pytest.raises(wxr.WXRError, match="not a WordPress export"):
        records("plain-rss.xml")


def test_non_numeric_post_id_is_an_error(tmp_path):
    """A wp:post_id that is not a number is an error, not a crash."""
    path = tmp_path / "bad.xml"
    path.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<item><wp:post_id>12a</wp:post_id></item></channel></rss>"
    )
    with pytest.raises(wxr.WXRError, match="wp:post_id is not a number"):
        list(wxr.parse(path))


def test_memory_stays_flat_on_a_large_file(tmp_path):
    """Reading a 6 MB export holds far less than the file in memory at any time."""
    path = tmp_path / "large.xml"
    body = "Lorem ipsum dolor sit amet. " * 70
    with path.open("w") as out:
        out.write(
            '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<wp:wxr_version>1.2</wp:wxr_version>"
        )
        for wp_id in range(3000):
            out.write(
                f"<item><title>Post {wp_id}</title><wp:post_id>{wp_id}</wp:post_id>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
            )
        out.write("</channel></rss>")
    tracemalloc.start()
    try:
        count = sum(1 for record in wxr.parse(path) if isinstance(record, Item))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak < path.stat().st_size / 10
