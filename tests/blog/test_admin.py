from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from blog.models import Category, Post


def test_post_list_shows_columns(admin_client, make_post, make_category):
    """The post list shows title, status, author and categories."""
    make_post(title="Listed post").categories.add(make_category("Garden"))
    response = admin_client.get(reverse("admin:blog_post_changelist"))
    assertContains(response, "Listed post")
    assertContains(response, "Garden")
    assertContains(response, "ada")


def test_post_list_query_count_does_not_grow(admin_client, make_post, make_category):
    """Authors and categories are fetched in bulk: 5 or 30 posts cost the same queries."""
    garden = make_category("Garden")
    url = reverse("admin:blog_post_changelist")

    def queries_for(n):
        while Post.objects.count() < n:
            make_post().categories.add(garden)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url)
        return len(queries)

    assert queries_for(5) == queries_for(30)


def test_post_list_search_and_filter(admin_client, make_post):
    """The post list searches titles and filters by status."""
    make_post(title="Findable draft", status=Post.Status.DRAFT)
    make_post(title="Published one")
    url = reverse("admin:blog_post_changelist")
    assertContains(admin_client.get(url, {"q": "findable"}), "Findable draft")
    response = admin_client.get(url, {"status__exact": "draft"})
    assertContains(response, "Findable draft")
    assert b"Published one" not in response.content


def test_adding_a_post_renders_its_body(admin_client, author, make_category):
    """A post written in the admin is stored with its rendered HTML."""
    garden = make_category("Garden")
    when = timezone.localtime() - timedelta(hours=1)
    response = admin_client.post(
        reverse("admin:blog_post_add"),
        {
            "title": "From the admin",
            "slug": "from-the-admin",
            "body": "Some **bold** words.",
            "body_format": "markdown",
            "excerpt": "",
            "status": "published",
            "published_at_0": when.strftime("%Y-%m-%d"),
            "published_at_1": when.strftime("%H:%M:%S"),
            "author": author.pk,
            "comments_open": "on",
            "categories": [garden.pk],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(slug="from-the-admin")
    assert "<strong>bold</strong>" in post.body_html
    assert list(post.categories.all()) == [garden]


def test_new_post_form_defaults_to_the_current_user(admin_client, admin_user):
    """The add form preselects the signed-in user as author."""
    response = admin_client.get(reverse("admin:blog_post_add"))
    assertContains(response, f'<option value="{admin_user.pk}" selected>')


def test_derived_fields_are_not_editable(admin_client, make_post):
    """body_html and the other derived fields are not in the change form."""
    post = make_post()
    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))
    assert b'name="body_html"' not in response.content
    assert b'name="comment_count"' not in response.content


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PRIVATE])
def test_view_on_site_previews_a_draft(admin_client, make_post, status):
    """ "View on site" leads staff to the post's permalink, which shows the preview."""
    post = make_post(status=status)
    content_type = ContentType.objects.get_for_model(Post)
    response = admin_client.get(
        reverse("admin:view_on_site", args=[content_type.pk, post.pk]), follow=True
    )
    assert response.redirect_chain[-1][0].endswith(post.get_absolute_url())
    assertContains(response, "Preview — not public.")


def test_category_admin_adds_a_child_category(admin_client):
    """A category is added with a parent through the admin."""
    parent = Category.objects.create(name="Garden", slug="garden")
    response = admin_client.post(
        reverse("admin:blog_category_add"),
        {"name": "Beds", "slug": "beds", "description": "", "parent": parent.pk},
    )
    assert response.status_code == 302
    assert Category.objects.get(slug="beds").parent == parent


def test_tag_admin_lists_tags(admin_client, make_tag):
    """The tag list shows names and slugs."""
    make_tag("Beans")
    assertContains(admin_client.get(reverse("admin:blog_tag_changelist")), "beans")
