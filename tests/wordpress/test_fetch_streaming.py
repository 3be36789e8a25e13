"""`--fetch-media` streams a download to a temporary file: a video larger than what is
kept in memory arrives whole, byte for byte, without being held in memory.

The old site is a real HTTP server on 127.0.0.1 started by the test.
"""

import http.server
import os
import threading
import tracemalloc
from functools import partial

import pytest
from django.core.files.storage import default_storage

from tests.support import recordings, wxr_files
from wordpress.importing.fetch import IN_MEMORY, Fetcher, FetchRefused
from wordpress.importing.importer import import_wxr
from wordpress.importing.media import MediaOptions
from wordpress.models import ImportedMedia

SIZE = 8 * IN_MEMORY + 12_345  # not a whole number of chunks either


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/unsized":  # no Content-Length: only counting finds it too large
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.end_headers()
            self.wfile.write(recordings.mp4() + bytes(2 * IN_MEMORY))
            self.close_connection = True
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def video():
    """An MP4's header, then random bytes: SIZE in all."""
    head = recordings.mp4()
    return head + os.urandom(SIZE - len(head))


@pytest.fixture
def old_site(tmp_path, video):
    """wp-content/uploads/2024/05/walk.mp4 served at http://127.0.0.1:<port>/."""
    month = tmp_path / "site" / "wp-content" / "uploads" / "2024" / "05"
    month.mkdir(parents=True)
    (month / "walk.mp4").write_bytes(video)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(tmp_path / "site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_fetched_video_is_stored_byte_identical(db, tmp_path, old_site, video):
    """The import downloads the video and the library stores exactly its bytes."""
    url = f"{old_site}/wp-content/uploads/2024/05/walk.mp4"
    export = tmp_path / "export.xml"
    export.write_text(wxr_files.export(wxr_files.attachment(30, url, "2024/05/walk.mp4")))

    summary = import_wxr(export, media=MediaOptions(fetch=True, allow_private_hosts=True))

    item = ImportedMedia.objects.get(wp_id=30).item
    assert item is not None, summary.notes()
    assert (item.kind, item.size) == ("video", SIZE)
    with default_storage.open(item.file.name, "rb") as stored:
        assert stored.read() == video
    assert "1 downloaded" in summary.notes()[0]


def test_a_download_is_not_held_in_memory(old_site, video):
    """While a file eight times IN_MEMORY downloads, memory grows by a few IN_MEMORY at
    most (the spool before it goes to disk), not by the file's size."""
    with Fetcher(allow_private=True, interval=0) as fetcher:
        tracemalloc.start()
        try:
            fetched = fetcher.get(f"{old_site}/wp-content/uploads/2024/05/walk.mp4", SIZE)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        with fetched:
            assert fetched.size == SIZE
            assert fetched.read() == video
    assert peak < 3 * IN_MEMORY


def test_the_size_limit_is_counted_while_streaming(old_site):
    """A body without Content-Length is refused once it passes the limit."""
    with (
        Fetcher(allow_private=True, interval=0) as fetcher,
        pytest.raises(FetchRefused, match="larger than"),
    ):
        fetcher.get(f"{old_site}/unsized", IN_MEMORY)
