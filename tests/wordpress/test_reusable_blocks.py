"""Reusable blocks ("synced patterns") imported into the posts and pages that show them:
converted as the rest of the content, images from the media library, nested ones too;
the same export again changes nothing, a newer block updates what shows it."""

import re
from collections import Counter
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from blog.models import Page, Post
from tests.support.admin_forms import form_data
from tests.support.wxr_files import export, item, upload
from wordpress.convert.reusable import MAX_DEPTH, MAX_INLINED_CHARS, inline
from wordpress.importing.importer import import_wxr
from wordpress.models import ImportedPage, ImportedPost

EXPORT = Path(__file__).parent / "fixtures" / "reusable-blocks.xml"
HEADING = '<h2 class="wp-block-heading has-text-align-center">Swarm season</h2>'
SWARM = "If a swarm settles in your garden, ring us before anyone else"
HONEY = "honey wait in the box by the gate."
ECHO = "Every echo starts somewhere."
SUMMARY_LINE = "Reusable blocks: 7 inlined, 1 showing itself again left out (shown once)."


@pytest.fixture
def uploads(tmp_path):
    """The export's wp-content/uploads: the one image its reusable block shows."""
    root = tmp_path / "uploads"
    (root / "2024" / "04").mkdir(parents=True)
    Image.new("RGB", (600, 400), (214, 160, 32)).save(root / "2024" / "04" / "swarm.png")
    return root


def import_file(path, uploads, *options):
    out = StringIO()
    call_command("import_wxr", str(path), "--media-dir", str(uploads), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(db, uploads):
    return import_file(EXPORT, uploads)


def newer(tmp_path, old, new):
    """The fixture with one text replaced, as a newer export of the same site."""
    source = EXPORT.read_text()
    assert source.count(old) == 1
    path = tmp_path / "newer.xml"
    path.write_text(source.replace(old, new))
    return path


def content_of(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<div class="post-content">', 1)[1].split("</article>")[0]


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def page(wp_id):
    return ImportedPage.objects.select_related("page").get(wp_id=wp_id).page


def row(summary, kind):
    """(created, updated, unchanged, skipped) of a kind in the command's table."""
    found = re.search(rf"^{re.escape(kind)}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", summary, re.M)
    return tuple(int(n) for n in found.groups()) if found else None


def stored():
    """What the import wrote: each post's and page's time of change and shown HTML."""
    return (
        sorted(Post.objects.values_list("pk", "updated_at", "body_html")),
        sorted(Page.objects.values_list("pk", "updated_at", "body_html")),
    )


def test_a_post_shows_the_block_each_time_it_uses_it(client, imported):
    """Twice its heading (alignment kept), text, image and the block nested in it; the
    block comes after the post in the file."""
    html = content_of(client, post(901))

    assert html.count(HEADING) == 2
    assert html.count(SWARM) == 2
    assert html.count(HONEY) == 2  # block 702, inside block 701
    first, between, second = html.partition("the queen of hive three was marked blue")
    assert SWARM in first and SWARM in second and between
    assert "wp:block" not in html and "<!--" not in html


def test_the_blocks_images_come_from_the_media_library(client, imported):
    """The image block and the nested block's [gallery]: library pictures, with alt."""
    html = content_of(client, post(901))

    assert "apiary.example.org" not in html
    assert html.count("<picture") == 4  # the image and the gallery, in each of the two uses
    assert html.count('<img src="/media/2024/04/swarm-') == 4
    assert html.count('alt="A swarm hanging from a plum branch"') == 4
    assert html.count('<figure class="wp-block-gallery columns-1">') == 2
    assert html.count("<figcaption>Caught in May</figcaption>") == 2


def test_a_page_shows_the_block_inside_its_group(client, imported):
    """A group holding nothing but the ref is not taken for an empty one."""
    html = content_of(client, page(902))

    assert re.search(r'<div class="wp-block-group">\s*' + re.escape(HEADING), html)
    assert html.count(SWARM) == 1
    assert html.count(HONEY) == 1
    assert "apiary.example.org" not in html
    assert "<picture" in html


def test_a_block_that_shows_itself_is_shown_once(client, imported):
    html = content_of(client, post(901))

    assert html.count(ECHO) == 1


def test_missing_and_unpublished_blocks_and_theme_patterns_are_dropped_and_counted(
    client, imported
):
    """A ref to no block of the file and one to a draft block show nothing; a theme's
    pattern neither; the summary counts each."""
    html = content_of(client, post(901))

    assert "Draft wording" not in html
    assert "Next inspection in a fortnight." in html
    assert (
        "this site has no equivalent): reusable block not in the export ×2, theme pattern ×1"
        in imported
    )


def test_the_summary_counts_the_blocks_inlined(imported):
    """Post: 701 twice with 702 in each, and 703 once; page: 701 with 702."""
    assert SUMMARY_LINE in imported
    assert row(imported, "posts") == (2, 0, 0, 0)
    assert row(imported, "pages") == (1, 0, 0, 0)
    assert row(imported, "other items") is None


def test_reusable_blocks_are_no_posts_of_their_own(imported):
    assert set(Post.objects.values_list("title", flat=True)) == {
        "First inspection of the year",
        "Wax and candles",
    }
    assert list(Page.objects.values_list("title", flat=True)) == ["Visiting the apiary"]


def test_importing_again_changes_nothing(imported, uploads):
    before = stored()

    again = import_file(EXPORT, uploads)

    assert stored() == before
    assert row(again, "posts") == (0, 0, 2, 0)
    assert row(again, "pages") == (0, 0, 1, 0)
    assert "Reusable blocks" not in again  # nothing was converted again


def test_a_newer_block_updates_the_posts_and_pages_that_show_it(
    client, imported, uploads, tmp_path
):
    """Only the nested block changed: the post and the page showing it are updated
    (their images still from the library), the other post is left as it was."""
    other = post(905)
    changed = newer(tmp_path, "Jars of this spring's honey", "Jars of last summer's honey")

    summary = import_file(changed, uploads)

    assert row(summary, "posts") == (0, 1, 1, 0)
    assert row(summary, "pages") == (0, 1, 0, 0)
    html = content_of(client, post(901))
    assert html.count("Jars of last summer") == 2
    assert "spring" not in html
    assert "apiary.example.org" not in html
    assert "Jars of last summer" in content_of(client, page(902))
    assert Post.objects.get(pk=other.pk).updated_at == other.updated_at


def test_a_post_edited_here_is_kept_when_its_block_changes(
    admin_client, imported, uploads, tmp_path
):
    """The local edit wins over the export's newer block, as for any newer export."""
    edited = post(901)
    url = reverse("admin:blog_post_change", args=[edited.pk])
    response = admin_client.post(url, form_data(admin_client, url, title="Spring inspection"))
    assert response.status_code == 302
    changed = newer(tmp_path, "Jars of this spring's honey", "Jars of last summer's honey")

    summary = import_file(changed, uploads)

    assert "Kept 1 post edited here since the last import" in summary
    kept = Post.objects.get(pk=edited.pk)
    assert kept.title == "Spring inspection"
    assert "last summer" not in kept.body_html


def test_a_dry_run_shows_the_same_numbers(db, uploads):
    """The same table and notes as the import itself, and nothing saved."""
    dry = import_file(EXPORT, uploads, "--dry-run")
    assert not Post.objects.exists()

    real = import_file(EXPORT, uploads)

    assert dry.replace("Dry run: nothing was saved.\n", "") == real
    assert SUMMARY_LINE in dry


def test_the_admin_upload_brings_the_blocks_too(admin_client):
    """The upload's import reads the file from memory: the blocks are read all the same,
    also one that comes after the post showing it."""
    ref = '<!-- wp:block {"ref":77} /-->'
    block = item(
        77, "Signature", "<!-- wp:paragraph --><p>Orla, at the hives</p><!-- /wp:paragraph -->"
    )
    block = block.replace(
        "<wp:post_type>post</wp:post_type>", "<wp:post_type>wp_block</wp:post_type>"
    )
    text = export(
        item(11, "Letter", f"<!-- wp:paragraph --><p>Dear all,</p><!-- /wp:paragraph -->{ref}"),
        block,
    )

    response = admin_client.post(
        reverse("admin:wordpress_import"), {"file": upload(text)}, follow=True
    )

    assert response.status_code == 200
    assert "Reusable blocks: 1 inlined." in response.text
    letter = Post.objects.get()
    assert letter.title == "Letter"
    assert "<p>Orla, at the hives</p>" in content_of(admin_client, letter)


class Stream(BytesIO):
    """A file that can be read once only, as a pipe."""

    def seekable(self):
        return False


def test_a_file_read_once_only_drops_the_refs_and_counts_them(db):
    """Its blocks cannot be read ahead: refs are dropped and counted, nothing fails."""
    summary = import_wxr(Stream(EXPORT.read_bytes()))

    assert summary.dropped_blocks["reusable block not in the export"] == 6
    assert not summary.reusable_blocks
    assert "Every echo starts somewhere." not in post(901).body_html


def test_nesting_is_bounded_in_depth():
    """A chain of blocks each showing the next stops after MAX_DEPTH of them."""
    blocks = {n: f"<p>level {n}</p>" + f'<!-- wp:block {{"ref":{n + 1}}} /-->' for n in range(50)}
    counts = Counter()
    text = inline('<!-- wp:block {"ref":0} /-->', blocks, counts)

    assert text.count("<p>level") == MAX_DEPTH
    assert counts == {"inlined": MAX_DEPTH, "over the limits": 1}


def test_a_block_doubling_at_each_level_cannot_grow_without_end():
    """Each block shows the next twice (2**30 copies at the bottom): the content put in
    stays under MAX_INLINED_CHARS."""
    filler = "<p>" + "honey " * 1000 + "</p>"
    ref = '<!-- wp:block {{"ref":{}}} /-->'
    blocks = {n: filler + ref.format(n + 1) * 2 for n in range(30)}

    counts = Counter()
    text = inline(ref.format(0), blocks, counts)

    assert len(text) <= MAX_INLINED_CHARS
    assert counts["over the limits"] > 0


def test_a_cycle_through_another_block_is_cut_where_it_comes_back():
    blocks = {
        1: '<p>one</p><!-- wp:block {"ref":2} /-->',
        2: '<p>two</p><!-- wp:block {"ref":1} /-->',
    }
    counts = Counter()

    assert inline('<!-- wp:block {"ref":1} /-->', blocks, counts) == "<p>one</p><p>two</p>"
    assert counts == {"inlined": 2, "includes itself": 1}


def test_refs_the_blocks_do_not_have_and_other_blocks_are_left_as_they_are():
    """A ref to no given block stays, for the conversion to drop and count; so do a
    block named like it, a ref without a number, and a ref written as text."""
    text = (
        '<!-- wp:block {"ref":5} /-->'
        '<!-- wp:block-party {"ref":1} /-->'
        '<!-- wp:block {"ref":true} /-->'
        "<p>wp:block {&quot;ref&quot;:1}</p>"
    )

    assert inline(text, {1: "<p>one</p>"}) == text
    assert inline('<!-- wp:core/block {"ref":"1"} /-->', {1: "<p>one</p>"}) == "<p>one</p>"
