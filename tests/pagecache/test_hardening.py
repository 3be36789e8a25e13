"""What an attacker found in the page cache: query-string keys, ETags, a cache that is down."""

import socket
import subprocess
import time

import pytest
from django.core import mail
from django.test import Client

from comments.models import Comment


def outcome(response):
    return response.get("X-Page-Cache")


def test_unknown_query_parameters_share_the_pages_entry(post):
    """/?x=N is the home page's entry: a flood of made-up parameters makes no new keys."""
    Client().get("/")
    for n in range(50):
        assert outcome(Client().get(f"/?x={n}")) == "hit"
    assert outcome(Client().get(f"{post.get_absolute_url()}?utm_source=mail")) == "miss"
    assert outcome(Client().get(f"{post.get_absolute_url()}?utm_source=other")) == "hit"


def test_parameters_a_page_reads_are_part_of_its_key(post, make_comment):
    """?cpage and ?replytocom change a post's page, so each has its own entry."""
    comment = make_comment(post)
    Client().get(post.get_absolute_url())
    reply = Client().get(f"{post.get_absolute_url()}?replytocom={comment.pk}")
    assert outcome(reply) == "miss"
    assert "Leave a Reply to" in reply.text


def test_a_304_needs_the_csrf_cookie_the_page_was_made_for(post):
    """After the CSRF cookie changes (a login and logout), the old copy is not revalidated."""
    browser = Client()
    first = browser.get(post.get_absolute_url())
    etag = first["ETag"]
    assert browser.get(post.get_absolute_url(), headers={"If-None-Match": etag}).status_code == 304
    other = Client()
    other.cookies["csrftoken"] = "x" * 32
    response = other.get(post.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(settings, tmp_path):
    """A Redis server of this test's own, which the test may stop."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    settings.CACHES = {
        alias: {"BACKEND": "pagecache.backends.FailSoftRedisCache", "LOCATION": url}
        for alias in ("default", "pages")
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield server
    server.kill()
    server.wait()


def test_a_stopped_redis_costs_speed_never_a_page(
    own_redis, settings, post, post_comment, django_capture_on_commit_callbacks
):
    """With Redis stopped mid-run pages render, comments post and their emails go out."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    settings.BLOG_MODERATOR_EMAILS = ["mod@example.com"]
    Client().get(post.get_absolute_url())
    assert outcome(Client().get(post.get_absolute_url())) == "hit"
    own_redis.kill()
    own_redis.wait()
    page = Client().get(post.get_absolute_url())
    assert page.status_code == 200
    assert "Tomatoes" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(post, body="Posted while the cache was down.")
    assert response.status_code == 302
    assert Comment.objects.filter(body="Posted while the cache was down.").exists()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "mod@example.com",
    ]


def test_a_stopped_redis_logs_nobody_out(own_redis, admin_client):
    """Sessions are kept in the database: the admin stays signed in without Redis."""
    assert admin_client.get("/admin/").status_code == 200
    own_redis.kill()
    own_redis.wait()
    assert admin_client.get("/admin/").status_code == 200
