"""WordPress's theme test data with its images → our export → the same site again.

Through the management commands, as an operator runs them: `import_wxr --media-dir`
with images generated here at the attachments' paths, `export_wxr`, then the export
into an empty database (with a copy of MEDIA_ROOT as its media folder), and into the
same site, where it must change nothing. Skipped without the theme data (see
tests/wordpress/test_theme_data.py).
"""

import re
import shutil
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image, ImageChops

from blog.models import Page, Post
from comments.models import Comment
from medialibrary.models import MediaItem
from tests.wordpress.test_export import empty_database, snapshot
from wordpress.reading import wxr

THEME_DATA = settings.BASE_DIR.parent / "shared" / "data" / "themeunittestdata.wordpress.xml"
SITE = "https://blog.example.org"
ROW_RE = re.compile(r"^(\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", re.MULTILINE)
TOKEN_RE = re.compile(r"-[0-9a-f]{8}(?=[-.])")  # the random part of a library file's name
MEDIA_URL_RE = re.compile(r"/media/[^\"'\s,]+")
MEDIA_CLASS_RE = re.compile(r"media-item-(\d+)")

pytestmark = pytest.mark.skipif(
    not THEME_DATA.exists(), reason=f"WordPress's theme unit test data is not at {THEME_DATA}"
)


@pytest.fixture
def theme_uploads(tmp_path):
    """A wp-content/uploads of the theme data: an image at each image attachment's path,
    each of its own size and colour."""
    root = tmp_path / "uploads"
    attachments = [
        record.attachment_url
        for record in wxr.parse(THEME_DATA)
        if getattr(record, "post_type", "") == "attachment"
    ]
    for n, url in enumerate(attachments):
        path = root / urlsplit(url).path.lstrip("/")
        image_format = {".jpg": "JPEG", ".gif": "GIF", ".png": "PNG"}.get(path.suffix)
        if image_format is None:
            continue  # the audio and video attachments: no file
        path.parent.mkdir(parents=True, exist_ok=True)
        gradient = Image.linear_gradient("L").resize((40 + 7 * n, 30 + 3 * n))
        gradient.convert("RGB").point(lambda v, n=n: (v + 29 * n) % 256).save(path, image_format)
    return root


def command(*args):
    out = StringIO()
    call_command(*[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def rows(output):
    """{kind: (created, updated, unchanged, skipped)} of an import's summary table."""
    return {kind: tuple(map(int, numbers)) for kind, *numbers in ROW_RE.findall(output)}


def name(item):
    """A media item's name in both sites: its title and upload time."""
    return f"{item.title}@{item.uploaded_at:%Y%m%d%H%M%S}"


def media_name(pk, names):
    return names.get(int(pk), "missing")


def site():
    """What a reader and the media library show, the same whatever the primary keys and
    the random part of the files' names: posts (with featured images), pages, comments,
    terms and media items (their files: `files()`)."""
    items = MediaItem.objects.all()
    names = {item.pk: name(item) for item in items}
    assert len(set(names.values())) == len(names)

    def same_media(html):
        html = MEDIA_CLASS_RE.sub(lambda match: f"media-{media_name(match[1], names)}", html)
        return MEDIA_URL_RE.sub(lambda match: TOKEN_RE.sub("", match[0]), html)

    state = snapshot()
    for slug, fields in state["posts"].items():
        state["posts"][slug] = tuple(same_media(f) if isinstance(f, str) else f for f in fields)
    for path, fields in state["pages"].items():
        state["pages"][path] = tuple(same_media(f) if isinstance(f, str) else f for f in fields)
    state["featured"] = {
        post.slug: media_name(post.featured_image_id, names)
        for post in Post.objects.filter(featured_image__isnull=False)
    }
    state["page tree"] = sorted(
        (page.path, page.parent.path if page.parent else None, page.menu_order)
        for page in Page.objects.select_related("parent")
    )
    state["media"] = sorted(
        (
            names[item.pk], item.alt_text, item.caption, item.description, item.width,
            item.height, item.content_type,
        )
        for item in items
    )  # fmt: skip
    return state


def files():
    """{media item's name: (its file's bytes, its pixels)}."""
    found = {}
    for item in MediaItem.objects.all():
        data = item.file.read()
        with Image.open(BytesIO(data)) as image:
            found[name(item)] = (data, image.convert("RGB"))
    assert len(found) == MediaItem.objects.count()
    return found


@pytest.fixture
def theme_site(db, theme_uploads):
    """The theme data imported with its images, as a site of ours."""
    command("import_wxr", THEME_DATA, "--media-dir", theme_uploads)
    assert MediaItem.objects.count() == 35


def test_round_trip_into_an_empty_database(theme_site, tmp_path):
    """Export → empty database → import with a copy of MEDIA_ROOT: the same site. The
    files are the same bytes, but for a few JPEGs that the library encodes again (it
    strips metadata): off by at most 2 levels a pixel."""
    before, before_files = site(), files()
    assert len(before["featured"]) == 6  # the posts with a _thumbnail_id
    exported = tmp_path / "export.xml"
    command("export_wxr", exported, "--base-url", SITE)
    media_copy = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media-copy")
    empty_database()
    output = command("import_wxr", exported, "--media-dir", media_copy)
    assert rows(output)["attachments"] == (35, 0, 0, 0)
    assert "Media files: 35 copied from the media folder" in output
    assert site() == before
    after_files = files()
    assert after_files.keys() == before_files.keys()
    same_bytes = [name for name, (data, _) in before_files.items() if after_files[name][0] == data]
    assert len(same_bytes) >= 30
    for name, (_, image) in before_files.items():
        difference = ImageChops.difference(image, after_files[name][1])
        assert max(high for _, high in difference.getextrema()) <= 2, name


def test_own_export_into_the_same_site_changes_nothing(theme_site, tmp_path, settings):
    """The site's own export, imported into it: nothing created or updated, no duplicate."""
    settings.BLOG_SITE_URL = SITE
    before = site()
    counts = [model.objects.count() for model in (Post, Page, MediaItem, Comment)]
    exported = tmp_path / "export.xml"
    command("export_wxr", exported)
    for dry_run in (["--dry-run"], []):
        output = command("import_wxr", exported, *dry_run)
        table = rows(output)
        assert sum(numbers[0] + numbers[1] for numbers in table.values()) == 0, output
        assert table["posts"] == (0, 0, 58, 0)
        assert table["pages"] == (0, 0, 21, 0)
        assert table["attachments"] == (0, 0, 35, 0)
        assert table["comments"][:3] == (0, 0, 29)
    assert [model.objects.count() for model in (Post, Page, MediaItem, Comment)] == counts
    assert site() == before


def test_a_newer_export_updates_only_what_changed(theme_site, tmp_path):
    """A second export of the site, after one post was edited, updates that post alone in
    the site that imported the first."""
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    command("export_wxr", first, "--base-url", SITE)
    edited = Post.objects.get(slug="markup-html-tags-and-formatting")
    edited.title = "Markup: every tag"
    edited.save()
    command("export_wxr", second, "--base-url", SITE)
    media_copy = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media-copy")
    empty_database()
    command("import_wxr", first, "--media-dir", media_copy)
    for dry_run in (["--dry-run"], []):
        table = rows(command("import_wxr", second, "--media-dir", media_copy, *dry_run))
        assert table["posts"] == (0, 1, 57, 0)
        assert table["pages"] == (0, 0, 21, 0)
        assert table["attachments"] == (0, 0, 35, 0)
        assert table["comments"][:2] == (0, 0)
    assert Post.objects.get(slug="markup-html-tags-and-formatting").title == "Markup: every tag"
