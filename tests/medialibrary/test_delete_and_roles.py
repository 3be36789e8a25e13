"""Deleting images that posts use, serving files, and who may change what."""

import pytest
from django.contrib.auth.models import Group

from medialibrary.models import MediaItem
from tests.medialibrary.test_upload import stored_files

MEDIA_ADMIN = "/admin/medialibrary/mediaitem/"


def test_deleting_an_image_in_use_names_the_posts_first(admin_client, make_post, make_media):
    item = make_media(title="Fern")
    make_post(title="Spring ferns", body=f"![A fern](media:{item.pk})")
    make_post(title="Cover story", featured_image=item, slug="cover")

    page = admin_client.get(f"{MEDIA_ADMIN}{item.pk}/delete/").content.decode()

    assert "Used in the post" in page
    assert "Spring ferns" in page and "Cover story" in page
    assert MediaItem.objects.filter(pk=item.pk).exists()  # only asked


def test_the_bulk_delete_names_the_posts_too(admin_client, make_post, make_media):
    item, unused = make_media(), make_media()
    make_post(title="Spring ferns", body=f"![A fern](media:{item.pk})")

    page = admin_client.post(
        MEDIA_ADMIN, {"action": "delete_selected", "_selected_action": [item.pk, unused.pk]}
    ).content.decode()

    assert "Spring ferns" in page and page.count("Used in the post") == 1


def test_after_deleting_the_posts_show_no_broken_image(
    admin_client, client, make_post, make_media, django_capture_on_commit_callbacks
):
    item = make_media()
    post = make_post(title="Spring ferns", body=f"Text.\n\n![A fern](media:{item.pk})")
    cover = make_post(title="Cover", featured_image=item, slug="cover")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{MEDIA_ADMIN}{item.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert stored_files() == []
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<picture" not in html and "Text." in html
    cover.refresh_from_db()
    assert cover.featured_image is None


def test_files_are_served_with_a_year_of_caching(client, make_media, django_assert_num_queries):
    item = make_media()

    with django_assert_num_queries(0):  # straight from the disk
        response = client.get(item.url)
    copy = client.get(item.copies_in("webp")[0][0])

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert copy["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    "path", ["/media/../config/settings.py", "/media/%2e%2e/manage.py", "/media/nope.jpg",
             "/media/2026/", "/media/a%00b.jpg"],
)  # fmt: skip
@pytest.mark.django_db  # the 404 page shows the site's navigation
def test_nothing_else_is_served_under_media(client, path):
    assert client.get(path).status_code == 404


def test_a_post_to_a_media_file_is_refused(client, make_media):
    assert client.post(make_media().url).status_code == 405


@pytest.fixture
def in_group(django_user_model):
    def make(username, group):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def test_an_author_uploads_and_changes_their_own_but_not_anothers(client, in_group, make_media):
    from tests.medialibrary.conftest import image_bytes, upload_file

    author = in_group("bea", "Author")
    client.force_login(author)
    theirs = make_media(title="Someone else's")

    added = client.post(
        f"{MEDIA_ADMIN}add/",
        {"upload": upload_file(image_bytes(600, 400)), "alt_text": "Mine", "title": "Mine"},
    )
    mine = MediaItem.objects.get(title="Mine")

    assert added.status_code == 302 and mine.uploaded_by == author
    assert client.get(f"{MEDIA_ADMIN}{mine.pk}/change/").status_code == 200
    assert client.get(f"{MEDIA_ADMIN}{theirs.pk}/change/").status_code == 200  # to view
    changed = client.post(f"{MEDIA_ADMIN}{theirs.pk}/change/", {"title": "Taken", "alt_text": ""})
    assert changed.status_code == 403
    assert client.post(f"{MEDIA_ADMIN}{theirs.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(
        MEDIA_ADMIN, {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"}
    )
    assert bulk.status_code == 403
    assert MediaItem.objects.filter(pk=theirs.pk, title="Someone else's").exists()


def test_an_editor_changes_and_deletes_anyones(client, in_group, make_media):
    client.force_login(in_group("eve", "Editor"))
    item = make_media(title="By Ada")

    changed = client.post(
        f"{MEDIA_ADMIN}{item.pk}/change/",
        {"title": "Renamed", "alt_text": "A fern", "caption": "", "description": ""},
    )
    assert changed.status_code == 302
    assert client.post(f"{MEDIA_ADMIN}{item.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not MediaItem.objects.exists()


def test_a_moderator_has_no_media(client, in_group, make_media):
    client.force_login(in_group("mo", "Moderator"))

    assert client.get(MEDIA_ADMIN).status_code == 403


def test_an_author_finds_every_image_to_feature(client, in_group, make_media):
    author = in_group("bea", "Author")
    client.force_login(author)
    item = make_media()
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "blog", "model_name": "post", "field_name": "featured_image", "term": ""},
    )
    assert found.status_code == 200
    assert [result["id"] for result in found.json()["results"]] == [str(item.pk)]
