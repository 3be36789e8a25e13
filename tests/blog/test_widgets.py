"""Widget placeholders in a body (as the WordPress import leaves them) are the site's
own lists when the page is shown: current, cheap, and nothing where there are none."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from blog.widgets import WIDGETS, placeholder

ALL_FIVE = "".join(
    f"<h2>{name}</h2>{placeholder(name, 2 if name == 'latest-posts' else None)}" for name in WIDGETS
)
# A page: its lookup and the navigation's pages and categories (tests/blog/test_pages.py).
PAGE_QUERIES = 3
# Latest posts, archives, categories and tags; the search form is only markup.
WIDGET_QUERIES = 4


@pytest.fixture
def garden(make_post, make_category, make_tag):
    """Two older posts in a category with a tag, and a page listing all five widgets."""
    category, tag = make_category("Garden"), make_tag("Beans")
    for days, title in ((40, "Winter digging"), (10, "First sowing")):
        post = make_post(title=title, published_at=timezone.now() - timedelta(days=days))
        post.categories.add(category)
        post.tags.add(tag)
    return category, tag


@pytest.fixture
def widget_page(garden, make_page):
    return make_page(title="Around the site", slug="around", body=ALL_FIVE, body_format="html")


def test_the_placeholders_survive_the_sanitiser(widget_page):
    """The stored HTML keeps each placeholder, data attributes and all."""
    for name in WIDGETS:
        assert f'data-widget="{name}"' in widget_page.body_html
    assert 'data-count="2"' in widget_page.body_html


def test_each_widget_lists_the_sites_content(client, widget_page, garden):
    """Latest posts (two, newest first), months, the category with its count, the tag, search."""
    html = client.get(widget_page.get_absolute_url()).content.decode()

    latest = re.search(r'<ul class="blog-widget-list wp-block-latest-posts">(.*?)</ul>', html, re.S)
    assert re.findall(r">([^<]+)</a>", latest[1]) == ["First sowing", "Winter digging"]
    month = timezone.localtime(timezone.now() - timedelta(days=10))
    assert f'href="{reverse("blog:month", args=[month.year, f"{month.month:02d}"])}"' in html
    assert '<a href="/category/garden/">Garden</a> (2)' in html
    assert 'href="/tag/beans/">Beans' in html
    assert 'action="/search/"' in html and 'id="widget-search-q-1"' in html
    assert "data-widget" not in html  # every placeholder replaced


def test_a_new_post_shows_in_the_widgets_at_once(
    admin_client, widget_page, garden, author, django_capture_on_commit_callbacks
):
    """Published in the admin, a post is in the cached page's latest posts and counts."""
    reader = Client()
    assert "Tomatoes in" not in reader.get(widget_page.get_absolute_url()).content.decode()
    when = timezone.localtime() - timedelta(minutes=5)
    category, tag = garden
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:blog_post_add"),
            {
                "title": "Tomatoes in",
                "slug": "tomatoes-in",
                "body": "Six plants.",
                "body_format": "markdown",
                "excerpt": "",
                "status": "published",
                "published_at_0": when.strftime("%Y-%m-%d"),
                "published_at_1": when.strftime("%H:%M:%S"),
                "author": author.pk,
                "comments_open": "on",
                "categories": [category.pk],
                "tags": [tag.pk],
            },
        )
    assert response.status_code == 302

    html = reader.get(widget_page.get_absolute_url()).content.decode()
    latest = re.search(r'wp-block-latest-posts">(.*?)</ul>', html, re.S)[1]
    assert re.findall(r">([^<]+)</a>", latest) == ["Tomatoes in", "First sowing"]
    assert '<a href="/category/garden/">Garden</a> (3)' in html


def test_unpublished_posts_are_not_listed(client, widget_page, make_post):
    """A draft and a scheduled post are in no widget."""
    make_post(title="Secret draft", status=Post.Status.DRAFT)
    make_post(title="Next week", published_at=timezone.now() + timedelta(days=7))

    html = client.get(widget_page.get_absolute_url()).content.decode()

    assert "Secret draft" not in html and "Next week" not in html


def test_a_page_with_all_five_widgets_is_pinned(
    client, widget_page, rendering_only, django_assert_max_num_queries
):
    """The five widgets cost four queries on top of the page's own."""
    with django_assert_max_num_queries(PAGE_QUERIES + WIDGET_QUERIES):
        assert client.get(widget_page.get_absolute_url()).status_code == 200


def test_a_post_without_widgets_costs_nothing_more(client, make_post, rendering_only):
    """A body without a placeholder reads no list; one with the archives reads only them."""
    plain = make_post(slug="plain", body="<p>Just text.</p>", body_format="html")
    with_one = make_post(slug="with-one", body=placeholder("archives"), body_format="html")
    client.get(plain.get_absolute_url())  # warm whatever a first request reads
    with CaptureQueriesContext(connection) as without:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as with_archives:
        client.get(with_one.get_absolute_url())

    def month_lists(queries):
        return [q["sql"] for q in queries if "trunc" in q["sql"].lower()]

    assert len(with_archives) == len(without) + 1
    assert month_lists(without) == [] and len(month_lists(with_archives)) == 1


def test_the_tag_cloud_sizes_tags_by_their_posts(client, widget_page, garden, make_tag):
    """Beans on two posts is the biggest, Peas on one the smallest, in name order."""
    Post.objects.get(title="First sowing").tags.add(make_tag("Peas"))

    html = client.get(widget_page.get_absolute_url()).content.decode()

    cloud = re.findall(r'<a class="tag-cloud-(\d)" href="/tag/(\w+)/">', html)
    assert cloud == [("4", "beans"), ("1", "peas")]
