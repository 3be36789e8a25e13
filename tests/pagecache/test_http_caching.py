"""HTTP caching: ETag and 304, Cache-Control for shared caches and for personal pages,
and static files hashed, compressed and immutable."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.support.admin_forms import form_data

SHARED = {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"}


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("path", ["/", "/feed/", "/sitemap.xml", "POST"])
def test_anonymous_pages_may_be_kept_briefly_by_shared_caches(post, path):
    """Anonymous pages: public, revalidated by browsers, a minute in a CDN, Vary: Cookie."""
    response = Client().get(post.get_absolute_url() if path == "POST" else path)
    assert directives(response) == SHARED
    assert "Cookie" in response["Vary"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', response["ETag"])


def test_personal_pages_are_private_and_not_stored(staff_client, client, post, post_comment):
    """Signed-in users' and commenters' pages: private, no-store, no ETag from the cache."""
    post_comment(post, remember="on")
    for browser in (staff_client, client):
        response = browser.get(post.get_absolute_url())
        assert {"private", "no-store"} <= directives(response)
        assert "public" not in directives(response)
        assert "ETag" not in response


def test_if_none_match_is_answered_with_304(post, django_assert_num_queries):
    """A browser revalidating its copy gets a 304, from the cache's generation alone."""
    browser = Client()
    etag = browser.get(post.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = browser.get(post.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert directives(response) == SHARED


def test_feed_revalidation_needs_no_cookie(post):
    """Feed readers keep no cookies; their conditional GET is a 304 too."""
    etag = Client().get("/feed/")["ETag"]
    assert Client().get("/feed/", headers={"If-None-Match": etag}).status_code == 304


def test_form_page_without_csrf_cookie_is_sent_again(post):
    """A copy whose CSRF token no longer matches any cookie is replaced, not revalidated."""
    etag = Client().get(post.get_absolute_url())["ETag"]
    response = Client().get(post.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "csrftoken" in response.cookies


def test_a_change_makes_a_new_etag(committed, admin_client, post):
    """After a change the old ETag no longer matches: the reader gets the new page."""
    browser = Client()
    etag = browser.get(post.get_absolute_url())["ETag"]
    url = f"/admin/blog/post/{post.pk}/change/"
    with committed():
        admin_client.post(url, form_data(admin_client, url, title="Changed"))
    response = browser.get(post.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Changed" in response.text


def test_pages_have_their_own_etags(post):
    """Two URLs never share an ETag; two readers of one URL always do."""
    assert Client().get("/")["ETag"] == Client().get("/")["ETag"]
    assert Client().get("/")["ETag"] != Client().get("/feed/")["ETag"]


def test_static_files_are_hashed_compressed_and_immutable(settings, tmp_path):
    """collectstatic writes hashed, gzip and brotli files; whitenoise serves them immutable."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    (css,) = (tmp_path / "css").glob("site.*[0-9a-f].css")
    assert (css.parent / f"{css.name}.br").exists()
    assert (css.parent / f"{css.name}.gz").exists()
    response = Client().get(f"/static/css/{css.name}", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    control = directives(response)
    assert {"public", "immutable"} <= control
    (max_age,) = (int(d.removeprefix("max-age=")) for d in control if d.startswith("max-age="))
    assert max_age >= 365 * 24 * 60 * 60
