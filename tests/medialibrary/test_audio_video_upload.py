"""Uploading audio and video in the admin: told by their bytes, stored as they came."""

import struct
from pathlib import Path

import pytest
from django.conf import settings

from medialibrary.models import MediaItem
from tests.medialibrary.test_upload import ADD_URL, LIST_URL, stored_files, upload
from tests.support import recordings
from tests.support.recordings import SAMPLES

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(2000)


@pytest.mark.parametrize("extension", list(SAMPLES))
def test_each_format_is_stored_as_it_came_under_a_name_of_the_sites(admin_client, extension):
    """The file is kept byte for byte, named by its format: the upload's name is a label."""
    make, kind, content_type = SAMPLES[extension]
    data = make()

    response = upload(admin_client, data, "My Recording.bin", title="Spring birdsong")

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.kind, item.content_type, item.extension) == (kind, content_type, extension)
    assert (item.size, item.copies, item.original_filename) == (len(data), [], "My Recording.bin")
    assert (Path(settings.MEDIA_ROOT) / item.file.name).read_bytes() == data
    assert stored_files() == [item.file.name]


def test_the_clients_content_type_and_name_do_not_decide(admin_client):
    """An MP3 sent as "clip.mp4", video/mp4, is audio: its bytes say so."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sent = SimpleUploadedFile("clip.mp4", recordings.mp3(), content_type="video/mp4")
    form = {"title": "Clip", "alt_text": "", "caption": "", "description": "", "upload": sent}

    assert admin_client.post(ADD_URL, form).status_code == 302
    item = MediaItem.objects.get()
    assert (item.kind, item.content_type, item.file.name.endswith(".mp3")) == (
        "audio", "audio/mpeg", True,
    )  # fmt: skip


def test_mp3_frames_without_an_id3_tag_are_taken(admin_client):
    """Two MPEG audio frames in a row are enough to know an MP3 without its tag."""
    assert upload(admin_client, recordings.mp3(tagged=False), "bare.mp3").status_code == 302
    assert MediaItem.objects.get().content_type == "audio/mpeg"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (ELF, "film.mp4", "it looks like a program"),
        (b"MZ\x90\x00" + bytes(500), "song.mp3", "it looks like a Windows program"),
        (HTML, "song.mp3", "it looks like an HTML page"),
        (SVG, "logo.svg", "it looks like an SVG image, which can carry script"),
        (recordings.mp4()[:30], "cut.mp4", "The MP4 file is truncated"),
        (recordings.webm()[:20], "cut.webm", "The WebM file is truncated"),
        (recordings.opus()[:30], "cut.opus", "The Ogg file is truncated"),
        (recordings.wav()[:30], "cut.wav", "The WAV file is truncated"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x14" + bytes(20), "tag.mp3", "The MP3 file is truncated"),
        (recordings.iso_media(b"qt  ", b"qt  "), "a.mov", "QuickTime video (.mov) is not accepted"),
        (recordings.ebml(b"matroska"), "film.mkv", "Matroska video (.mkv) is not accepted"),
        (recordings.ogg(b"\x80theora" + bytes(30)), "film.ogv", "Ogg Theora video is not accepted"),
        (b"RIFF\x00\x01\x00\x00AVI LIST" + bytes(100), "film.avi", "AVI video is not accepted"),
        (recordings.iso_media(b"3gp4", b"3gp4"), "phone.3gp", "brand “3gp4” is not accepted"),
    ],
    ids=[
        "program-as-mp4", "exe-as-mp3", "html-as-mp3", "svg", "truncated-mp4",
        "truncated-webm", "truncated-ogg", "truncated-wav", "id3-without-audio", "quicktime",
        "matroska", "theora", "avi", "3gp",
    ],
)  # fmt: skip
def test_a_refused_file_says_why_and_leaves_nothing(admin_client, data, name, message):
    """Each refusal is the form again, its reason beside the field; nothing is stored."""
    response = upload(admin_client, data, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MediaItem.objects.exists() and stored_files() == []


def test_an_mp4_header_that_claims_more_than_it_has_is_refused(admin_client):
    """An ftyp box longer than the file is a header cut short, whatever follows."""
    data = struct.pack(">I", 64) + b"ftypisom" + bytes(8)

    assert "truncated" in upload(admin_client, data, "x.mp4").content.decode()


def test_video_has_its_own_size_limit(admin_client, settings):
    """BLOG_MEDIA_MAX_BYTES (images) does not hold a video back; BLOG_MEDIA_MAX_VIDEO_BYTES does."""
    settings.BLOG_MEDIA_MAX_BYTES = 100
    settings.BLOG_MEDIA_MAX_VIDEO_BYTES = 3000
    assert upload(admin_client, recordings.mp4(), "small.mp4").status_code == 302

    settings.BLOG_MEDIA_MAX_VIDEO_BYTES = 1000
    response = upload(admin_client, recordings.mp4(), "large.mp4")
    assert "the largest audio or video file accepted is 1000\xa0bytes" in response.content.decode()
    assert MediaItem.objects.count() == 1


def test_the_upload_field_offers_audio_and_video(admin_client):
    """The file picker's accept list names the audio and video types beside the images."""
    html = admin_client.get(ADD_URL).content.decode()
    assert "audio/mpeg" in html and "video/webm" in html and "image/webp" in html


def test_the_list_shows_an_icon_for_a_recording(admin_client, django_assert_max_num_queries):
    """A recording has no thumbnail: the list shows its kind's icon."""
    upload(admin_client, recordings.mp3(), "talk.mp3", title="A talk")
    upload(admin_client, recordings.webm(), "walk.webm", title="A walk")

    with django_assert_max_num_queries(12):
        html = admin_client.get(LIST_URL).content.decode()

    assert "medialibrary/audio.svg" in html and "medialibrary/video.svg" in html
    assert "A talk" in html and "A walk" in html


def test_the_change_page_offers_a_player_snippet(admin_client):
    """The Markdown to copy is the media reference, which posts render as a player."""
    upload(admin_client, recordings.mp3(), "talk.mp3", title="A talk on ferns")
    item = MediaItem.objects.get()

    html = admin_client.get(f"{LIST_URL}{item.pk}/change/").content.decode()

    assert f"![A talk on ferns](media:{item.pk})" in html
    assert f'<audio controls preload="metadata" src="{item.url}"' in html
    assert "Add alt text first" not in html
