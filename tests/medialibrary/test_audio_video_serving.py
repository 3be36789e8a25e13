"""/media/ for audio and video: the right type, no sniffing, byte ranges for seeking."""

import pytest

from medialibrary.models import MediaItem
from tests.medialibrary.test_upload import upload
from tests.support import recordings


@pytest.fixture
def video(admin_client):
    """An uploaded MP4 and its bytes."""
    data = recordings.mp4()
    upload(admin_client, data, "walk.mp4", title="A walk")
    return MediaItem.objects.get(), data


def test_the_whole_file_says_its_type_and_that_it_takes_ranges(client, video):
    """A plain GET is the whole file, video/mp4, nosniff, Accept-Ranges: bytes."""
    item, data = video

    response = client.get(item.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(data))


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-50", -50, None),
        ("bytes=10-999999", 10, None),
        ("bytes=0-0", 0, 0),
    ],
)
def test_a_range_is_a_206_of_just_those_bytes(client, video, header, first, last):
    """One range: 206, Content-Range and Content-Length saying which bytes of how many."""
    item, data = video
    expected = data[first : None if last is None else last + 1]
    start = first % len(data)

    response = client.get(item.url, headers={"range": header})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == expected
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(data)}"
    assert response["Content-Length"] == str(len(expected))
    assert response["Content-Type"] == "video/mp4"


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=-0"])
def test_a_range_past_the_end_is_a_416(client, video, header):
    """Nothing of the file in the range: 416, with the file's length."""
    item, data = video

    response = client.get(item.url, headers={"range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"
    assert response["Cache-Control"] == "no-store"  # or a cache would keep it for the URL


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "items=0-10",
        "bytes=-",
        "bytes=9-3",
        "bytes=0-1,5-6",
        "bytes=99999999999999999999999999999-",
        "bytes=\x00-1",
        "bytes= 0-1x",
    ],
)
def test_a_range_header_that_is_no_one_range_is_ignored(client, video, header):
    """Anything but one plain byte range gets the whole file, never an error."""
    item, data = video

    response = client.get(item.url, headers={"range": header})

    assert response.status_code in (200, 416)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == data


def test_if_range_of_another_version_gets_the_whole_file(client, video):
    """If-Range that is not the file's Last-Modified: 200; the same date: 206."""
    item, _ = video
    last_modified = client.get(item.url)["Last-Modified"]

    stale = client.get(item.url, headers={"range": "bytes=0-9", "if-range": "Mon, 01 Jan 2001"})
    fresh = client.get(item.url, headers={"range": "bytes=0-9", "if-range": last_modified})

    assert stale.status_code == 200 and fresh.status_code == 206


def test_head_with_a_range_answers_its_headers(client, video):
    """HEAD works as GET does, without the body."""
    item, _ = video

    response = client.head(item.url, headers={"range": "bytes=0-9"})

    assert response.status_code == 206 and response["Content-Length"] == "10"


@pytest.mark.parametrize("extension", list(recordings.SAMPLES))
def test_each_format_is_served_with_its_content_type(admin_client, client, extension):
    """The type comes from the format the upload was found to be."""
    make, _, content_type = recordings.SAMPLES[extension]
    upload(admin_client, make(), "x.bin")

    response = client.get(MediaItem.objects.get().url, headers={"range": "bytes=0-3"})

    assert response.status_code == 206 and response["Content-Type"] == content_type


def test_a_range_asks_nothing_of_the_database(client, video, django_assert_num_queries):
    """Serving a file, ranges included, makes no query."""
    item, _ = video
    with django_assert_num_queries(0):
        assert client.get(item.url, headers={"range": "bytes=5-"}).status_code == 206


def test_a_path_out_of_the_media_folder_is_still_a_404(client, video):
    """The view's own file handling refuses what Django's serve() refused."""
    for path in ["/media/../config/settings.py", "/media/%2e%2e/manage.py", "/media/2026/"]:
        assert client.get(path, headers={"range": "bytes=0-1"}).status_code == 404, path
