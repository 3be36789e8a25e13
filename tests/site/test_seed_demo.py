from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from blog.management.commands.seed_demo import Command
from blog.models import Category, Post, Tag


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (
        get_user_model().objects.count(),
        Category.objects.count(),
        Tag.objects.count(),
        Post.objects.count(),
        Post.categories.through.objects.count(),
        Post.tags.through.objects.count(),
    )


def test_prints_a_one_line_summary(seeded):
    """The command reports what it loaded in one line."""
    assert seeded.count("\n") == 1
    assert "posts" in seeded


def test_second_run_creates_no_duplicates(seeded):
    """Running it again leaves every count as it was."""
    before = counts()
    seed_demo()
    assert counts() == before


def test_second_run_changes_no_post(seeded):
    """Running it again keeps each post's dates and text."""
    fields = ("slug", "title", "published_at", "updated_at", "body_html")
    before = list(Post.objects.order_by("slug").values_list(*fields))
    seed_demo()
    assert list(Post.objects.order_by("slug").values_list(*fields)) == before


def test_seed_posts_returns_every_demo_post_by_slug(db):
    """seed_posts() hands the posts to subclasses, keyed by slug."""
    posts = Command().seed_posts()
    assert set(posts) == set(Post.objects.values_list("slug", flat=True))
    assert all(posts[slug].slug == slug for slug in posts)


def test_creates_at_least_twelve_public_posts(seeded):
    """There is enough to read: twelve or more published posts."""
    assert Post.objects.published().count() >= 12


def test_exactly_one_post_is_sticky(seeded):
    """One published post is sticky."""
    assert Post.objects.published().filter(sticky=True).count() == 1
    assert Post.objects.filter(sticky=True).count() == 1


def test_one_post_is_a_draft(seeded):
    """One post is a draft."""
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1


def test_one_post_is_scheduled_in_the_future(seeded):
    """One post is published with a date still to come."""
    scheduled = Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
    assert scheduled.count() == 1


def test_one_public_post_has_comments_closed(seeded):
    """One published post does not take comments."""
    assert Post.objects.published().filter(comments_open=False).count() == 1


def test_posts_span_at_least_four_months(seeded):
    """Public posts fall in four or more calendar months, for the date archives."""
    months = {
        (local.year, local.month)
        for local in map(
            timezone.localtime, Post.objects.published().values_list("published_at", flat=True)
        )
    }
    assert len(months) >= 4


def test_newest_public_post_is_a_few_days_old(seeded):
    """Dates are relative to now, so the demo always looks current."""
    newest = Post.objects.published().latest().published_at
    assert timezone.now() - timedelta(days=7) < newest < timezone.now()


def test_categories_include_a_child_category(seeded):
    """There are five or more categories, one of them under a parent."""
    assert Category.objects.count() >= 5
    assert Category.objects.filter(parent__isnull=False).exists()


def test_tags_are_used_by_posts(seeded):
    """There are eight or more tags, each on at least one post."""
    assert Tag.objects.count() >= 8
    assert not Tag.objects.filter(posts=None).exists()


def test_every_post_has_a_category(seeded):
    """No demo post is left uncategorised."""
    assert not Post.objects.filter(categories=None).exists()


def test_authors_cannot_sign_in(seeded):
    """Demo authors are ordinary users with no usable password."""
    authors = get_user_model().objects.filter(posts__isnull=False).distinct()
    assert authors.count() >= 2
    assert not any(user.has_usable_password() or user.is_staff for user in authors)


@pytest.mark.parametrize(
    "html",
    [
        "<h2",
        "<ul>",
        "<ol>",
        "<table>",
        '<pre tabindex="0" role="region" aria-label="Code"><code',
        "<blockquote>",
        'class="footnote"',
        "<a href",
    ],
)
def test_markdown_features_render_into_body_html(seeded, html):
    """Some post shows each Markdown feature: headings, lists, tables, code, quotes..."""
    assert Post.objects.filter(body_html__contains=html).exists()


def test_a_post_uses_the_more_marker_for_its_excerpt(seeded):
    """One post ends its excerpt at <!--more-->."""
    post = Post.objects.get(body__contains="<!--more-->")
    assert post.has_more
    assert post.excerpt_html in post.body_html


def test_home_page_renders_after_seeding(seeded, client):
    """The home page works on the demo content and shows the sticky post."""
    response = client.get("/")
    assert response.status_code == 200
    assert Post.objects.get(sticky=True).title.encode() in response.content
