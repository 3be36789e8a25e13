"""The page cache: which anonymous pages it serves, and everything it never serves."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from blog.models import Post
from comments.privacy.cookies import HELD_COOKIE, REMEMBER_COOKIE

AWAITING = "Your comment is awaiting moderation."


def outcome(response):
    return response.get("X-Page-Cache")


@pytest.mark.parametrize(
    "path",
    [
        *("/", "/?page=1", "/2024/", "/category/garden/", "/tag/beans/", "/author/ada/"),
        *("/feed/", "/feed/atom/", "/category/garden/feed/", "/tag/beans/feed/", "/sitemap.xml"),
        *("/comments/feed/", "/2024/05/10/a-post-1/feed/"),
    ],
)
def test_lists_feeds_and_sitemap_are_cached(make_post, make_category, make_tag, path):
    """The second anonymous GET of a list, feed or the sitemap is a hit, whoever sends it."""
    post = make_post(published_at=datetime(2024, 5, 10, tzinfo=UTC))
    post.categories.add(make_category("Garden"))
    post.tags.add(make_tag("Beans"))
    first, second = Client().get(path), Client().get(path)
    assert (first.status_code, outcome(first)) == (200, "miss")
    assert (second.status_code, outcome(second)) == (200, "hit")
    assert second.content == first.content


def test_post_is_cached_for_everyone(post):
    """A post's page rendered for one reader is served to the next from the cache."""
    assert outcome(Client().get(post.get_absolute_url())) == "miss"
    response = Client().get(post.get_absolute_url())
    assert outcome(response) == "hit"
    assert "Tomatoes" in response.text


def test_query_strings_are_cached_apart(make_post):
    """?page=2 is not the home page."""
    for n in range(12):
        make_post(title=f"Post {n}")
    assert "Page 2" in Client().get("/?page=2").text
    assert "Page 2" not in Client().get("/").text


def test_a_hit_makes_no_query(post, django_assert_num_queries):
    """A cached page is answered without the database."""
    Client().get(post.get_absolute_url())
    with django_assert_num_queries(0):
        assert outcome(Client().get(post.get_absolute_url())) == "hit"


def test_switch_turns_the_cache_off(settings, post):
    """BLOG_PAGE_CACHE=0 renders every request."""
    settings.BLOG_PAGE_CACHE = False
    Client().get(post.get_absolute_url())
    assert outcome(Client().get(post.get_absolute_url())) is None


def test_signed_in_users_are_never_served_nor_stored(staff_client, post):
    """A signed-in user's page comes from the view, and is not kept for others."""
    for _ in range(2):
        assert outcome(staff_client.get(post.get_absolute_url())) is None
    assert outcome(Client().get(post.get_absolute_url())) == "miss"


@pytest.mark.parametrize("cookie", ["sessionid", "messages", REMEMBER_COOKIE, HELD_COOKIE])
def test_personal_cookies_bypass_the_cache(post, cookie):
    """A session, messages or commenter cookie means the page is rendered for that browser."""
    Client().get(post.get_absolute_url())
    browser = Client()
    browser.cookies[cookie] = "anything"
    assert outcome(browser.get(post.get_absolute_url())) is None


def test_pending_comment_is_shown_only_to_its_author(settings, client, post, post_comment):
    """The author sees their pending comment; the cached page for others never has it."""
    settings.BLOG_COMMENT_MODERATION = "all"
    Client().get(post.get_absolute_url())
    post_comment(post, body="Held for review.")
    mine = client.get(post.get_absolute_url())
    assert AWAITING in mine.text and outcome(mine) is None
    theirs = Client().get(post.get_absolute_url())
    assert "Held for review." not in theirs.text
    assert AWAITING not in Client().get(post.get_absolute_url()).text


def test_form_errors_are_never_cached(post, post_comment):
    """A 400 with the form's errors is for its sender only; the next reader gets a clean form."""
    Client().get(post.get_absolute_url())
    response = post_comment(post, email="not an address")
    assert response.status_code == 400
    assert outcome(response) is None
    assert "could not be posted" not in Client().get(post.get_absolute_url()).text


def test_staff_preview_is_never_cached(staff_client, make_post):
    """A draft previewed by staff is no-store and is never served to anyone else."""
    draft = make_post(status=Post.Status.DRAFT, title="Secret draft")
    assert "no-store" in staff_client.get(draft.get_absolute_url())["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_not_found_is_not_cached(post):
    """Only 200 answers are kept: a 404 now is no 404 later."""
    for _ in range(2):
        response = Client().get("/2024/01/01/nothing-here/")
        assert (response.status_code, outcome(response)) == (404, None)


def test_search_and_posts_are_not_cached(post, post_comment):
    """Search results (any query string) and POSTs go to the views."""
    Client().get("/search/?q=post")
    assert outcome(Client().get("/search/?q=post")) is None
    assert outcome(post_comment(post)) is None


def test_head_is_served_from_the_cache_without_a_body(post):
    """HEAD is answered from the cache as GET is, with the GET's length and no body."""
    page = Client().get(post.get_absolute_url())
    head = Client().head(post.get_absolute_url())
    assert outcome(head) == "hit"
    assert head.content == b""
    assert int(head["Content-Length"]) == len(page.content)


def test_a_first_head_fills_the_cache_for_gets(post):
    """A HEAD that misses stores the page; the next GET is a hit with the whole body."""
    assert outcome(Client().head(post.get_absolute_url())) == "miss"
    page = Client().get(post.get_absolute_url())
    assert outcome(page) == "hit"
    assert "Tomatoes" in page.text
