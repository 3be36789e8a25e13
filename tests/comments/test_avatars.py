"""Avatars drawn here from a keyed hash: no email, no plain hash, no other host."""

import hashlib
import re
from urllib.parse import unquote

import pytest

from comments.display.avatars import avatar_uri

PREFIX = "data:image/svg+xml,"


def svg(email):
    return unquote(avatar_uri(email).removeprefix(PREFIX))


def test_avatar_is_an_inline_svg_data_uri(settings):
    """The avatar is an SVG carried in the page as a data: URI."""
    uri = avatar_uri("grace@example.com")
    assert uri.startswith(PREFIX)
    assert svg("grace@example.com").startswith("<svg xmlns='http://www.w3.org/2000/svg'")


def test_avatar_is_stable_and_ignores_case():
    """The same address always gives the same picture, whatever its case."""
    assert avatar_uri("Grace@Example.com") == avatar_uri("grace@example.com")


def test_different_addresses_get_different_avatars():
    """Different addresses give different pictures."""
    uris = {avatar_uri(f"reader{n}@example.com") for n in range(50)}
    assert len(uris) == 50


def test_avatar_depends_on_the_secret_key(settings):
    """Without the site's key the picture cannot be recomputed from a guessed address."""
    before = avatar_uri("grace@example.com")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert avatar_uri("grace@example.com") != before


def test_avatar_is_symmetric():
    """The identicon pattern mirrors left to right."""
    picture = svg("grace@example.com")
    path = picture.rsplit(" d='", 1)[1].split("'", 1)[0]
    cells = set()
    for run in path.split("M")[1:]:
        start, rest = run.split(",", 1)
        row, length = rest.split("h", 1)[0], rest.split("h", 1)[1].split("v", 1)[0]
        cells |= {(int(start) + n, int(row)) for n in range(int(length))}
    assert cells
    assert cells == {(4 - x, y) for x, y in cells}


@pytest.fixture
def commented_page(settings, client, make_post, post_comment):
    settings.BLOG_COMMENT_MODERATION = "none"
    post = make_post()
    post_comment(post, email="Secret.Person@Example.com")
    return client.get(post.get_absolute_url())


def test_page_never_shows_the_email_or_its_plain_hashes(commented_page):
    """Neither the address nor an unsalted hash of it appears anywhere in the page."""
    text = commented_page.content.decode().lower()
    email = "secret.person@example.com"
    assert email not in text
    for name in ("md5", "sha1", "sha256"):
        assert hashlib.new(name, email.encode()).hexdigest() not in text


def test_page_avatar_needs_no_other_host(commented_page):
    """The avatar's image is inline; no URL to another host is used for it."""
    avatar = commented_page.text.split('<img class="avatar" src="', 1)[1].split('"', 1)[0]
    assert avatar.startswith(PREFIX)


def test_page_avatars_wait_until_they_scroll_into_view(commented_page):
    """Each avatar is its own little SVG document for the browser: decoding a hundred
    of them before the first paint blocked the main thread for over a second (Lighthouse,
    the 100-comment post), so they load lazily and decode off the main thread."""
    tags = re.findall(r'<img class="avatar"[^>]*>', commented_page.text)
    assert tags
    for tag in tags:
        assert 'loading="lazy"' in tag
        assert 'decoding="async"' in tag
        assert 'width="48"' in tag and 'height="48"' in tag  # no shift when they arrive
