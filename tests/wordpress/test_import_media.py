"""Attachments as media items, posts' images rewritten to them, old media links.

tests/data/wxr/media.xml is the export; the files of its wp-content/uploads are made
here with Pillow, and --fetch-media downloads them from a real HTTP server on
127.0.0.1 started by the test.
"""

import http.server
import io
import os
import re
import threading
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from blog.models import Post
from medialibrary.models import MediaItem
from tests.support import wxr_files
from wordpress.importing.fetch import Fetcher, FetchRefused, checked_address
from wordpress.importing.importer import BATCH_ITEMS, WXRError, import_wxr
from wordpress.importing.media import MediaOptions
from wordpress.models import ImportedMedia, ImportedPage, ImportedPost

FIXTURES = Path(__file__).parents[1] / "data" / "wxr"
MEDIA = FIXTURES / "media.xml"
THEME_DATA = settings.BASE_DIR.parent / "shared" / "data" / "themeunittestdata.wordpress.xml"
OLD = "https://garden.example.org/wp-content/uploads/2024/05"
LIMIT = 200_000
COPIED = {301, 302, 306, 307}


def image_file(path, width, height, image_format):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(path, image_format)


@pytest.fixture
def uploads(tmp_path, settings):
    """A copy of the old site's wp-content/uploads, hostile files included."""
    settings.BLOG_MEDIA_MAX_BYTES = LIMIT
    root = tmp_path / "uploads"
    month = root / "2024" / "05"
    image_file(month / "fern.jpg", 1200, 800, "JPEG")
    image_file(month / "pond.png", 1000, 750, "PNG")
    image_file(month / "bed.png", 500, 400, "PNG")
    image_file(month / "bed-2.jpg", 640, 480, "JPEG")
    (month / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (month / "fake.jpg").write_text("<!doctype html><script>alert(1)</script>")
    noise = Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3))
    noise.save(month / "huge.jpg", "JPEG", quality=95)
    assert (month / "huge.jpg").stat().st_size > LIMIT
    secret = tmp_path / "outside" / "secret.jpg"  # a real image: refused all the same
    image_file(secret, 300, 200, "JPEG")
    (month / "link.jpg").symlink_to(secret)
    return root


@pytest.fixture
def copied(db, uploads):
    """The summary of importing media.xml with --media-dir."""
    return import_wxr(MEDIA, media=MediaOptions(directory=uploads))


def media_of(wp_id):
    return ImportedMedia.objects.select_related("item").get(wp_id=wp_id).item


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def files_in(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def counts(summary, kind="attachments"):
    return {kind: numbers for kind, *numbers in summary.rows()}[kind]


# Attachments → media items


def test_images_are_copied_from_the_media_folder(copied):
    """The JPEG and PNG attachments become media items; the rest do not."""
    copied_ids = ImportedMedia.objects.filter(item__isnull=False).values_list("wp_id", flat=True)
    assert set(copied_ids) == COPIED
    assert MediaItem.objects.count() == len(COPIED)
    assert counts(copied) == [4, 0, 0, 7]
    assert "Media files: 4 copied from the media folder" in "\n".join(copied.notes())


def test_a_media_item_keeps_the_attachments_details(copied):
    """Title, alt text, caption, description, upload date and uploader are kept."""
    fern = media_of(301)
    assert (fern.title, fern.alt_text, fern.caption, fern.description) == (
        "Fern", "A fern uncurling in spring", "Fern in May", "Taken by the shed.",
    )  # fmt: skip
    assert fern.uploaded_by.username == "mabel"
    assert (fern.uploaded_at.year, fern.uploaded_at.month, fern.uploaded_at.day) == (2024, 5, 2)
    assert fern.original_filename == "fern.jpg" and fern.copies


def test_a_pdf_is_not_an_image_and_keeps_its_url(copied):
    """A PDF is counted as not an image; its URL is kept."""
    row = ImportedMedia.objects.get(wp_id=303)
    assert row.item is None and row.url == f"{OLD}/plan.pdf"
    assert "1 not an image, not copied" in "\n".join(copied.notes())


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../../etc/passwd", "leaves the media folder"),
        ("/etc/hostname.jpg", "leaves the media folder"),
        ("2024/05/link.jpg", "a link to outside the media folder"),
        ("2024/05/fake.jpg", "not an image we accept"),
        ("2024/05/huge.jpg", "larger than"),
        ("2024/05/missing.jpg", "not in the media folder"),
    ],
)
def test_hostile_attachments_are_refused_with_the_reason(copied, path, reason):
    """Each hostile file is refused, with a line in the summary saying why."""
    lines = [line for line in copied.notes() if line.startswith(f"Refused: {path}:")]
    assert len(lines) == 1 and reason in lines[0]


def test_nothing_outside_the_media_folder_is_read(copied):
    """The symlinked image outside the folder was not copied: no item is a 300×200 JPEG."""
    assert not MediaItem.objects.filter(width=300, height=200).exists()
    assert "6 refused" in "\n".join(copied.notes())


def test_without_files_the_attachments_are_not_copied(db):
    """No --media-dir nor --fetch-media: rows without items, listed as not copied."""
    summary = import_wxr(MEDIA)
    assert ImportedMedia.objects.count() == 11
    assert not ImportedMedia.objects.filter(item__isnull=False).exists()
    assert counts(summary) == [0, 0, 0, 11]
    assert "9 not copied (no --media-dir or --fetch-media)" in "\n".join(summary.notes())


# Posts' images


def test_resized_variants_and_links_are_rewritten(copied):
    """fern-300x200.jpg, fern-scaled.jpg and the link to fern.jpg become the item's URL."""
    fern, body = media_of(301), post(201).body
    assert OLD not in body.replace(f"{OLD}/plan.pdf", "")
    assert body.count(f'src="{fern.url}"') == 3  # the variant, the scaled one, the gallery's
    assert f'href="{fern.url}"' in body
    assert "srcset" not in body  # WordPress's sizes of its own files are dropped
    assert f'href="{OLD}/plan.pdf"' in post(201).body_html


def test_an_imported_image_becomes_a_responsive_picture(copied):
    """The <img> gets a <picture> with WebP, srcset, its shown width, lazy loading."""
    fern, body_html = media_of(301), post(201).body_html
    picture = re.search(rf'<picture class="[^"]*media-item-{fern.pk}">.*?</picture>', body_html)
    assert picture is not None
    assert '<source type="image/webp"' in picture[0]
    assert 'srcset="' in picture[0] and 'width="300" height="200"' in picture[0]
    assert 'alt="A fern uncurling in spring"' in picture[0]  # the img had none
    assert 'decoding="async"' in picture[0]


def test_the_featured_image_is_set(copied):
    """_thumbnail_id becomes the post's featured image."""
    assert post(201).featured_image == media_of(302)
    assert "1 featured images set" in "\n".join(copied.notes())


def test_gallery_shortcode_with_ids(copied):
    """[gallery ids columns] is a grid of figures, with captions; the PDF is left out."""
    body_html = post(201).body_html
    gallery = re.search(
        r'<figure class="wp-block-gallery columns-2">.*?</figure></figure>', body_html
    )
    assert gallery is not None
    assert gallery[0].count('<figure class="wp-block-image">') == 2
    assert "<figcaption>Fern in May</figcaption>" in gallery[0]
    assert f"media-item-{media_of(302).pk}" in gallery[0]


def test_gallery_shortcode_without_ids_shows_the_posts_attachments(copied):
    """[gallery] shows the post's own attachments, by menu order."""
    body_html = post(203).body_html
    assert 'class="wp-block-gallery columns-1"' in body_html
    first, second = media_of(307).pk, media_of(306).pk
    assert body_html.index(f"media-item-{first}") < body_html.index(f"media-item-{second}")


def test_block_image_and_gallery(copied):
    """wp:image's resized PNG is the item; wp:gallery keeps its columns and captions."""
    body_html = post(202).body_html
    assert f"media-item-{media_of(302).pk}" in body_html
    assert 'class="wp-block-gallery columns-2 is-cropped"' in body_html
    assert "<figcaption>The pond, wide</figcaption>" in body_html
    assert "<figcaption>The fern, close</figcaption>" in body_html


def test_images_not_copied_become_links(copied):
    """A refused image and one of another site are links, never a blocked <img>."""
    body_html = post(202).body_html
    assert f'<a href="{OLD}/fake.jpg">Not really a photo</a>' in body_html
    assert '<a href="https://elsewhere.example.com/cat.jpg">A cat</a>' in body_html
    assert not re.search(r'<img[^>]+src="https?://', body_html)
    assert "2 images linked, not copied" in "\n".join(copied.notes())


def test_without_files_no_image_points_at_the_old_site(db):
    """Not copied: the bodies keep the old URLs (for a later import), pages show links."""
    import_wxr(MEDIA)
    assert OLD in post(201).body
    for body_html in Post.objects.values_list("body_html", flat=True):
        assert not re.search(r'<img[^>]+src="https?://', body_html)
    # Inside a link to the full-size file, an image not copied leaves its name as the text.
    assert f'<a href="{OLD}/fern.jpg">fern-300x200.jpg</a>' in post(201).body_html


def test_saving_an_html_post_looks_images_up_in_one_query(copied):
    """The HTML body's images are resolved in one query on save."""
    ferns = post(201)
    with CaptureQueriesContext(connection) as queries:
        ferns.save()
    assert sum("medialibrary_mediaitem" in q["sql"] for q in queries.captured_queries) == 1


# Old links


def test_old_media_urls_redirect(client, copied):
    """The file and its resized variants redirect permanently to the item's file."""
    fern = media_of(301)
    for path in ("fern.jpg", "fern-300x200.jpg", "fern-scaled.jpg", "fern-1024x683.jpg"):
        response = client.get(f"/wp-content/uploads/2024/05/{path}")
        assert (response.status_code, response["Location"]) == (301, fern.url)


def test_an_old_media_url_redirects_in_one_query(client, copied, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/wp-content/uploads/2024/05/fern-300x200.jpg").status_code == 301


def test_old_media_urls_not_copied_or_unknown_are_404(client, copied):
    """A PDF, a refused file and an unknown path are 404."""
    for path in (
        "2024/05/plan.pdf", "2024/05/fake.jpg", "2024/05/nothing.jpg", "../x", "a%00b.jpg",
        "x" * 600 + ".jpg", "%ff%fe.jpg",
    ):  # fmt: skip
        assert client.get(f"/wp-content/uploads/{path}").status_code == 404


# Running again


def test_a_second_import_changes_nothing(copied, uploads):
    """Same file again: no new item, no new file, posts unchanged."""
    files = files_in(settings.MEDIA_ROOT)
    updated = dict(Post.objects.values_list("pk", "updated_at"))
    again = import_wxr(MEDIA, media=MediaOptions(directory=uploads))
    assert counts(again) == [0, 0, 4, 7]
    assert MediaItem.objects.count() == len(COPIED)
    assert files_in(settings.MEDIA_ROOT) == files
    assert dict(Post.objects.values_list("pk", "updated_at")) == updated
    assert counts(again, "posts") == [0, 0, 3, 0]


def test_a_later_import_with_the_files_completes_the_first(db, uploads):
    """Imported without files, then with --media-dir: items made, posts linked to them."""
    import_wxr(MEDIA)
    later = import_wxr(MEDIA, media=MediaOptions(directory=uploads))
    assert counts(later) == [4, 0, 0, 7]
    assert post(201).featured_image == media_of(302)
    assert media_of(301).url in post(201).body
    assert f"media-item-{media_of(301).pk}" in post(201).body_html
    third = import_wxr(MEDIA, media=MediaOptions(directory=uploads))
    assert counts(third) == [0, 0, 4, 7] and MediaItem.objects.count() == len(COPIED)
    assert "0 image URLs rewritten" in "\n".join(third.notes())


def test_the_linked_posts_are_still_the_imports_own(db, uploads):
    """Rewriting images does not make a post look edited here: a newer export updates it."""
    import_wxr(MEDIA, media=MediaOptions(directory=uploads))
    newer = MEDIA.read_text().replace("The ferns are out.", "The ferns are up.")
    summary = import_wxr(io.BytesIO(newer.encode()), media=MediaOptions(directory=uploads))
    assert summary.kept_posts == 0
    assert "The ferns are up." in post(201).body and media_of(301).url in post(201).body


def test_dry_run_writes_no_files(db, uploads):
    """--dry-run reports the same numbers, and leaves no item and no file behind."""
    out = StringIO()
    call_command("import_wxr", str(MEDIA), "--dry-run", "--media-dir", str(uploads), stdout=out)
    assert "Media files: 4 copied from the media folder" in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()
    assert not MediaItem.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_command_media_options(db, uploads):
    """--media-dir and --fetch-media exclude each other; the folder must exist."""
    with pytest.raises(CommandError):
        call_command("import_wxr", str(MEDIA), "--media-dir", str(uploads), "--fetch-media")
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_wxr", str(MEDIA), "--media-dir", str(uploads / "nowhere"))


# Downloading


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site(uploads):
    """A real HTTP server on 127.0.0.1 serving the uploads at /wp-content/uploads/."""
    site = uploads.parent / "site"
    (site / "wp-content").mkdir(parents=True)
    (site / "wp-content" / "uploads").symlink_to(uploads)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def export_on(base):
    """media.xml with its files on `base` (the old site's address stays its name)."""
    old = "https://garden.example.org/wp-content/uploads/"
    text = MEDIA.read_text().replace(old, f"{base}/wp-content/uploads/")
    return io.BytesIO(text.encode())


def test_fetch_media_downloads_the_images(db, old_site):
    """--fetch-media with --allow-private-hosts downloads them (the server is local)."""
    options = MediaOptions(fetch=True, allow_private_hosts=True)
    summary = import_wxr(export_on(old_site), media=options)
    notes = "\n".join(summary.notes())
    assert {301, 302, 306, 307} <= set(
        ImportedMedia.objects.filter(item__isnull=False).values_list("wp_id", flat=True)
    )
    assert "downloaded" in notes and "2024/05/fake.jpg: This file is not an image" in notes
    assert re.search(r"Refused: 2024/05/huge.jpg: the file is larger than", notes)
    assert re.search(r"Refused: 2024/05/missing.jpg: the server answered 404", notes)
    assert post(201).featured_image == media_of(302)
    assert media_of(301).url in post(201).body


def test_fetch_media_refuses_a_loopback_host_without_the_flag(db, old_site):
    """127.0.0.1 is refused without --allow-private-hosts: nothing is downloaded."""
    summary = import_wxr(export_on(old_site), media=MediaOptions(fetch=True))
    assert not MediaItem.objects.exists()
    assert "loopback" in "\n".join(summary.notes())


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "100.64.0.1", "::1",
                "::ffff:127.0.0.1", "fe80::1", "0.0.0.0", "240.0.0.1", "localhost"],  # noqa: S104
)  # fmt: skip
def test_private_and_reserved_addresses_are_refused(address):
    """Loopback, private, link-local, shared, reserved: refused unless allowed."""
    with pytest.raises(FetchRefused):
        checked_address(address, 80, allow_private=False)


def test_redirects_are_checked_again(old_site):
    """A redirect to another scheme is refused; a redirect loop ends."""
    with Fetcher(allow_private=True, interval=0) as fetcher:
        with pytest.raises(FetchRefused, match="not an http"):
            fetcher.get(f"{old_site}/to-file")
        with pytest.raises(FetchRefused, match="too many redirects"):
            fetcher.get(f"{old_site}/loop")


# WordPress's theme unit test data


@pytest.mark.skipif(not THEME_DATA.exists(), reason=f"no theme unit test data at {THEME_DATA}")
def test_theme_data_attachments_are_not_copied(db):
    """37 attachments, no files: all not copied, and no image points at the old site."""
    summary = import_wxr(THEME_DATA)
    assert counts(summary) == [0, 0, 0, 37]
    assert ImportedMedia.objects.filter(item__isnull=True).count() == 37
    for body_html in Post.objects.values_list("body_html", flat=True):
        assert not re.search(r'<img[^>]+src="https?://', body_html)
    assert Post.objects.filter(body_html__contains="wp-block-gallery columns-").exists()


def test_a_deleted_media_item_leaves_no_broken_image(copied):
    """Deleting an imported image renders its posts again with its alt text instead."""
    pond = media_of(302)
    pond.delete()
    body_html = post(202).body_html
    assert f"media-item-{pond.pk}" not in body_html
    assert not re.search(r'<img[^>]+src="/media/[^"]*pond', body_html)


def test_a_pages_images_are_rewritten_too(copied):
    """An imported page's image of a copied attachment is the media item's picture."""
    page = ImportedPage.objects.select_related("page").get(wp_id=204).page
    assert media_of(302).url in page.body
    assert f"media-item-{media_of(302).pk}" in page.body_html


def test_a_failed_import_leaves_no_file(db, uploads):
    """A file cut short after a batch with images was written: no media file is left."""
    text = MEDIA.read_text()
    fillers = "".join(wxr_files.item(1000 + n) for n in range(BATCH_ITEMS))
    cut = text[: text.index("</channel>")] + fillers + "<item><title>Cut sh"
    with pytest.raises(WXRError):
        import_wxr(io.BytesIO(cut.encode()), media=MediaOptions(directory=uploads))
    assert not MediaItem.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []
