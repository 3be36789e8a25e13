"""Every page's query count is pinned, and does not grow with the number of posts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Post

DAY = datetime(2024, 5, 10, 8, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("rendering_only")

# The most queries each page may make. Every HTML page has two for the navigation (its
# pages and its categories); the permalink's count includes the comments section.
PAGES = {
    "/": 6,
    "/?page=2": 6,
    "/2024/": 10,
    "/2024/05/": 10,
    "/2024/05/10/": 9,
    "/2024/05/10/post-0/": 8,
    "/category/garden/": 9,
    "/tag/beans/": 8,
    "/author/ada/": 8,
    "/search/?q=post": 6,
    "/feed/": 3,
    "/feed/atom/": 3,
    "/category/garden/feed/": 5,
    "/tag/beans/feed/": 4,
    "/sitemap.xml": 7,
    "/robots.txt": 0,
}


@pytest.fixture
def add_posts(make_post, make_category, make_tag):
    """Adds `n` public posts on one day, each in two categories with two tags.

    A post a year before and one a year after give the date archives neighbours.
    """
    garden = make_category("Garden")
    categories = [garden, make_category("Beds", parent=garden)]
    tags = [make_tag("Beans"), make_tag("Peas")]
    for year in (2023, 2025):
        make_post(slug=f"in-{year}", published_at=DAY.replace(year=year)).tags.add(*tags)

    def add(n):
        start = Post.objects.filter(slug__startswith="post-").count()
        for i in range(start, start + n):
            post = make_post(
                title=f"Post {i}", slug=f"post-{i}", published_at=DAY + timedelta(minutes=i)
            )
            post.categories.add(*categories)
            post.tags.add(*tags)

    return add


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("path", "most"), PAGES.items())
def test_query_count_is_pinned(client, add_posts, django_assert_max_num_queries, path, most):
    """Each page makes at most its pinned number of queries."""
    add_posts(15)
    with django_assert_max_num_queries(most):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_query_count_does_not_grow_with_posts(client, add_posts, path):
    """A page costs the same number of queries with 15 posts as with 60."""
    add_posts(15)
    few = count_queries(client, path)
    add_posts(45)
    assert count_queries(client, path) == few


def test_staff_preview_query_count(staff_client, make_post, django_assert_max_num_queries):
    """A staff preview adds only the session and user lookups."""
    post = make_post(status=Post.Status.DRAFT)
    with django_assert_max_num_queries(11):
        assert staff_client.get(post.get_absolute_url()).status_code == 200
