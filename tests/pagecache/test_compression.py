"""Compressed answers: brotli when accepted, else gzip; ETag and 304 per encoding."""

import gzip
import re

import brotli
import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

from pagecache.compression import CompressionMiddleware

BR, GZIP = {"Accept-Encoding": "gzip, deflate, br"}, {"Accept-Encoding": "gzip, deflate"}
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
TOKENS = re.compile(rb'(name="(?:csrfmiddlewaretoken|token)" value=")[^"]*"')


def body(response):
    """The response's content, decompressed as its Content-Encoding says."""
    encoding = response.get("Content-Encoding")
    return DECODE[encoding](response.content) if encoding else response.content


def without_tokens(content):
    return TOKENS.sub(rb'\1"', content)


@pytest.fixture(params=["post", "feed", "sitemap"])
def url(request, post):
    """A post page, the feed and the sitemap, one per run."""
    return {"post": post.get_absolute_url(), "feed": "/feed/", "sitemap": "/sitemap.xml"}[
        request.param
    ]


@pytest.mark.parametrize(("headers", "encoding"), [(BR, "br"), (GZIP, "gzip")])
def test_pages_are_compressed_as_the_client_accepts(url, headers, encoding):
    """Brotli when accepted, else gzip; the same bytes as the uncompressed answer."""
    answers = [Client().get(url, headers=headers) for _ in ("miss", "hit")]
    plain = Client().get(url)
    assert "Content-Encoding" not in plain
    for outcome, response in zip(("miss", "hit"), answers, strict=True):
        assert response["X-Page-Cache"] == outcome
        assert response["Content-Encoding"] == encoding
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]
        assert without_tokens(body(response)) == without_tokens(plain.content)


def test_identity_answers_vary_on_accept_encoding_too(url):
    """A client that accepts no encoding gets the page as it is, marked Vary: Accept-Encoding."""
    for _ in ("miss", "hit"):
        response = Client().get(url)
        assert "Content-Encoding" not in response
        assert "Accept-Encoding" in response["Vary"]


def test_each_encoding_has_its_own_etag(url):
    """A brotli, a gzip and an uncompressed copy never share an ETag."""
    tags = {Client().get(url, headers=headers)["ETag"] for headers in (BR, GZIP, {})}
    assert len(tags) == 3
    assert all(re.fullmatch(r'W/"[0-9a-f]{32}(-br|-gzip)?"', tag) for tag in tags)


@pytest.mark.parametrize("headers", [BR, GZIP])
def test_304_for_the_etag_of_the_same_encoding(post, headers):
    """Revalidating with the ETag of the encoding asked for is a 304; with another, a 200."""
    browser = Client()
    tag = browser.get("/feed/", headers=headers)["ETag"]
    response = browser.get("/feed/", headers={**headers, "If-None-Match": tag})
    assert response.status_code == 304
    assert response["ETag"] == tag
    assert "Accept-Encoding" in response["Vary"]
    other = GZIP if headers is BR else BR
    again = browser.get("/feed/", headers={**other, "If-None-Match": tag})
    assert again.status_code == 200
    assert again["ETag"] != tag


def test_head_has_no_body(post):
    """HEAD answers the headers of the compressed GET and no body, on a miss and a hit."""
    for outcome in ("miss", "hit"):
        response = Client().head(post.get_absolute_url(), headers=BR)
        assert response["X-Page-Cache"] == outcome
        assert response["Content-Encoding"] == "br"
        assert response.content == b""


def test_compressed_answers_have_random_lengths(post):
    """Each compressed answer is padded to a random length, as Django's GZipMiddleware pads."""
    for headers in (BR, GZIP):
        lengths = {len(Client().get("/feed/", headers=headers).content) for _ in range(12)}
        assert len(lengths) > 1


def test_personal_pages_are_compressed(staff_client, post):
    """Pages the cache does not keep (a signed-in user's, the admin's) are compressed too."""
    for url in (post.get_absolute_url(), "/admin/"):
        response = staff_client.get(url, headers=BR)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert b"</html>" in body(response)


def test_static_files_are_not_compressed_twice(settings, tmp_path):
    """whitenoise sends its own brotli file, untouched."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    (css,) = (tmp_path / "css").glob("site.*[0-9a-f].css")
    response = Client().get(f"/static/css/{css.name}", headers=BR)
    assert response["Content-Encoding"] == "br"
    assert b"".join(response.streaming_content) == (css.parent / f"{css.name}.br").read_bytes()


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(b"x" * 1000, headers={"Content-Encoding": "gzip"}),
        HttpResponse(b"x" * 150),
        HttpResponse(b"\x89PNG" * 300, content_type="image/png"),
    ],
    ids=["already-encoded", "small", "not-text"],
)
def test_some_answers_are_left_alone(response):
    """Nothing compresses an answer already encoded, under 200 bytes, or not text."""
    content = response.content
    middleware = CompressionMiddleware(lambda request: response)
    answer = middleware(RequestFactory().get("/", headers=BR))
    assert answer.content == content
    assert answer.get("Content-Encoding") == response.get("Content-Encoding")


def test_a_post_with_100_threaded_comments_weighs_under_25_kb(post, make_comment):
    """The 100-comment post's HTML is at most 25 KB on the wire, in either encoding."""
    for thread in range(10):
        parent = None
        for n in range(10):
            body_text = f"Comment {thread}.{n}: the tomatoes ripened late this year, again."
            parent = make_comment(post, name=f"Reader {n}", body=body_text, parent=parent)
    for headers in (BR, GZIP):
        response = Client().get(post.get_absolute_url(), headers=headers)
        assert body(response).count(b"Comment ") >= 100
        assert len(response.content) <= 25 * 1024


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip, br;q=0", "gzip"),
        ("br;q=0, gzip;q=0", None),
        ("*", "br"),
        ("identity", None),
        ("gzip;q=bad, br", "br"),
    ],
)
def test_accept_encoding_weights_are_honoured(post, accept, expected):
    """q=0 refuses an encoding; * accepts any; an unparsable weight counts as refusal."""
    response = Client().get(post.get_absolute_url(), headers={"Accept-Encoding": accept})
    assert response.get("Content-Encoding") == expected
