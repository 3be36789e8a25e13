"""The media admin tells copies still to be made by the worker from copies never made."""

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes, upload_file

ADD_URL = "/admin/medialibrary/mediaitem/add/"
PENDING = "Resized copies: being made by the task worker"
NONE = "Resized copies: none (the image is small or animated)"


@pytest.fixture(autouse=True)
def database_queue(settings, transactional_db):
    """The real queue: uploads wait for `db_worker` (committed data, as the worker needs)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def upload(client, data, name):
    form = {"title": name, "alt_text": "A test image", "caption": "", "description": ""}
    response = client.post(ADD_URL, {**form, "upload": upload_file(data, name)})
    assert response.status_code == 302
    return MediaItem.objects.get(title=name)


def file_details(client, item):
    """The text of the change page's File field."""
    html = client.get(item.get_admin_url()).content.decode()
    found = re.search(r'<div class="readonly">(<a href="[^"]*">[^<]*</a> \(.*?)</div>', html, re.S)
    return found[1]


def animated_gif():
    frames = [Image.new("P", (800, 600), colour) for colour in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "image_format", "name"),
    [(1200, "JPEG", "wide.jpg"), (300, "PNG", "small.png"), (900, "WEBP", "wide.webp")],
)
def test_copies_not_made_yet_are_said_to_be_on_their_way(admin_client, width, image_format, name):
    """Before the worker runs, any still image but a narrow WebP waits for its copies."""
    item = upload(admin_client, image_bytes(width, 400, image_format), name)

    details = file_details(admin_client, item)

    assert item.copies_pending
    assert PENDING in details and "none" not in details


def test_once_the_worker_ran_the_copies_are_listed(admin_client):
    """After the task, the same page links each copy by its width."""
    item = upload(admin_client, image_bytes(1200, 800), "fern.jpg")
    work()
    item.refresh_from_db()

    details = file_details(admin_client, item)

    assert not item.copies_pending
    assert "being made" not in details
    widths = re.findall(r'<a href="[^"]*-(\d+)w\.jpg">(\d+) px</a>', details)
    assert widths == [("480", "480"), ("960", "960")]


@pytest.mark.parametrize(
    ("data", "name"),
    [(image_bytes(400, 300, "WEBP"), "narrow.webp"), (animated_gif(), "moving.gif")],
)
def test_images_that_get_no_copies_say_none(admin_client, data, name):
    """A WebP no wider than 480 px and an animation are shown as they are, before and
    after the worker ran."""
    item = upload(admin_client, data, name)
    assert not item.copies_pending
    assert NONE in file_details(admin_client, item)

    work()
    item.refresh_from_db()

    assert item.copies == []
    assert NONE in file_details(admin_client, item)
