"""A `_thumbnail_id` naming an audio attachment: copied as audio, never a featured image."""

import pytest
from PIL import Image

from tests.support import recordings, wxr_files
from wordpress.importing.importer import import_wxr
from wordpress.importing.media import MediaOptions
from wordpress.models import ImportedMedia, ImportedPost

OLD = "https://test.example.org/wp-content/uploads/2024/05"


def post_featuring(wp_id, thumbnail_id):
    return wxr_files.item(wp_id, "Morning", "<p>Listen.</p>").replace(
        "</item>", wxr_files.meta("_thumbnail_id", thumbnail_id) + "</item>"
    )


@pytest.fixture
def uploads(tmp_path):
    month = tmp_path / "uploads" / "2024" / "05"
    month.mkdir(parents=True)
    (month / "birdsong.mp3").write_bytes(recordings.mp3())
    Image.new("RGB", (640, 480), "teal").save(month / "pond.jpg", "JPEG")
    return tmp_path / "uploads"


def imported(uploads, source):
    return import_wxr(source, media=MediaOptions(directory=uploads))


def export(tmp_path):
    path = tmp_path / "export.xml"
    sound = wxr_files.attachment(20, f"{OLD}/birdsong.mp3", "2024/05/birdsong.mp3")
    photo = wxr_files.attachment(21, f"{OLD}/pond.jpg", "2024/05/pond.jpg", alt="The pond")
    posts = post_featuring(10, 20), post_featuring(11, 21)
    path.write_text(wxr_files.export(*posts, sound, photo))
    return path


def test_an_audio_thumbnail_is_copied_but_not_featured(db, tmp_path, uploads):
    """The MP3 becomes an audio item and its post has no featured image (the JPEG's post
    has its own); the summary says so."""
    summary = imported(uploads, export(tmp_path))

    assert ImportedMedia.objects.get(wp_id=20).item.kind == "audio"
    assert ImportedPost.objects.get(wp_id=10).post.featured_image is None
    photo = ImportedMedia.objects.get(wp_id=21).item
    assert ImportedPost.objects.get(wp_id=11).post.featured_image == photo
    notes = summary.notes()
    assert "Featured images left unset, as the attachment is audio or video: 1." in notes
    assert any(line.startswith("Posts: 1 featured images set") for line in notes)


def test_a_second_import_still_leaves_it_unset(db, tmp_path, uploads):
    """Importing the same export again sets nothing and says the same."""
    imported(uploads, export(tmp_path))
    summary = imported(uploads, export(tmp_path))

    assert ImportedPost.objects.get(wp_id=10).post.featured_image is None
    assert "Featured images left unset, as the attachment is audio or video: 1." in (
        summary.notes()
    )
