"""Importing WordPress pages: hierarchy, slugs, statuses, comments, old links, the menu."""

import io
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse

from blog.models import Page
from comments.models import Comment
from tests.support.admin_forms import form_data
from tests.wordpress.test_export import WP, round_trip
from tests.wordpress.test_theme_data import THEME_DATA
from wordpress.exporting.export import PAGE_IDS, export_wxr
from wordpress.importing.importer import import_wxr
from wordpress.models import ImportedComment, ImportedPage

PAGES = Path(__file__).parents[1] / "data" / "wxr" / "pages.xml"
ROWS = [
    ("authors", 1, 0, 0, 0),
    ("categories", 1, 0, 0, 0),
    ("other terms", 0, 0, 0, 1),
    ("pages", 11, 0, 0, 1),
    ("menu items", 2, 0, 0, 3),
    ("comments", 4, 0, 0, 1),
    ("pingbacks/trackbacks", 0, 0, 0, 1),
]
needs_theme_data = pytest.mark.skipif(
    not THEME_DATA.exists(), reason=f"WordPress's theme unit test data is not at {THEME_DATA}"
)


@pytest.fixture
def imported_pages(db):
    """The summary of importing the fixture tests/data/wxr/pages.xml."""
    return import_wxr(PAGES)


def page(wp_id):
    return ImportedPage.objects.select_related("page").get(wp_id=wp_id).page


def comment(wp_id):
    return ImportedComment.objects.select_related("comment").get(wp_id=wp_id).comment


def edited(tmp_path, *replacements):
    """The fixture with (old, new) text replacements, as a newer export."""
    source = PAGES.read_text()
    for old, new in replacements:
        assert old in source
        source = source.replace(old, new)
    path = tmp_path / "newer.xml"
    path.write_text(source)
    return path


def test_summary_counts(imported_pages):
    """Pages created, the trashed one skipped; two menu items applied, three skipped."""
    assert imported_pages.rows() == ROWS


def test_summary_notes(imported_pages):
    """The notes list the renamed slugs, the applied menu and the category entries."""
    notes = imported_pages.notes()
    assert (
        "Pages given another slug, as theirs is taken or used by the site's own addresses "
        "(2): feed → feed-2, 2019 → 2019-2"
    ) in notes
    assert "Menu “Main”: 2 pages put in the site's navigation." in notes
    assert any(note.startswith("Menu items linking to categories skipped (1)") for note in notes)


def test_hierarchy_from_post_parent(imported_pages):
    """A child listed before its parent is placed under it; paths follow the hierarchy."""
    assert page(11).parent == page(10)
    assert page(11).path == "about/team"
    assert page(20).path == "about/history"
    assert page(10).parent is None


def test_child_page_is_served_below_its_parent(client, imported_pages):
    """/about/team/ shows the child page."""
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert response.context["page"] == page(11)


@pytest.mark.parametrize(("wp_id", "slug"), [(12, "feed-2"), (13, "2019-2")])
def test_reserved_slug_gets_a_suffix(client, imported_pages, wp_id, slug):
    """A top-level slug the site's own URLs use gets a suffix; the page is served there."""
    assert page(wp_id).slug == slug
    assert client.get(f"/{slug}/").context["page"] == page(wp_id)


def test_slug_taken_by_a_local_page_gets_a_suffix(db, author):
    """A page made here keeps its slug; the imported one with the same slug gets a suffix."""
    Page.objects.create(title="Contact us", slug="contact", author=author, body="Hi.")
    summary = import_wxr(PAGES)
    assert page(22).slug == "contact-2"
    assert "contact → contact-2" in " ".join(summary.notes())


@pytest.mark.parametrize(
    ("wp_id", "status"),
    [
        (10, "published"),
        (14, "private"),
        (15, "private"),  # password-protected
        (16, "draft"),
        (17, "draft"),  # pending
        (18, "draft"),  # future
    ],
)
def test_statuses(imported_pages, wp_id, status):
    """WordPress statuses in ours; a password keeps a page from the public."""
    assert page(wp_id).status == status


def test_trashed_page_not_imported(imported_pages):
    """The trashed page and its comment are skipped."""
    assert not ImportedPage.objects.filter(wp_id=19).exists()
    assert not ImportedComment.objects.filter(wp_id=506).exists()


def test_fields(imported_pages):
    """Title, author, menu order and comment status come from the export."""
    team = page(11)
    assert (team.title, team.author.username, team.menu_order) == ("The team", "ada", 2)
    assert (page(10).comments_open, team.comments_open) == (True, False)


def test_content_converted_as_posts(imported_pages):
    """Block comments removed, classic text given paragraphs, shortcodes dropped."""
    assert page(10).body_html == "<p>We grow food on <strong>Mill Lane</strong>.</p>"
    assert page(11).body_html == "<p>Who digs what.</p>\n<p>Ask at the shed.</p>"
    assert page(22).body_html == "<p>Write to us.</p>"
    assert page(10).body_format == "html"


def test_page_comments_threaded(imported_pages):
    """A page's comments keep their threading and statuses; the pingback is skipped."""
    assert {c.wp_id: comment(c.wp_id).page for c in ImportedComment.objects.all()} == {
        501: page(10), 502: page(10), 503: page(10), 505: page(10),
    }  # fmt: skip
    assert comment(502).parent == comment(501)
    assert comment(503).parent == comment(502)
    statuses = [comment(wp_id).status for wp_id in (501, 502, 503, 505)]
    assert statuses == ["approved", "approved", "pending", "spam"]
    assert Comment.objects.filter(post__isnull=False).count() == 0


def test_page_comment_count(client, imported_pages):
    """The page counts its approved comments and shows them."""
    assert page(10).comment_count == 2
    response = client.get("/about/")
    assert "<p>Saturday, ten o'clock.</p>" in response.text
    assert "Cheap pills." not in response.text


@pytest.mark.parametrize(
    ("wp_id", "path"), [(10, "/about/"), (11, "/about/team/"), (12, "/feed-2/")]
)
def test_page_id_redirects(client, imported_pages, wp_id, path):
    """/?page_id=<id> of a published page is a 301 to its address here."""
    response = client.get(f"/?page_id={wp_id}")
    assert response.status_code == 301
    assert response["Location"] == path


@pytest.mark.parametrize("wp_id", [14, 15, 16, 19, 31, 999])
def test_page_id_of_no_public_page_is_404(client, imported_pages, wp_id):
    """Private, password-protected, draft, trashed pages, menu items and unknown ids: 404."""
    assert client.get(f"/?page_id={wp_id}").status_code == 404


def test_old_permalink_with_another_hierarchy_redirects(client, imported_pages):
    """A page's old address that differs from its new one is a 301 to the new one."""
    response = client.get("/history/")
    assert response.status_code == 301
    assert response["Location"] == "/about/history/"


def test_old_permalink_never_shadows_the_sites_own_urls(client, imported_pages):
    """The old /feed/ of the page now at /feed-2/ stays the site's feed."""
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_old_permalink_of_a_draft_is_404(client, imported_pages):
    """Only published pages are redirected to."""
    assert client.get("/plans/").status_code == 404


def test_menu_puts_its_pages_in_the_navigation(client, imported_pages):
    """The menu's top-level pages, in its order, are the header's pages."""
    listed = Page.objects.in_navigation()
    assert [(p.title, p.menu_order) for p in listed] == [
        ("About the garden", 1),
        ("Contact", 2),
    ]
    assert '<a href="/contact/"' in client.get("/").text


def test_menu_not_applied_when_the_navigation_is_set_here(db, author):
    """A site that lists pages in its header already keeps its own choice."""
    mine = Page.objects.create(
        title="Ours", slug="ours", author=author, body="Hi.", show_in_navigation=True
    )
    summary = import_wxr(PAGES)
    assert list(Page.objects.filter(show_in_navigation=True)) == [mine]
    assert "Menu “Main” not applied: the site's navigation lists pages already." in (
        summary.notes()
    )
    assert summary.counts["menu items"]["skipped"] == 5


def test_second_import_changes_nothing(imported_pages):
    """A second run reports everything unchanged and writes no page."""
    before = list(Page.objects.values_list("pk", "path", "updated_at", "show_in_navigation"))
    again = import_wxr(PAGES)
    assert again.total("created") == again.total("updated") == 0
    assert again.counts["pages"]["unchanged"] == 11
    assert again.counts["menu items"]["unchanged"] == 2
    after = list(Page.objects.values_list("pk", "path", "updated_at", "show_in_navigation"))
    assert after == before


def test_newer_export_updates_in_place(imported_pages, tmp_path):
    """A page changed in WordPress is updated, and moved when its parent changed."""
    pk = page(11).pk
    under_about = "<wp:post_parent>10</wp:post_parent>\n\t\t<wp:menu_order>2"
    newer = edited(
        tmp_path,
        ("<![CDATA[The team]]>", "<![CDATA[Our team]]>"),
        (under_about, under_about.replace(">10<", ">0<")),
    )
    summary = import_wxr(newer)
    assert summary.counts["pages"]["updated"] == 1
    assert (page(11).pk, page(11).title, page(11).path) == (pk, "Our team", "team")


def test_newer_export_keeps_the_menus_order(imported_pages, tmp_path):
    """A page in the navigation keeps the menu's order when WordPress changed it."""
    newer = edited(tmp_path, ("Write to us.]]>", "Write to us soon.]]>"))
    import_wxr(newer)
    assert (page(22).body_html, page(22).menu_order) == ("<p>Write to us soon.</p>", 2)


def test_no_loop_with_a_page_moved_here(imported_pages, tmp_path):
    """A page whose new parent was moved under it here goes to the top, not into a loop."""
    about = page(10)
    about.parent = page(22)
    about.save()
    under_about = "<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>3"
    summary = import_wxr(edited(tmp_path, (under_about, under_about.replace(">0<", ">10<"))))
    assert summary.counts["pages"]["updated"] == 1
    assert (page(10).parent, page(22).parent) == (page(22), None)
    assert page(10).path == "contact/about"


def test_page_edited_here_is_kept(admin_client, imported_pages, tmp_path):
    """A page saved in the admin since the import keeps its version; the summary says so."""
    url = reverse("admin:blog_page_change", args=[page(11).pk])
    response = admin_client.post(url, form_data(admin_client, url, title="Edited here"))
    assert response.status_code == 302
    summary = import_wxr(edited(tmp_path, ("<![CDATA[The team]]>", "<![CDATA[Our team]]>")))
    assert page(11).title == "Edited here"
    assert summary.counts["pages"]["skipped"] == 2  # the trashed page and this one
    assert any(note.startswith("Kept 1 page edited here") for note in summary.notes())


def test_dry_run_saves_nothing(db):
    """A dry run reports the same rows and leaves no page, comment or mapping."""
    summary = import_wxr(PAGES, dry_run=True)
    assert summary.rows() == ROWS
    assert "Dry run: nothing was saved." in summary.notes()
    assert not Page.objects.exists()
    assert not Comment.objects.exists()
    assert not ImportedPage.objects.exists()


def test_export_writes_pages(imported_pages):
    """Pages are items of type "page" with their parent, menu order and comments."""
    out = io.StringIO()
    export_wxr(out, "https://garden.example.net")
    items = {i.findtext(f"{WP}post_id"): i for i in ET.fromstring(out.getvalue()).iter("item")}
    team = items[str(PAGE_IDS + page(11).pk)]
    assert team.findtext(f"{WP}post_type") == "page"
    assert team.findtext(f"{WP}post_parent") == str(PAGE_IDS + page(10).pk)
    assert team.findtext(f"{WP}menu_order") == "2"
    about = items[str(PAGE_IDS + page(10).pk)]
    assert len(about.findall(f"{WP}comment")) == 4
    kinds = [i.findtext(f"{WP}post_type") for i in items.values()]
    assert (kinds.count("page"), kinds.count("nav_menu_item")) == (11, 2)


def test_export_round_trip(db, tmp_path):
    """Pages → export → import into an empty database: the same pages and comments."""
    before, after = round_trip(PAGES, tmp_path)
    assert after == before
    assert len(after["pages"]) == 11


@pytest.fixture
def imported_theme_pages(db):
    return import_wxr(THEME_DATA)


@needs_theme_data
def test_theme_data_pages(imported_theme_pages):
    """21 pages, all published, three levels deep, Greek slugs decoded."""
    assert imported_theme_pages.counts["pages"]["created"] == 21
    assert set(Page.objects.values_list("status", flat=True)) == {"published"}
    assert page(172).path == "level-1/level-2/level-3"
    assert page(1813).path == "greek/επίπεδο-2/επίπεδο-3"


@needs_theme_data
def test_theme_data_page_comments(imported_theme_pages):
    """The pages' five comments are imported, three approved on "Page with comments"."""
    assert Comment.objects.filter(page__isnull=False).count() == 5
    assert page(155).comment_count == 3


@needs_theme_data
def test_theme_data_page_id_redirect(client, imported_theme_pages):
    """/?page_id=155 is a 301 to the page under its parent."""
    response = client.get("/?page_id=155")
    assert (response.status_code, response["Location"]) == (301, "/about/page-with-comments/")


@needs_theme_data
def test_theme_data_second_import_unchanged(imported_theme_pages):
    """A second run leaves every page and menu item unchanged."""
    again = import_wxr(THEME_DATA)
    assert again.counts["pages"] == {"unchanged": 21}
    assert again.counts["menu items"]["created"] == 0
