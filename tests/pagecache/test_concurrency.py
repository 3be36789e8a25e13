"""Sixteen commenters at once against gunicorn with four workers: nothing lost or doubled.

On SQLite (WAL, IMMEDIATE transactions, a busy timeout: config.env), and on
PostgreSQL in CI's second run. Every comment is approved as it comes, so each POST
also updates the post's comment count and invalidates the page cache.
"""

import threading

import pytest

from tests.support.servers import (
    Browser,
    Server,
    post_comments,
    seed,
    server_database,
    server_env,
    shared_cache,
    stored_bodies,
)

CLIENTS, EACH = 16, 4


@pytest.fixture
def open_comments_env(tmp_path, django_db_setup):
    """Environment for server processes: a migrated database, a shared cache, no moderation."""
    with server_database(tmp_path) as database_url:
        yield server_env(
            DATABASE_URL=database_url,
            DJANGO_DEBUG=1,  # only so that pages need no collectstatic manifest
            BLOG_COMMENT_MODERATION="none",
            BLOG_COMMENT_FLOOD_SECONDS=0,
            BLOG_COMMENT_MIN_FORM_SECONDS=0,
            **shared_cache(tmp_path),
        )


def test_every_acknowledged_comment_is_stored_once(open_comments_env, tmp_path):
    """Every POST answers 302 (no 5xx, no "database is locked"), each stored once, count right."""
    ids = seed(open_comments_env)
    with Server(open_comments_env, tmp_path / "gunicorn.log", workers=4) as server:
        results = post_comments(server, ids["url"], ids["post"], CLIENTS, EACH)
        _, _, page = Browser().get(server.url(ids["url"]))
        log = server.log.read_text()  # before stopping, which interrupts idle workers
    assert [code for code, _, _ in results] == [302] * CLIENTS * EACH
    acknowledged = sorted(body for _, _, body in results)
    stored = sorted(stored_bodies(open_comments_env["DATABASE_URL"], ids["post"]))
    assert stored == sorted([*acknowledged, "Waiting words."])
    assert f"{CLIENTS * EACH} Comments on" in page
    assert "database is locked" not in log
    assert "Traceback" not in log


def test_identical_concurrent_posts_store_one_comment(open_comments_env, tmp_path):
    """Twelve copies of one POST sent at once to eight workers store one comment (the
    duplicate check and the insert are one transaction); the others answer 409."""
    ids = seed(open_comments_env)
    with Server(open_comments_env, tmp_path / "gunicorn.log", workers=8) as server:
        browser = Browser()
        _, _, page = browser.get(server.url(ids["url"]))
        data = {
            **browser.form_tokens(page),
            "name": "Echo",
            "email": "echo@example.com",
            "url": "",
            "parent": "",
            "topic": "",
            "body": "Said once, sent twelve times.",
        }
        action = server.url(f"/comments/post/{ids['post']}/")
        answers = []
        threads = [
            threading.Thread(target=lambda: answers.append(browser.post(action, data)[0]))
            for _ in range(12)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    stored = stored_bodies(open_comments_env["DATABASE_URL"], ids["post"])
    assert stored.count("Said once, sent twelve times.") == 1
    assert sorted(answers) == [302] + [409] * 11
