"""WordPress audio and video: attachments copied, players made of them, links otherwise.

tests/data/wxr/players.xml is the export; its wp-content/uploads is made here (headers
of real containers: tests.support.recordings), and --fetch-media downloads them from a
real HTTP server on 127.0.0.1 started by the test.
"""

import http.server
import io
import re
import threading
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from blog.models import Post
from medialibrary.models import MediaItem
from tests.support import recordings
from wordpress.importing.importer import import_wxr
from wordpress.importing.media import MediaOptions
from wordpress.models import ImportedMedia, ImportedPost

PLAYERS = Path(__file__).parents[1] / "data" / "wxr" / "players.xml"
THEME_DATA = settings.BASE_DIR.parent / "shared" / "data" / "themeunittestdata.wordpress.xml"
OLD = "https://river.example.net/wp-content/uploads/2024/06"
# An empty figure, or one that holds only its caption: what must never reach a page.
EMPTY_FIGURE = re.compile(r"<figure[^>]*>\s*(<figcaption[^>]*>[^<]*</figcaption>)?\s*</figure>")


@pytest.fixture
def uploads(tmp_path):
    """The old site's wp-content/uploads: recordings, a poster, an HTML "MP3", a .mov."""
    month = tmp_path / "uploads" / "2024" / "06"
    month.mkdir(parents=True)
    (month / "dawn.mp3").write_bytes(recordings.mp3())
    (month / "interview.m4a").write_bytes(recordings.m4a())
    (month / "walk.mp4").write_bytes(recordings.mp4())
    (month / "ripples.webm").write_bytes(recordings.webm())
    (month / "fake.mp3").write_text("<!DOCTYPE html><title>Not found</title>")
    (month / "boat.mov").write_bytes(recordings.iso_media(b"qt  ", b"qt  "))
    Image.new("RGB", (1200, 675), "teal").save(month / "walk-poster.jpg", "JPEG")
    return tmp_path / "uploads"


@pytest.fixture
def copied(db, uploads):
    """The summary of importing players.xml with --media-dir."""
    return import_wxr(PLAYERS, media=MediaOptions(directory=uploads))


def media_of(wp_id):
    return ImportedMedia.objects.select_related("item").get(wp_id=wp_id).item


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def notes(summary):
    return "\n".join(summary.notes())


def test_audio_and_video_attachments_are_copied_as_they_are(copied, uploads):
    """MP3, M4A, MP4 and WebM become items of their kind, byte for byte."""
    kinds = {
        wp_id: (media_of(wp_id).kind, media_of(wp_id).content_type)
        for wp_id in (501, 505, 502, 504)
    }
    assert kinds == {
        501: ("audio", "audio/mpeg"),
        505: ("audio", "audio/mp4"),
        502: ("video", "video/mp4"),
        504: ("video", "video/webm"),
    }
    dawn = media_of(501)
    assert dawn.file.read() == (uploads / "2024/06/dawn.mp3").read_bytes()
    assert (dawn.title, dawn.caption, dawn.description) == (
        "Dawn", "Dawn at the weir", "Recorded with a hydrophone.",
    )  # fmt: skip
    assert "Media files: 5 copied from the media folder" in notes(copied)


def test_files_that_are_not_what_they_say_are_refused_with_the_reason(copied):
    """An HTML page named .mp3 and a QuickTime .mov are refused, each with a line."""
    text = notes(copied)
    assert re.search(r"Refused: 2024/06/fake.mp3: .*it looks like an HTML page", text)
    assert "Refused: 2024/06/boat.mov: QuickTime video (.mov) is not accepted" in text
    assert media_of(506) is None and media_of(507) is None


def test_an_audio_block_becomes_a_player_of_the_copied_file(copied):
    """wp:audio: <figure> with <audio controls> of the library's file and its caption."""
    dawn, body_html = media_of(501), post(401).body_html
    figure = re.search(r'<figure class="wp-block-audio"><audio [^>]*>.*?</figure>', body_html)
    assert figure is not None
    assert f'src="{dawn.url}"' in figure[0] and "controls" in figure[0]
    assert 'preload="none"' in figure[0]
    assert f'<a href="{dawn.url}">Listen to dawn.mp3</a>' in figure[0]
    assert re.search(r"<figcaption[^>]*>Dawn at the weir</figcaption>", figure[0])


def test_an_audio_shortcode_becomes_a_player(copied):
    """[audio mp3="…"] is a player of the M4A, in a figure of its own."""
    interview = media_of(505)
    assert re.search(
        rf'<figure class="wp-block-audio"><audio [^>]*src="{re.escape(interview.url)}"',
        post(401).body_html,
    )


def test_a_video_block_keeps_its_poster_when_that_image_was_copied(copied):
    """wp:video: the MP4 plays; its poster (a resized variant's URL) is the library's image."""
    walk, poster, body_html = media_of(502), media_of(503), post(402).body_html
    [video] = re.findall(rf'<video [^>]*src="{re.escape(walk.url)}"[^>]*>', body_html)
    assert f'poster="{poster.url}"' in video
    assert "autoplay" not in video and "controls" in video
    assert re.search(r"<figcaption[^>]*>Upstream, in June</figcaption>", body_html)


def test_a_video_shortcode_and_a_bare_video_tag_become_players(copied):
    """[video webm=… loop] and <video><source …></video> play the copied WebM."""
    ripples = media_of(504)
    walk_page, notes_page = post(402).body_html, post(403).body_html
    assert re.search(rf'<video [^>]*src="{re.escape(ripples.url)}"[^>]*loop', walk_page)
    assert re.search(
        rf'<figure class="wp-block-video"><video [^>]*src="{re.escape(ripples.url)}"', notes_page
    )
    dawn = media_of(501)
    assert re.search(rf'<audio [^>]*src="{re.escape(dawn.url)}"', notes_page)  # [audio URL]


def test_players_of_files_not_copied_are_links_naming_the_file(copied):
    """The refused files and the other site's file are links, never an empty player."""
    morning, walk = post(401).body_html, post(402).body_html
    assert (
        '<a href="https://sounds.elsewhere.example/otters.mp3">Listen to otters.mp3</a>' in morning
    )
    assert f'<a href="{OLD}/fake.mp3">Listen to fake.mp3</a>' in morning
    assert re.search(r"Listen to fake.mp3</a><figcaption[^>]*>Not a song</figcaption>", morning)
    assert f'<a href="{OLD}/boat.mov">Watch boat.mov</a>' in walk
    for body_html in Post.objects.values_list("body_html", flat=True):
        assert not re.search(r'<(audio|video)[^>]+src="https?://', body_html)
        assert not EMPTY_FIGURE.search(body_html), body_html


def test_the_summary_counts_players_and_links(copied):
    """Players made of copied files and links left to old files are counted."""
    assert "Audio and video: 6 players of copied files, 3 links to files not copied." in notes(
        copied
    )
    assert copied.shortcodes["video"] == 1  # [video] with no file: dropped, counted
    assert "Audio and video players naming no file dropped: 1." in notes(copied)
    assert "<audio controls></audio>" not in post(403).body


def test_without_files_every_player_is_a_link_and_a_later_run_makes_players(db, uploads):
    """Not copied: bodies keep the old URLs, pages link; then --media-dir makes players,
    and a third run changes nothing."""
    first = import_wxr(PLAYERS)
    assert "Audio and video: 0 players of copied files, 9 links to files not copied." in notes(
        first
    )
    assert f'src="{OLD}/dawn.mp3"' in post(401).body
    assert "<audio" not in post(401).body_html
    assert f'<a href="{OLD}/dawn.mp3">Listen to dawn.mp3</a>' in post(401).body_html

    import_wxr(PLAYERS, media=MediaOptions(directory=uploads))
    assert f'src="{media_of(501).url}"' in post(401).body_html

    bodies = dict(Post.objects.values_list("pk", "body"))
    third = import_wxr(PLAYERS, media=MediaOptions(directory=uploads))
    assert dict(Post.objects.values_list("pk", "body")) == bodies
    assert {kind: numbers[:2] for kind, *numbers in third.rows()}["posts"] == [0, 0]
    assert MediaItem.objects.count() == 5


def test_the_command_imports_players_as_a_user_runs_it(db, uploads):
    """manage.py import_wxr FILE --media-dir DIR prints the players' line."""
    out = StringIO()
    call_command("import_wxr", str(PLAYERS), "--media-dir", str(uploads), stdout=out)
    assert "Audio and video: 6 players of copied files" in out.getvalue()


def test_old_links_to_audio_and_video_redirect(client, copied):
    """/wp-content/uploads/… of a recording is a 301 to its file here."""
    for path, wp_id in (("dawn.mp3", 501), ("walk.mp4", 502), ("ripples.webm", 504)):
        response = client.get(f"/wp-content/uploads/2024/06/{path}")
        assert (response.status_code, response["Location"]) == (301, media_of(wp_id).url)
    assert client.get("/wp-content/uploads/2024/06/boat.mov").status_code == 404


def test_the_post_page_plays_and_its_queries_are_pinned(
    client, copied, django_assert_max_num_queries
):
    """The imported post's page has its players, in the queries of any post page."""
    morning = post(401)
    # Its imported comments: their threads' rows, then the shown page of them.
    with django_assert_max_num_queries(10):
        response = client.get(morning.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<audio ") == 2
    assert "media-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.skipif(not THEME_DATA.exists(), reason="WordPress's theme test data is not here")
def test_the_theme_datas_players_are_links_naming_their_files(db):
    """WordPress's own test data, without its files: every player (blocks, [audio URL],
    cover videos) is a link to its file, none an empty figure."""
    summary = import_wxr(THEME_DATA)

    assert "Audio and video: 0 players of copied files, 10 links to files not copied." in notes(
        summary
    )
    html = "".join(Post.objects.values_list("body_html", flat=True))
    assert "<audio" not in html and "<video" not in html
    assert ">Listen to Armstrong_Small_Step.ogg</a>" in html
    assert ">Listen to originaldixielandjazzbandwithalbernard-stlouisblues.mp3</a>" in html
    assert ">Watch 2014-slider-mobile-behavior.mov</a>" in html
    assert not EMPTY_FIGURE.search(html)


def test_deleting_a_recording_names_the_posts_that_play_it(admin_client, copied):
    """The imported player carries the library's marker: the delete page names its post."""
    dawn = media_of(501)
    html = admin_client.get(f"/admin/medialibrary/mediaitem/{dawn.pk}/delete/").content.decode()
    assert "Morning on the river" in html and "Old notes" in html


def test_deleting_a_recording_takes_its_player_out_of_the_imported_post(admin_client, copied):
    """The HTML post is rendered again without the player (nor a link) of the deleted
    file; its caption stays."""
    dawn = media_of(501)
    assert dawn.url in post(401).body_html
    admin_client.post(f"/admin/medialibrary/mediaitem/{dawn.pk}/delete/", {"post": "yes"})
    body_html = post(401).body_html
    assert dawn.url not in body_html and "Dawn at the weir</figcaption>" in body_html
    assert body_html.count("<audio ") == 1  # the M4A's


# Downloading


class Handler(http.server.SimpleHTTPRequestHandler):
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_media_downloads_audio_and_video(db, old_site):
    """--fetch-media takes recordings as images: downloaded, checked by their bytes."""
    text = PLAYERS.read_text().replace(
        "https://river.example.net/wp-content/", f"{old_site}/wp-content/"
    )
    summary = import_wxr(
        io.BytesIO(text.encode()), media=MediaOptions(fetch=True, allow_private_hosts=True)
    )
    assert "5 downloaded" in notes(summary)
    assert media_of(502).kind == "video" and media_of(501).kind == "audio"
    assert f'src="{media_of(501).url}"' in post(401).body_html
    assert "it looks like an HTML page" in notes(summary)


@pytest.mark.parametrize("how", ["media-dir", "fetch-media"])
def test_recordings_are_held_to_the_video_limit_not_the_image_one(
    db, settings, old_site, uploads, how
):
    """BLOG_MEDIA_MAX_BYTES (images) lets no recording less through; the video limit does."""
    settings.BLOG_MEDIA_MAX_BYTES = 1000  # below every file of the export
    settings.BLOG_MEDIA_MAX_VIDEO_BYTES = 2000  # above the MP3 (1,281 bytes), below the MP4
    if how == "media-dir":
        summary = import_wxr(PLAYERS, media=MediaOptions(directory=uploads))
    else:
        text = PLAYERS.read_text().replace(
            "https://river.example.net/wp-content/", f"{old_site}/wp-content/"
        )
        options = MediaOptions(fetch=True, allow_private_hosts=True)
        summary = import_wxr(io.BytesIO(text.encode()), media=options)
    assert media_of(501).kind == "audio"
    assert media_of(502) is None and media_of(503) is None
    assert re.search(
        r"Refused: 2024/06/walk.mp4: the file is larger than 2000 bytes", notes(summary)
    )
