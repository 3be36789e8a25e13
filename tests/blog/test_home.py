from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from blog.models import Post


def articles(response):
    return response.content.decode().count('<article class="post post-summary')


def test_lists_published_posts_newest_first(client, make_post):
    """Published posts are listed, the newest first."""
    now = timezone.now()
    make_post(title="Older one", published_at=now - timedelta(days=2))
    make_post(title="Newer one", published_at=now - timedelta(days=1))
    content = client.get("/").content.decode()
    assert content.index("Newer one") < content.index("Older one")


def test_sticky_posts_come_first(client, make_post):
    """A sticky post is listed before newer posts and marked as featured."""
    now = timezone.now()
    make_post(title="Old but sticky", sticky=True, published_at=now - timedelta(days=30))
    make_post(title="Brand new", published_at=now - timedelta(hours=1))
    response = client.get("/")
    content = response.content.decode()
    assert content.index("Old but sticky") < content.index("Brand new")
    assertContains(response, '<span class="sticky-label">Featured</span>', html=True)


def test_sticky_posts_count_in_the_ten(client, make_post):
    """Sticky posts take places in the first page's ten rather than adding to them."""
    now = timezone.now()
    make_post(title="Sticky", sticky=True, published_at=now - timedelta(days=30))
    for day in range(11):
        make_post(published_at=now - timedelta(days=day + 1))
    assert articles(client.get("/")) == 10
    assert articles(client.get("/?page=2")) == 2


def test_ten_posts_a_page(client, make_post):
    """Eleven posts make two pages, with links between them."""
    for _ in range(11):
        make_post()
    first, second = client.get("/"), client.get("/?page=2")
    assert articles(first) == 10
    assert articles(second) == 1
    assertContains(first, 'href="?page=2"')
    assertContains(second, '<a href="/" rel="prev">Newer posts</a>', html=True)


def test_a_single_page_has_no_pagination(client, make_post):
    """With ten posts or fewer there are no page links."""
    make_post()
    assertNotContains(client.get("/"), 'class="pagination"')


def test_hides_posts_that_are_not_public(client, make_post, not_public):
    """Drafts, private and scheduled posts are not on the home page."""
    make_post(title="Secret plans", **not_public)
    assertNotContains(client.get("/"), "Secret plans")


def test_hides_non_public_posts_from_staff_too(staff_client, make_post):
    """Lists show only public posts, even to staff; they preview at the permalink."""
    make_post(title="Secret plans", status=Post.Status.DRAFT)
    assertNotContains(staff_client.get("/"), "Secret plans")


@pytest.mark.django_db
def test_an_empty_blog_is_a_normal_page(client):
    """A blog without posts answers 200 with a friendly line."""
    assertContains(client.get("/"), "Nothing has been published yet.")


def test_shows_excerpt_and_continue_reading(client, make_post):
    """The excerpt is shown with a "Continue reading" link naming the post for screen readers."""
    make_post(title="Long read", body="The opening.\n\n<!--more-->\n\nThe hidden rest.")
    response = client.get("/")
    assertContains(response, "The opening.")
    assertNotContains(response, "The hidden rest.")
    assertContains(response, 'Continue reading<span class="visually-hidden"> “Long read”</span>')


def test_short_post_has_no_continue_reading(client, make_post):
    """A post shown whole in the list has no "Continue reading" link."""
    make_post(body="Short and sweet.")
    assertNotContains(client.get("/"), "Continue reading")


def test_shows_date_author_categories_and_tags(client, make_post, make_category, make_tag):
    """Each post shows its date as <time>, its author, categories and tags, all linked."""
    post = make_post(published_at=timezone.now() - timedelta(days=1))
    post.categories.add(make_category("Gardening"))
    post.tags.add(make_tag("Tomatoes"))
    response = client.get("/")
    local = timezone.localtime(post.published_at).replace(microsecond=0)
    assertContains(response, f'<time class="post-date" datetime="{local.isoformat()}">')
    assertContains(response, '<a href="/author/ada/" rel="author">Ada</a>', html=True)
    assertContains(response, '<a href="/category/gardening/">Gardening</a>', html=True)
    assertContains(response, '<a href="/tag/tomatoes/" rel="tag">Tomatoes</a>', html=True)


@pytest.mark.parametrize(
    ("count", "label"), [(0, "No comments"), (1, "1 Comment"), (7, "7 Comments")]
)
def test_shows_the_comment_count(client, make_post, count, label):
    """The stored approved-comment count is shown and links to the comments."""
    post = make_post()
    Post.objects.filter(pk=post.pk).update(comment_count=count)
    link = f'<a class="post-comments-link" href="{post.get_absolute_url()}#comments">{label}</a>'
    assertContains(client.get("/"), link, html=True)


def test_page_links_mark_the_current_page(client, make_post):
    """Numbered page links are shown, the current page marked for assistive technology."""
    for _ in range(21):
        make_post()
    response = client.get("/?page=2")
    assertContains(response, '<span aria-current="page">2</span>', html=True)
    assertContains(response, '<a href="/">1</a>', html=True)
    assertContains(response, '<a href="?page=3">3</a>', html=True)
