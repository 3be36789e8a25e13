"""The export's media: attachment items, featured images, and bodies whose images are
named by the files' absolute URLs; then a small site of ours through a round trip and
into itself, through the management commands (tests/wordpress/test_round_trip.py does
the same with WordPress's theme test data)."""

import shutil
from io import StringIO

import defusedxml.ElementTree as ET
import pytest
from django.core.management import call_command

from blog.models import Page, Post
from comments.models import Comment
from medialibrary import library
from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes, upload_file
from tests.wordpress.test_export import empty_database
from tests.wordpress.test_round_trip import rows
from wordpress.exporting.xml import MEDIA_IDS, PAGE_IDS

SITE = "https://blog.example.org"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"


@pytest.fixture
def add_image(author):
    """Adds an image to the library as an upload would."""

    def add(name="fern.jpg", **fields):
        fields.setdefault("alt_text", "A fern uncurling")
        data = image_bytes(640, 480)
        return library.add(upload_file(data, name), filename=name, user=author, **fields)

    return add


def export(base_url=SITE):
    out = StringIO()
    call_command("export_wxr", "--base-url", base_url, stdout=out)
    return ET.fromstring(out.getvalue())


def by_id(tree):
    return {int(item.findtext(f"{WP}post_id")): item for item in tree.iter("item")}


def meta(item):
    return {
        m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
        for m in item.iter(f"{WP}postmeta")
    }


def test_a_media_item_is_an_attachment(add_image, author):
    """Title, alt text, caption (excerpt), description, date, author, file and its URL."""
    fern = add_image(title="Fern & frond", caption="Early <May>", description="By the pond.")
    attachment = by_id(export())[MEDIA_IDS + fern.pk]
    assert attachment.findtext(f"{WP}post_type") == "attachment"
    assert attachment.findtext(f"{WP}status") == "inherit"
    assert attachment.findtext("title") == "Fern &amp; frond"  # WordPress's titles are HTML
    assert attachment.findtext(EXCERPT) == "Early &lt;May&gt;"
    assert attachment.findtext(CONTENT) == "By the pond."
    assert attachment.findtext("{http://purl.org/dc/elements/1.1/}creator") == author.username
    assert attachment.findtext(f"{WP}post_date_gmt") == f"{fern.uploaded_at:%Y-%m-%d %H:%M:%S}"
    url = f"{SITE}/media/{fern.file.name}"
    assert attachment.findtext(f"{WP}attachment_url") == url
    assert attachment.findtext("guid") == url
    assert meta(attachment) == {
        "_wp_attached_file": fern.file.name,
        "_wp_attachment_image_alt": "A fern uncurling",
        "_blog_media_id": str(fern.pk),
    }


def test_featured_image_is_thumbnail_id(add_image, make_post):
    """A featured image is `_thumbnail_id`, the id of its attachment item."""
    fern = add_image()
    post = make_post(featured_image=fern)
    assert meta(by_id(export())[post.pk])["_thumbnail_id"] == str(MEDIA_IDS + fern.pk)


def test_markdown_images_are_plain_imgs_of_the_file(add_image, make_post):
    """A Markdown `media:N` image is an <img> of the original's absolute URL, not our
    <picture> of resized copies."""
    fern = add_image()
    post = make_post(body=f"Look:\n\n![The fern]({fern.reference})\n\nNice.")
    content = by_id(export())[post.pk].findtext(CONTENT)
    assert (
        f'<img src="{SITE}/media/{fern.file.name}" alt="The fern" width="640" height="480" '
        f'class="wp-image-{MEDIA_IDS + fern.pk}">'
    ) in content
    assert "<picture" not in content
    assert 'src="/media/' not in content
    assert "srcset" not in content


def test_html_bodies_name_files_by_absolute_url(add_image, make_post):
    """In an HTML body, `media:N` and the library's URLs (srcset too) become absolute;
    other links stay as they are."""
    fern = add_image()
    body = (
        f'<p><img src="{fern.reference}" alt="Fern"></p>'
        f'<p><a href="{fern.url}">full size</a> <a href="/about/">About</a></p>'
        f'<img src="{fern.url}" srcset="{fern.url} 640w, https://elsewhere.example/a.jpg 9w">'
    )
    post = make_post(body=body, body_format=Post.BodyFormat.HTML)
    content = by_id(export())[post.pk].findtext(CONTENT)
    absolute = f"{SITE}/media/{fern.file.name}"
    assert f'<img src="{absolute}" alt="Fern">' in content
    assert f'<a href="{absolute}">full size</a> <a href="/about/">About</a>' in content
    assert f'srcset="{absolute} 640w, https://elsewhere.example/a.jpg 9w"' in content
    assert "media:" not in content


def test_page_images_are_absolute_too(add_image, author):
    """A page's images are named by absolute URL as a post's are."""
    fern = add_image()
    page = Page.objects.create(title="About", slug="about", author=author, body=fern.markdown)
    content = by_id(export())[PAGE_IDS + page.pk].findtext(CONTENT)
    assert f'src="{SITE}/media/{fern.file.name}"' in content


def test_an_attachment_belongs_to_the_one_post_that_uses_it(add_image, make_post):
    """The parent is the one post (or page) using the image; none when two or none do."""
    alone, shared, unused, featured = (add_image(name=f"{n}.jpg") for n in "abcd")
    first = make_post(body=f"![A]({alone.reference}) ![S]({shared.reference})")
    make_post(body=f"![S]({shared.reference})", featured_image=featured)
    items = by_id(export())
    parents = {
        item.pk: int(items[MEDIA_IDS + item.pk].findtext(f"{WP}post_parent"))
        for item in (alone, shared, unused, featured)
    }
    second = Post.objects.get(featured_image=featured)
    assert parents == {alone.pk: first.pk, shared.pk: 0, unused.pk: 0, featured.pk: second.pk}


def test_object_storage_urls_are_the_storages_own(add_image, make_post, settings, tmp_path):
    """With files whose URLs are absolute already (object storage), those are the URLs."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "bucket", "base_url": "https://cdn.example.net/"},
        },
    }
    fern = add_image()
    post = make_post(body=f"![The fern]({fern.reference})")
    items = by_id(export())
    url = f"https://cdn.example.net/{fern.file.name}"
    assert items[MEDIA_IDS + fern.pk].findtext(f"{WP}attachment_url") == url
    assert f'<img src="{url}"' in items[post.pk].findtext(CONTENT)


@pytest.fixture
def small_site(add_image, make_post, make_comment):
    """A post with a featured image, an image in its body and a reply; a page."""
    fern, pond = add_image(caption="In May"), add_image(name="pond.jpg", title="Pond")
    post = make_post(title="Ferns", slug="ferns", featured_image=fern, body=pond.markdown)
    first = make_comment(post, body="Lovely.")
    make_comment(post, body="Thank you.", parent=first)
    Page.objects.create(title="About", slug="about", author=post.author, body=fern.markdown)
    return post


def media_state():
    return sorted(
        (m.title, m.alt_text, m.caption, m.width, m.height, m.file.read())
        for m in MediaItem.objects.all()
    )


def test_small_site_round_trip(small_site, tmp_path, settings):
    """Export → empty database → import with a copy of MEDIA_ROOT: the same media, the
    featured image and the body's image resolved to the new items."""
    before = media_state()
    exported = tmp_path / "export.xml"
    call_command("export_wxr", exported, "--base-url", SITE, stdout=StringIO())
    media_copy = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media-copy")
    empty_database()
    out = StringIO()
    call_command("import_wxr", exported, "--media-dir", media_copy, stdout=out)
    assert rows(out.getvalue())["attachments"] == (2, 0, 0, 0)
    assert media_state() == before
    post = Post.objects.get(slug="ferns")
    assert post.featured_image.caption == "In May"
    pond = MediaItem.objects.get(title="Pond")
    assert f"media-item-{pond.pk}" in post.body_html
    assert Comment.objects.filter(parent__isnull=False).count() == 1


@pytest.mark.parametrize("named_by", ["BLOG_SITE_URL", "ALLOWED_HOSTS"])
def test_small_site_into_itself_changes_nothing(small_site, tmp_path, settings, named_by):
    """Its own export, imported into the same site (its address in BLOG_SITE_URL, or its
    host in ALLOWED_HOSTS), a dry run first: nothing created or updated, no duplicate."""
    if named_by == "BLOG_SITE_URL":
        settings.BLOG_SITE_URL = SITE
    else:
        settings.BLOG_SITE_URL = ""
        settings.ALLOWED_HOSTS = ["www.blog.example.org", "blog.example.org"]
    counts = [model.objects.count() for model in (Post, Page, MediaItem, Comment)]
    exported = tmp_path / "export.xml"
    call_command("export_wxr", exported, "--base-url", SITE, stdout=StringIO())
    for dry_run in (["--dry-run"], []):
        out = StringIO()
        call_command("import_wxr", exported, *dry_run, stdout=out)
        table = rows(out.getvalue())
        changed = {kind: numbers[:2] for kind, numbers in table.items()}
        assert changed == dict.fromkeys(table, (0, 0))
        assert (table["posts"], table["pages"], table["attachments"]) == (
            (0, 0, 1, 0), (0, 0, 1, 0), (0, 0, 2, 0),
        )  # fmt: skip
        assert table["comments"] == (0, 0, 2, 0)
    assert [model.objects.count() for model in (Post, Page, MediaItem, Comment)] == counts


def test_a_post_deleted_here_since_the_export_comes_back(small_site, tmp_path, settings):
    """An own export's post that is no longer here is made again, with its comments."""
    settings.BLOG_SITE_URL = SITE
    exported = tmp_path / "export.xml"
    call_command("export_wxr", exported, stdout=StringIO())
    Post.objects.filter(pk=small_site.pk).delete()
    out = StringIO()
    call_command("import_wxr", exported, stdout=out)
    table = rows(out.getvalue())
    assert table["posts"] == (1, 0, 0, 0)
    assert table["comments"] == (2, 0, 0, 0)
    assert table["attachments"] == (0, 0, 2, 0)
    restored = Post.objects.get(slug="ferns")
    assert restored.featured_image.caption == "In May"


def test_own_export_into_an_empty_database_makes_everything(small_site, tmp_path, settings):
    """An export naming this site, imported after everything here was deleted: made
    again, none of it taken for an object the same import has just made."""
    settings.BLOG_SITE_URL = SITE
    exported = tmp_path / "export.xml"
    call_command("export_wxr", exported, stdout=StringIO())
    media_copy = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media-copy")
    empty_database()
    out = StringIO()
    call_command("import_wxr", exported, "--media-dir", media_copy, stdout=out)
    table = rows(out.getvalue())
    assert (table["posts"], table["pages"], table["attachments"], table["comments"]) == (
        (1, 0, 0, 0), (1, 0, 0, 0), (2, 0, 0, 0), (2, 0, 0, 0),
    )  # fmt: skip
    assert Post.objects.get().featured_image.caption == "In May"


def test_another_sites_export_is_not_ours(small_site, tmp_path, settings):
    """The same file under another address is another site's: all of it is new here."""
    settings.BLOG_SITE_URL = SITE
    exported = tmp_path / "export.xml"
    call_command(
        "export_wxr", exported, "--base-url", "https://other.example.net", stdout=StringIO()
    )
    out = StringIO()
    call_command("import_wxr", exported, stdout=out)
    assert rows(out.getvalue())["posts"] == (1, 0, 0, 0)
