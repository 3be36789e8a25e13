"""A post's featured image is an image: the admin offers and takes only images."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medialibrary import uploads
from tests.medialibrary.conftest import image_bytes
from tests.support import recordings
from tests.support.admin_forms import form_data

AUTOCOMPLETE = "/admin/autocomplete/"


@pytest.fixture
def library(author):
    """An image and an MP3 whose titles both say "Harbour"."""
    photo = uploads.add(
        SimpleUploadedFile("harbour.jpg", image_bytes(800, 600), "image/jpeg"),
        filename="harbour.jpg",
        user=author,
        title="Harbour at dawn",
        alt_text="Boats at rest in a harbour",
    )
    sound = uploads.add(
        SimpleUploadedFile("harbour.mp3", recordings.mp3(), "audio/mpeg"),
        filename="harbour.mp3",
        user=author,
        title="Harbour sounds",
    )
    assert (photo.kind, sound.kind) == ("image", "audio")
    return photo, sound


def offered(admin_client, term):
    """The titles the featured image's autocomplete offers for `term`."""
    response = admin_client.get(
        AUTOCOMPLETE,
        {"term": term, "app_label": "blog", "model_name": "post", "field_name": "featured_image"},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_autocomplete_offers_only_images(admin_client, library):
    """Searching "Harbour" finds the photo, not the recording with the same word."""
    assert offered(admin_client, "Harbour") == ["Harbour at dawn"]
    assert offered(admin_client, "sounds") == []


def test_the_change_form_refuses_an_audio_item(admin_client, post, library):
    """Posting the MP3's id as featured image is a form error; the post keeps none."""
    _, sound = library
    url = reverse("admin:blog_post_change", args=[post.pk])

    response = admin_client.post(url, form_data(admin_client, url, featured_image=sound.pk))

    assert response.status_code == 200
    assert "featured_image" in response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.featured_image is None


def test_the_change_form_takes_an_image(admin_client, post, library):
    """The same form with the photo saves it as the featured image."""
    photo, _ = library
    url = reverse("admin:blog_post_change", args=[post.pk])

    response = admin_client.post(url, form_data(admin_client, url, featured_image=photo.pk))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.featured_image == photo
