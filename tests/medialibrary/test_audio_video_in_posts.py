"""Audio and video in posts: players of library files, links for other sites' files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Post
from medialibrary import uploads
from tests.medialibrary.test_in_posts import tags
from tests.support import recordings


@pytest.fixture
def make_recording(db, author):
    """Adds an audio or video file to the library as an upload would."""

    def make(extension="mp3", **fields):
        data = recordings.SAMPLES[extension][0]()
        upload = SimpleUploadedFile(f"file.{extension}", data)
        return uploads.add(upload, filename=f"file.{extension}", user=author, **fields)

    return make


def page(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_markdown_reference_to_audio_is_a_player_in_a_figure(client, make_post, make_recording):
    """`![title](media:N)` on audio: <figure>, <audio controls preload=none>, a link, a caption."""
    item = make_recording("mp3", title="Dawn chorus", caption="Recorded in May")
    post = make_post(body=f"Listen:\n\n![Dawn chorus](media:{item.pk})\n\nLovely.")

    _, html = page(client, post)

    [audio] = tags(html, "audio")
    assert audio == {
        "controls": None,
        "preload": "none",
        "src": item.url,
        "class": f"media-item-{item.pk}",
    }
    assert f'<a href="{item.url}">Listen to Dawn chorus</a></audio>' in html
    assert "<figcaption>Recorded in May</figcaption>" in html
    assert f'<figure class="figure media-audio media-item-{item.pk}">' in html


def test_a_markdown_reference_to_video_is_a_video_player(client, make_post, make_recording):
    """A video plays inline, loads only its first frame, and keeps the Markdown title as caption."""
    item = make_recording("webm", title="A walk")
    post = make_post(body=f'![A walk](media:{item.pk} "By the river")')

    _, html = page(client, post)

    [video] = tags(html, "video")
    assert (video["src"], video["preload"], "playsinline" in video) == (item.url, "metadata", True)
    assert "<figcaption>By the river</figcaption>" in html
    assert "Watch A walk" in html


def test_the_items_markdown_is_what_the_admin_offers(make_recording):
    """The library's Markdown for a recording names it by its title."""
    item = make_recording("m4a", title="Interview [part 1]")
    assert item.markdown == f"![Interview (part 1)](media:{item.pk})"


def test_a_player_of_another_site_is_a_link_to_its_file(client, make_post):
    """The CSP would refuse to play it: the reader gets a link naming the file."""
    post = make_post(
        body_format="html",
        body='<figure><audio controls src="https://podcasts.example/ep%201.mp3"></audio>'
        "<figcaption>Episode one</figcaption></figure>"
        '<video src="https://videos.example/a/clip.webm" autoplay></video>',
    )

    _, html = page(client, post)

    assert "<audio" not in html and "<video" not in html
    assert '<a href="https://podcasts.example/ep%201.mp3">Listen to ep 1.mp3</a>' in html
    assert '<a href="https://videos.example/a/clip.webm">Watch clip.webm</a>' in html
    assert "<figcaption>Episode one</figcaption>" in html


def test_html_players_keep_their_attributes_and_lose_what_could_run(
    client, make_post, make_recording
):
    """controls, poster, tracks of this site stay; handlers, autoplay, other sites' sources go."""
    item = make_recording("mp4")
    poster = make_recording("mp3")  # any library file will do as a same-site URL
    post = make_post(
        body_format="html",
        body=f'<video src="{item.url}" poster="{poster.url}" width="640" height="360" muted loop '
        'autoplay onplay="alert(1)" playsinline>'
        '<source src="https://elsewhere.example/x.webm" type="video/webm">'
        '<track src="/media/subtitles.vtt" kind="captions" srclang="en" label="English">'
        "</video>",
    )

    _, html = page(client, post)

    [video] = tags(html, "video")
    assert video["src"] == item.url and video["poster"] == poster.url
    assert {"controls", "muted", "loop", "playsinline", "width", "height"} <= set(video)
    assert "autoplay" not in video and "onplay" not in video
    assert tags(html, "source") == [] or all(
        "elsewhere" not in s.get("src", "") for s in tags(html, "source")
    )
    assert tags(html, "track") == [
        {"src": "/media/subtitles.vtt", "kind": "captions", "srclang": "en", "label": "English"}
    ]


def test_a_player_with_no_file_left_is_removed(client, make_post):
    """A javascript: source is cleaned away, and the player with it; the text stays."""
    post = make_post(
        body_format="html", body='<audio src="javascript:alert(1)">x</audio><p>After</p>'
    )

    _, html = page(client, post)

    assert "<audio" not in html and "javascript:" not in html and "<p>After</p>" in html


def test_the_csp_lets_this_site_play_media(client, make_post):
    """media-src 'self' is in the policy (default-src alone would be easy to tighten away)."""
    response, _ = page(client, make_post())
    assert "media-src 'self'" in response["Content-Security-Policy"]


def test_a_post_with_players_has_pinned_queries(
    client, make_post, make_recording, django_assert_max_num_queries
):
    """A post with an audio and a video player: players are stored HTML, they ask nothing
    (9 is what any post page asks: the post, its terms, neighbours, menus, comments)."""
    audio, video = make_recording("mp3", title="Talk"), make_recording("mp4", title="Walk")
    post = make_post(body=f"![Talk](media:{audio.pk})\n\n![Walk](media:{video.pk})")

    with django_assert_max_num_queries(9):
        _, html = page(client, post)

    assert len(tags(html, "audio")) == 1 and len(tags(html, "video")) == 1


def test_deleting_a_recording_renders_its_posts_again(admin_client, make_post, make_recording):
    """The player carries the media marker, so deleting the file takes it out of the post."""
    item = make_recording("mp3", title="Talk")
    post = make_post(body=f"![Talk](media:{item.pk})")

    admin_client.post(f"/admin/medialibrary/mediaitem/{item.pk}/delete/", {"post": "yes"})

    assert "<audio" not in Post.objects.get(pk=post.pk).body_html
