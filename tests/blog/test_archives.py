from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains, assertNotContains

from blog.models import Post


def on(year, month=6, day=15, hour=12):
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def dated_posts(make_post):
    """Three posts: two in March 2024 (on the 5th and the 20th), one in 2023."""
    make_post(title="Spring one", published_at=on(2024, 3, 5))
    make_post(title="Spring two", published_at=on(2024, 3, 20))
    make_post(title="Last year", published_at=on(2023, 7, 1))


def test_year_archive_lists_the_posts_of_that_year(client, dated_posts):
    """/2024/ lists the posts of 2024 and no others."""
    response = client.get("/2024/")
    assertContains(response, "<title>Archive: 2024 \N{EN DASH} ")
    assertContains(response, "Spring one")
    assertContains(response, "Spring two")
    assertNotContains(response, "Last year")


def test_month_archive_lists_the_posts_of_that_month(client, dated_posts):
    """/2024/03/ lists the posts of March 2024."""
    response = client.get("/2024/03/")
    assertContains(response, '<span class="archive-kind">Archive</span> March 2024')
    assertContains(response, "Spring one")
    assertNotContains(response, "Last year")


def test_day_archive_lists_the_posts_of_that_day(client, dated_posts):
    """/2024/03/05/ lists only that day's post."""
    response = client.get("/2024/03/05/")
    assertContains(response, "Archive</span> March 5, 2024")
    assertContains(response, "Spring one")
    assertNotContains(response, "Spring two")


def test_date_archives_use_the_site_time_zone(client, make_post, settings):
    """A post at 02:00 UTC on 1 March belongs to 29 February in New York."""
    settings.TIME_ZONE = "America/New_York"
    make_post(title="Leap night", published_at=datetime(2024, 3, 1, 2, tzinfo=UTC))
    assertContains(client.get("/2024/02/29/"), "Leap night")
    assert client.get("/2024/03/01/").status_code == 404


@pytest.mark.parametrize("path", ["/2022/", "/2024/04/", "/2024/03/06/"])
def test_empty_date_archive_is_404(client, dated_posts, path):
    """A period without posts is a 404."""
    assert client.get(path).status_code == 404


def test_date_archive_links_to_neighbouring_periods(client, dated_posts):
    """The year archive links to the previous year that has posts."""
    link = '<a href="/2023/" rel="prev"><span class="post-nav-label">Earlier</span> 2023</a>'
    assertContains(client.get("/2024/"), link, html=True)


def test_date_archives_hide_posts_that_are_not_public(client, make_post):
    """A draft does not appear in, nor create, a date archive."""
    make_post(status=Post.Status.DRAFT, published_at=on(2021))
    assert client.get("/2021/").status_code == 404


def test_date_archives_are_paginated(client, make_post):
    """Eleven posts in a month make two pages."""
    for day in range(1, 12):
        make_post(published_at=on(2024, 5, day))
    assert client.get("/2024/05/?page=2").content.decode().count("post-summary") == 1


def test_category_archive_lists_its_posts(client, make_post, make_category):
    """A category archive lists the posts filed in it and no others."""
    garden = make_category("Garden")
    make_post(title="Filed").categories.add(garden)
    make_post(title="Elsewhere")
    response = client.get("/category/garden/")
    assertContains(response, "<title>Category: Garden \N{EN DASH} ")
    assertContains(response, "Filed")
    assertNotContains(response, "Elsewhere")


def test_category_archive_includes_descendant_categories(client, make_post, make_category):
    """Posts of child and grandchild categories appear in the parent's archive, once."""
    parent = make_category("Garden")
    child = make_category("Vegetables", parent=parent)
    grandchild = make_category("Beans", parent=child)
    make_post(title="Runner beans").categories.add(grandchild, child)
    response = client.get("/category/garden/")
    assert response.content.decode().count("post-summary") == 1


def test_category_archive_shows_description_and_feed_link(client, make_post, make_category):
    """The archive describes the category and offers its feed."""
    make_post().categories.add(make_category("Garden", description="Digging & growing."))
    response = client.get("/category/garden/")
    assertContains(response, "Digging &amp; growing.")
    assertContains(response, 'href="/category/garden/feed/"')


@pytest.mark.parametrize("path", ["/category/garden/", "/category/nothing-here/"])
def test_category_without_public_posts_is_404(client, make_post, make_category, path):
    """A category with only a draft, or no category at all, is a 404."""
    make_post(status=Post.Status.DRAFT).categories.add(make_category("Garden"))
    assert client.get(path).status_code == 404


def test_unicode_category_slug(client, make_post, make_category):
    """Category slugs in other scripts resolve."""
    make_post(title="Kaffee").categories.add(make_category("Café"))
    assertContains(client.get("/category/café/"), "Kaffee")


def test_tag_archive_lists_its_posts(client, make_post, make_tag):
    """A tag archive lists the posts with that tag and no others."""
    make_post(title="Tagged").tags.add(make_tag("Django"))
    make_post(title="Untagged")
    response = client.get("/tag/django/")
    assertContains(response, '<span class="archive-kind">Tag</span> Django')
    assertContains(response, "Tagged")
    assertNotContains(response, "Untagged")
    assertContains(response, 'href="/tag/django/feed/"')


def test_tag_archive_hides_posts_that_are_not_public(client, make_post, make_tag):
    """A tag whose only post is private is a 404."""
    make_post(status=Post.Status.PRIVATE).tags.add(make_tag("Django"))
    assert client.get("/tag/django/").status_code == 404


def test_author_archive_lists_their_posts(client, make_post):
    """An author archive lists that author's posts, named by full name."""
    other = get_user_model().objects.create_user("grace", first_name="Grace", last_name="H")
    make_post(title="By Ada")
    make_post(title="By Grace", author=other)
    response = client.get("/author/ada/")
    assertContains(response, '<span class="archive-kind">Author</span> Ada')
    assertContains(response, "By Ada")
    assertNotContains(response, "By Grace")


@pytest.mark.parametrize("path", ["/author/ada/", "/author/nobody/"])
def test_author_without_public_posts_is_404(client, make_post, path):
    """A user without published posts, or no user at all, is a 404."""
    make_post(status=Post.Status.DRAFT)
    assert client.get(path).status_code == 404
