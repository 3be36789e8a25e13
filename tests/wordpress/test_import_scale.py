"""An import with media, at the benchmark's shape but small: copies queued, made by the
real worker, then served by the post page; a second import changes nothing."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from bench.import_scale import FIRST_ATTACHMENT, generate
from blog.models import Post
from medialibrary.models import MediaItem
from wordpress.models import ImportedMedia, ImportedPost

pytestmark = pytest.mark.usefixtures("database_queue")
IMAGES = 4


@pytest.fixture
def old_site(tmp_path):
    """The benchmark's export of 6 posts (2 comments each) and 4 images, with its files."""
    wxr, media_dir = tmp_path / "site.xml", tmp_path / "old-site"
    generate(wxr, media_dir, posts=6, comments_per_post=2, image_count=IMAGES)
    return wxr, media_dir / "wp-content" / "uploads"


def import_old_site(old_site):
    wxr, uploads = old_site
    call_command("import_wxr", str(wxr), "--media-dir", str(uploads), stdout=StringIO())


def work():
    """Run the worker over everything that is due, as the real process does, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def images_of(html):
    """The attributes of each <img> and <source> of a page, in order."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("img", "source"):
                found.append(dict(attrs))

    Finder().feed(html)
    return found


def first_post():
    """WordPress post 1: the first image in its body, the fourth as its featured image."""
    post = ImportedPost.objects.select_related("post").get(wp_id=1).post
    shown = ImportedMedia.objects.get(wp_id=FIRST_ATTACHMENT).item
    return post, shown


def test_the_import_stores_the_originals_and_queues_their_copies(old_site):
    """Every image is a usable item at once; its copies wait, one task each."""
    import_old_site(old_site)

    assert MediaItem.objects.count() == IMAGES
    assert not MediaItem.objects.exclude(copies=[]).exists()
    queued = DBTaskResult.objects.ready()
    assert sorted(row.args_kwargs["args"][0] for row in queued) == sorted(
        MediaItem.objects.values_list("pk", flat=True)
    )
    assert {row.task_path for row in queued} == {"medialibrary.tasks.make_copies"}


def test_the_worker_makes_the_copies_and_the_post_page_serves_them(
    old_site, client, django_assert_max_num_queries
):
    """Before the worker the page shows the originals; after it, the copies' srcset."""
    import_old_site(old_site)
    post, shown = first_post()
    before = images_of(client.get(post.get_absolute_url()).content.decode())
    assert shown.url in {image.get("src") for image in before}
    assert not any("srcset" in image for image in before)

    work()

    assert not MediaItem.objects.filter(copies=[]).exists()
    assert not DBTaskResult.objects.failed().exists()
    shown.refresh_from_db()
    featured = Post.objects.get(pk=post.pk).featured_image
    # With its comments: their threads' rows, then the shown page of them.
    with django_assert_max_num_queries(9):
        html = client.get(post.get_absolute_url()).content.decode()
    srcsets = {image.get("srcset") for image in images_of(html)}
    assert {shown.srcset(), shown.webp_srcset()} <= srcsets
    assert {featured.srcset(), featured.webp_srcset()} <= srcsets
    assert "-480w.png 480w" in shown.srcset()  # the first image is a PNG


def test_importing_again_after_the_worker_changes_nothing(old_site):
    """Same rows, same stored HTML, and no task queued."""
    import_old_site(old_site)
    work()

    def state():
        posts = list(Post.objects.order_by("pk").values_list("pk", "updated_at", "body_html"))
        items = list(MediaItem.objects.order_by("pk").values_list("pk", "copies"))
        return posts, items, DBTaskResult.objects.count()

    before = state()
    import_old_site(old_site)

    assert state() == before
