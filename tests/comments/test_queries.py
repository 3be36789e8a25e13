"""Pages cost the same number of queries whatever the number of comments."""

import math
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import lifecycle
from comments.display.sanitize import render_comment
from comments.models import Comment, target_field

POST_PAGE_MAX_QUERIES = 9
# A static page open to comments: the navigation (2), the page, its comments' threads
# and the shown page of them.
PAGE_MAX_QUERIES = 5

pytestmark = pytest.mark.usefixtures("rendering_only")


def add_comments(target, count, depth=1):
    """`count` approved comments on a post or page in bulk, in threads `depth` replies deep."""
    html = render_comment("A comment with a https://example.com link.")
    parents = [None] * math.ceil(count / depth)
    made = 0
    while made < count:
        level = [
            Comment(
                **{target_field(target): target},
                parent=parent,
                name=f"Reader {made + n}",
                body="A comment",
                body_html=html,
                email=f"r{(made + n) % 40}@example.com",
                status="approved",
            )
            for n, parent in enumerate(parents[: count - made])
        ]
        Comment.objects.bulk_create(level)
        made += len(level)
        parents = level
    if target_field(target) == "page":
        lifecycle.changed((), page_ids=[target.pk], public=True)
    else:
        lifecycle.changed([target.pk], public=True)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [0, 10, 1000])
def test_post_page_queries_are_bounded(client, post, django_assert_max_num_queries, count):
    """The post page stays within its query budget at 0, 10 and 1,000 comments."""
    add_comments(post, count)
    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        client.get(post.get_absolute_url())


def test_post_page_queries_do_not_grow_with_comments(client, post):
    """10 and 1,000 comments cost exactly the same number of queries; none, one less
    (no comments to read after their threads)."""
    counts = []
    for total in (0, 10, 1000):
        add_comments(post, total - Comment.objects.count())
        counts.append(queries_for(client, post.get_absolute_url()))
    assert counts[0] + 1 == counts[1] == counts[2]


@pytest.mark.parametrize("count", [0, 10, 1000])
def test_static_page_queries_are_bounded(client, open_page, django_assert_max_num_queries, count):
    """A page open to comments stays within its budget at 0, 10 and 1,000 comments."""
    add_comments(open_page, count)
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):
        assert client.get(open_page.get_absolute_url()).status_code == 200


def test_static_page_queries_do_not_grow_with_comments(client, open_page):
    """10 and 1,000 threaded comments on a page cost exactly the same number of queries;
    none, one less."""
    counts = []
    for total in (0, 10, 1000):
        add_comments(open_page, total - Comment.objects.count(), depth=3)
        counts.append(queries_for(client, open_page.get_absolute_url()))
    assert counts[0] + 1 == counts[1] == counts[2]


def test_threaded_page_queries_do_not_grow(client, settings, post):
    """Deep threads cost no more queries than flat ones."""
    settings.BLOG_COMMENTS_PER_PAGE = 1000
    add_comments(post, 10)
    flat = queries_for(client, post.get_absolute_url())
    add_comments(post, 1000, depth=5)
    assert queries_for(client, post.get_absolute_url()) == flat


def test_visitor_with_held_comments_costs_no_more(settings, client, post, post_comment):
    """A visitor with pending comments (cookie) gets the page in one query more: which of
    their comments are still in the edit window, whatever the number of comments."""
    settings.BLOG_COMMENT_MODERATION = "all"
    add_comments(post, 1)
    before = queries_for(client, post.get_absolute_url())
    post_comment(post)
    assert queries_for(client, post.get_absolute_url()) == before + 1
    add_comments(post, 100)
    assert queries_for(client, post.get_absolute_url()) == before + 1


@pytest.mark.parametrize("url", ["/", "/search/?q=post"])
def test_list_pages_do_not_query_comments(client, make_post, url):
    """List pages cost the same with or without comments (they read the stored count)."""
    posts = [make_post(title=f"post {n}") for n in range(3)]
    before = queries_for(client, url)
    for post in posts:
        add_comments(post, 50)
    assert queries_for(client, url) == before


def test_rendering_a_thousand_comments_is_quick(client, settings, post):
    """1,000 threaded comments render on one page; the time is printed (run with -s)."""
    settings.BLOG_COMMENTS_PER_PAGE = 1000
    add_comments(post, 1000, depth=5)
    client.get(post.get_absolute_url())
    start = time.perf_counter()
    response = client.get(post.get_absolute_url())
    elapsed = time.perf_counter() - start
    print(f"\n1,000 comments rendered in {elapsed * 1000:.0f} ms")
    assert response.text.count('class="comment depth-') == 1000
    assert elapsed < 5
