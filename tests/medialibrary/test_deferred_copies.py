"""Resized copies are made by the worker, after the upload: the item is usable at once,
and what shows it gets the copies once they exist (the real database queue here)."""

from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from medialibrary.models import MediaItem
from medialibrary.tasks import make_copies
from tests.medialibrary.conftest import image_bytes, upload_file

ADD_URL = "/admin/medialibrary/mediaitem/add/"
COPIES = [(480, "jpg"), (480, "webp"), (960, "jpg"), (960, "webp"), (1200, "webp")]


@pytest.fixture
def database_queue(settings, transactional_db):
    """The real queue; committed data, as the worker closes connections between tasks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


pytestmark = pytest.mark.usefixtures("database_queue")


def work():
    """Run the worker over everything that is due, as the real process does, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def upload(client):
    form = {"title": "Fern", "alt_text": "A fern uncurling", "caption": "", "description": ""}
    data = {**form, "upload": upload_file(image_bytes(1200, 800), "fern.jpg")}
    assert client.post(ADD_URL, data).status_code == 302
    return MediaItem.objects.get()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def images_of(html):
    """The attributes of each <img> and <source> of a page, in order."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("img", "source"):
                found.append({"tag": tag, **dict(attrs)})

    Finder().feed(html)
    return found


def copy_sizes(item):
    return sorted((copy["width"], copy["name"].rsplit(".", 1)[1]) for copy in item.copies)


def test_an_upload_stores_the_original_and_only_queues_the_copies(admin_client):
    """The upload answers with the original stored and one task waiting for the worker."""
    item = upload(admin_client)

    assert item.copies == []
    assert stored_files() == [item.file.name]
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path == "medialibrary.tasks.make_copies"
    assert queued.args_kwargs["args"] == [item.pk]


def test_a_post_shows_the_original_until_the_copies_exist(admin_client, client, make_post):
    """Before the worker runs, the post's image is the original, with no srcset of files
    that do not exist yet."""
    item = upload(admin_client)
    post = make_post(body=f"![A fern](media:{item.pk})")

    html = client.get(post.get_absolute_url()).content.decode()

    [image] = [found for found in images_of(html) if item.key in found.get("src", "")]
    assert image["src"] == item.url
    assert "srcset" not in html and "image/webp" not in html


def test_the_worker_makes_the_copies_and_the_post_page_shows_them(
    admin_client, client, make_post, django_assert_max_num_queries
):
    """Once the worker ran, the post (rendered and cached before) serves the copies."""
    item = upload(admin_client)
    post = make_post(body=f"![A fern](media:{item.pk})", featured_image=item)
    assert "srcset" not in client.get(post.get_absolute_url()).content.decode()  # now cached

    work()

    item.refresh_from_db()
    assert copy_sizes(item) == COPIES
    assert stored_files() == sorted(item.file_names())
    with django_assert_max_num_queries(8):
        html = client.get(post.get_absolute_url()).content.decode()
    shown = [found for found in images_of(html) if item.key in found.get("srcset", "")]
    # The featured image and the figure, each a WebP <source> and an <img>.
    assert [found["tag"] for found in shown] == ["source", "img", "source", "img"]
    assert {found["srcset"] for found in shown} == {item.srcset(), item.webp_srcset()}
    assert "-480w.jpg 480w" in item.srcset() and "-480w.webp 480w" in item.webp_srcset()


def test_making_the_copies_twice_makes_one_set(admin_client):
    """A second run of the task for the same item finds the copies and makes none."""
    item = upload(admin_client)
    work()
    files = stored_files()

    make_copies.enqueue(item.pk)
    work()

    item.refresh_from_db()
    assert copy_sizes(item) == COPIES
    assert stored_files() == files
    assert DBTaskResult.objects.failed().count() == 0


def test_an_item_deleted_before_the_worker_ran_is_no_work(admin_client):
    """The task of a deleted item succeeds without writing a file."""
    item = upload(admin_client)
    item.delete()

    work()

    assert stored_files() == []
    [done] = DBTaskResult.objects.all()
    assert done.status == "SUCCESSFUL"


def test_a_failed_run_is_tried_again_later_and_then_succeeds(admin_client):
    """The original missing from the storage: the run fails, another is queued for later,
    and once the file is back that one makes the copies."""
    item = upload(admin_client)
    original = Path(settings.MEDIA_ROOT) / item.file.name
    kept = original.read_bytes()
    original.unlink()

    work()

    assert DBTaskResult.objects.failed().count() == 1
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    item.refresh_from_db()
    assert item.copies == []

    original.write_bytes(kept)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(1))
    work()

    item.refresh_from_db()
    assert copy_sizes(item) == COPIES
