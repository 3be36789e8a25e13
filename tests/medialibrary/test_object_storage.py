"""Images in S3-compatible object storage (MEDIA_STORAGE_URL), against a real local server.

The server is moto's (`moto_server`, started for the session) or the one that
TEST_S3_ENDPOINT names (CI's); each run has a bucket of its own. Without moto and
without TEST_S3_ENDPOINT the tests are skipped, but under CI they fail.
"""

import io
import os
import re
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from config.env import media_storage_from_url
from medialibrary.models import MediaItem
from tests.medialibrary.conftest import image_bytes
from tests.medialibrary.test_in_posts import tags
from tests.medialibrary.test_upload import phone_photo, upload
from tests.support import s3
from tests.support.servers import (
    Browser,
    Server,
    manage,
    running,
    server_database,
    server_env,
    shared_cache,
)

MEDIA_ADMIN = "/admin/medialibrary/mediaitem/"
MARKDOWN = re.compile(r"!\[[^\]]*\]\(media:(\d+)\)")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The endpoint URL of an S3-compatible server, up for the whole session."""
    reason = s3.missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run the object-storage tests)")
        pytest.skip(reason)
    with s3.s3_endpoint(tmp_path_factory.getbasetemp() / "moto.log") as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def s3_bucket(s3_server):
    with s3.bucket(s3_server) as name:
        yield name


@pytest.fixture(scope="session")
def s3_client(s3_server):
    return s3.client(s3_server)


@pytest.fixture
def object_storage(settings, monkeypatch, s3_server, s3_bucket):
    """The default storage is the bucket, set from MEDIA_STORAGE_URL as settings.py does,
    and its origin is in the CSP's img-src; the URL every file's address starts with."""
    for name, value in s3.CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    storage, origin = media_storage_from_url(s3.storage_url(s3_server, s3_bucket))
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "img-src": [*directives["img-src"], origin]}
    }
    return f"{s3_server}/{s3_bucket}/"


def image_urls(html):
    """Every address of an image in `html`: src and each srcset candidate, of <img> and
    <source>."""
    found = set()
    for element in tags(html, "img") + tags(html, "source"):
        if element.get("src"):
            found.add(element["src"])
        for candidate in filter(None, element.get("srcset", "").split(",")):
            found.add(candidate.split()[0])
    return found


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def img_src_allowed(policy, url):
    """Whether the Content-Security-Policy header `policy` lets pages load images from `url`."""
    parts = urllib.parse.urlsplit(url)
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "img-src":
            return f"{parts.scheme}://{parts.netloc}" in sources
    return False


def assert_served_from_bucket(urls, base, original_width):
    """Each URL is in the bucket, and the S3 server answers it with the image at the width
    its name says (a copy's) or at the original's."""
    assert urls and all(url.startswith(base) for url in urls), urls
    for url in urls:
        status, content_type, data = fetch(url)
        assert status == 200 and content_type.startswith("image/"), (url, content_type)
        image = Image.open(io.BytesIO(data))
        named = re.search(r"-(\d+)w\.\w+$", url)  # a copy's name says its width
        assert image.width == (int(named[1]) if named else original_width), url


def test_the_storage_url_gives_django_storages_the_bucket_and_the_origin(s3_server, s3_bucket):
    """s3://BUCKET?endpoint_url=…&region_name=… is S3Storage on that bucket, public URLs."""
    storage, origin = media_storage_from_url(s3.storage_url(s3_server, s3_bucket))

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (s3_bucket, s3_server)
    assert options["region_name"] == s3.REGION
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert origin == s3_server


def test_an_admin_upload_is_stored_in_the_bucket_without_its_location(
    admin_client, object_storage, s3_client, s3_bucket
):
    """The original (EXIF gone) and its six resized copies are objects, cached for good."""
    response = upload(admin_client, phone_photo(), "IMG_0042.jpg", alt_text="A harbour")

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert s3.keys(s3_client, s3_bucket, item.key) == sorted(item.file_names())
    assert len(item.copies) == 6
    original = s3_client.get_object(Bucket=s3_bucket, Key=item.file.name)
    assert original["ContentType"] == "image/jpeg"
    assert original["CacheControl"] == "public, max-age=31536000, immutable"
    image = Image.open(io.BytesIO(original["Body"].read()))
    assert image.size == (3000, 2000)
    assert dict(image.getexif()) == {} and "exif" not in image.info
    for copy in item.copies:
        data = s3_client.get_object(Bucket=s3_bucket, Key=copy["name"])["Body"].read()
        assert Image.open(io.BytesIO(data)).size == (copy["width"], copy["height"])


def test_a_post_links_its_images_to_the_bucket_and_they_load(
    client, object_storage, make_post, make_media
):
    """Figure and featured image: every src and srcset URL is the bucket's, allowed by the
    CSP, and the S3 server answers each with the image."""
    item = make_media(width=2000, height=1000)
    post = make_post(body=f"Before.\n\n![A fern](media:{item.pk})", featured_image=item)

    response = client.get(post.get_absolute_url())

    html = response.content.decode()
    assert html.count("<picture") == 2
    urls = image_urls(html.split("<main", 1)[1])
    assert len(urls) == 7  # the original, and 3 JPEG and 3 WebP copies
    assert_served_from_bucket(urls, object_storage, item.width)
    assert img_src_allowed(response["Content-Security-Policy"], object_storage)


def test_a_pasted_bucket_url_names_the_item_too(client, object_storage, make_post, make_media):
    """An image's address in the bucket, pasted into a post, becomes its figure."""
    item = make_media(width=2000, height=1000)
    copy_url = item.copies_in("webp")[0][0]
    post = make_post(body=f"![A fern]({copy_url})")

    html = client.get(post.get_absolute_url()).content.decode()

    assert f"media-item-{item.pk}" in html and "<picture" in html


def test_deleting_in_the_admin_removes_the_objects_on_commit(
    admin_client,
    object_storage,
    make_media,
    s3_client,
    s3_bucket,
    django_capture_on_commit_callbacks,
):
    """The original and its copies leave the bucket once the delete is committed."""
    item, kept = make_media(), make_media()
    assert len(s3.keys(s3_client, s3_bucket, item.key)) == 6

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(f"{MEDIA_ADMIN}{item.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert len(s3.keys(s3_client, s3_bucket, item.key)) == 6  # not before the commit
    for callback in callbacks:
        callback()

    assert s3.keys(s3_client, s3_bucket, item.key) == []
    assert s3.keys(s3_client, s3_bucket, kept.key) == sorted(kept.file_names())


def upload_through(admin, server, alt_text):
    """Upload an image in the server's admin; the Markdown its change page gives."""
    _, _, form = admin.get(server.url(f"{MEDIA_ADMIN}add/"))
    fields = {"title": "", "alt_text": alt_text, "caption": "", "description": ""}
    status, headers, text = admin.post_files(
        server.url(f"{MEDIA_ADMIN}add/"),
        {**admin.form_tokens(form), **fields, "_continue": "1"},
        {"upload": ("harbour.jpg", "image/jpeg", image_bytes(2000, 1000))},
    )
    assert status == 302, text
    _, _, change_page = admin.get(server.url(headers["Location"]))
    return MARKDOWN.search(change_page)


def publish_through(admin, server, markdown):
    """Publish a post with the image in its body and as its featured image; its path."""
    _, _, form = admin.get(server.url("/admin/blog/post/add/"))
    author = re.search(r'name="author".*?<option value="(\d+)" selected', form, re.S)
    published = timezone.now() - timedelta(minutes=1)
    fields = {
        "title": "Harbour at dusk",
        "slug": "harbour-at-dusk",
        "body": f"Boats at rest.\n\n{markdown[0]}",
        "body_format": "markdown",
        "excerpt": "",
        "status": "published",
        "published_at_0": f"{published:%Y-%m-%d}",
        "published_at_1": f"{published:%H:%M:%S}",
        "author": author[1],
        "comments_open": "on",
        "featured_image": markdown[1],
    }
    url = server.url("/admin/blog/post/add/")
    status, _, text = admin.post(url, {**admin.form_tokens(form), **fields})
    assert status == 302, text
    return f"/{published:%Y/%m/%d}/harbour-at-dusk/"


def test_a_second_app_server_shows_what_the_first_stored(
    tmp_path, django_db_setup, s3_server, s3_bucket
):
    """Two gunicorn servers on one database and one bucket: an image uploaded through A's
    admin is in B's post page, loaded from the bucket; B's /media/ has nothing of it."""
    media_root, base = tmp_path / "media", f"{s3_server}/{s3_bucket}/"
    with server_database(tmp_path) as database_url:
        env = server_env(
            DATABASE_URL=database_url,
            DJANGO_DEBUG=1,  # only so that pages need no collectstatic manifest
            DJANGO_TIME_ZONE="UTC",  # the post's path is its date in UTC
            MEDIA_STORAGE_URL=s3.storage_url(s3_server, s3_bucket),
            MEDIA_ROOT=media_root,
            DJANGO_SUPERUSER_PASSWORD="pw-boss-12345",
            **s3.CREDENTIALS,
            **shared_cache(tmp_path),
        )
        manage(env, "createsuperuser", "--noinput", "--username", "boss", "--email", "b@x.org")
        servers = [Server(env, tmp_path / f"{name}.log", workers=1) for name in "ab"]
        with running(*servers) as (a, b):
            admin = Browser()
            admin.login(a, "boss", "pw-boss-12345")
            markdown = upload_through(admin, a, "Boats at rest")
            path = publish_through(admin, a, markdown)

            status, headers, page = Browser().get(b.url(path))
            assert status == 200 and page.count("<picture") == 2
            urls = image_urls(page.split("<main", 1)[1])
            assert_served_from_bucket(urls, base, 2000)
            assert img_src_allowed(headers["Content-Security-Policy"], base)
            for url in urls:
                assert Browser().get(b.url(f"/media/{url.removeprefix(base)}"))[0] == 404
    assert not media_root.exists() or not any(media_root.rglob("*.*"))
