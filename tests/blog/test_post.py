import json
import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from blog.models import Post


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_permalink_shows_the_post(client, make_post):
    """The permalink shows the title and the rendered body."""
    post = make_post(title="Hello", body="Some *Markdown* text.")
    response = client.get(post.get_absolute_url())
    assertContains(response, '<h1 class="post-title">Hello</h1>', html=True)
    assertContains(response, "<em>Markdown</em>")


def test_permalink_has_a_two_digit_month_and_day(make_post):
    """Permalinks are /yyyy/mm/dd/slug/ with zero-padded month and day."""
    post = make_post(slug="early", published_at=datetime(2024, 3, 5, 12, tzinfo=UTC))
    assert post.get_absolute_url() == "/2024/03/05/early/"


def test_permalink_date_is_in_the_site_time_zone(client, make_post, settings):
    """A post published at 03:00 UTC is dated the day before in New York."""
    settings.TIME_ZONE = "America/New_York"
    post = make_post(slug="late-night", published_at=datetime(2024, 3, 1, 3, tzinfo=UTC))
    assert post.get_absolute_url() == "/2024/02/29/late-night/"
    assert client.get("/2024/02/29/late-night/").status_code == 200


def test_wrong_date_redirects_permanently_to_the_permalink(client, make_post):
    """An existing slug under another date is a 301 to its real permalink."""
    post = make_post(slug="moved", published_at=datetime(2024, 3, 5, 12, tzinfo=UTC))
    response = client.get("/2023/01/01/moved/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


def test_unknown_slug_is_404(client, make_post):
    """A slug that no post has is a 404."""
    post = make_post()
    assert client.get(post.get_absolute_url().replace(post.slug, "nope")).status_code == 404


def test_non_public_post_is_404_to_the_public(client, make_post, not_public):
    """Drafts, private and scheduled posts are 404 at their permalink."""
    post = make_post(**not_public)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_wrong_date_of_a_non_public_post_does_not_redirect(client, make_post, not_public):
    """The public learns nothing about a hidden post from a wrong-date URL."""
    make_post(slug="hidden", **not_public)
    assert client.get("/2020/01/01/hidden/").status_code == 404


def test_staff_preview_non_public_posts_with_a_banner(staff_client, make_post, not_public):
    """Staff see drafts, private and scheduled posts, marked as a preview."""
    post = make_post(title="Work in progress", **not_public)
    response = staff_client.get(post.get_absolute_url())
    assertContains(response, "Work in progress")
    assertContains(response, "Preview — not public.")
    assertContains(response, '<meta name="robots" content="noindex">')


def test_staff_preview_is_never_cached(staff_client, make_post, not_public):
    """A preview is marked private and no-store, so no cache keeps it."""
    post = make_post(**not_public)
    cache_control = staff_client.get(post.get_absolute_url())["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_public_post_has_no_preview_banner(staff_client, make_post):
    """A published post is not marked as a preview, even for staff."""
    post = make_post()
    response = staff_client.get(post.get_absolute_url())
    assertNotContains(response, "Preview — not public")
    # Staff pages are private and no-store as personal pages; a preview adds must-revalidate.
    assert "must-revalidate" not in response.get("Cache-Control", "")


def test_previous_and_next_links(client, make_post):
    """A post links to the published posts just before and after it."""
    now = timezone.now()
    older = make_post(title="Older", published_at=now - timedelta(days=3))
    post = make_post(title="Middle", published_at=now - timedelta(days=2))
    newer = make_post(title="Newer", published_at=now - timedelta(days=1))
    response = client.get(post.get_absolute_url())
    assertContains(response, f'href="{older.get_absolute_url()}" rel="prev"')
    assertContains(response, f'href="{newer.get_absolute_url()}" rel="next"')


def test_previous_and_next_skip_posts_that_are_not_public(client, make_post):
    """Neighbour links never point at drafts or scheduled posts."""
    now = timezone.now()
    post = make_post(published_at=now - timedelta(days=2))
    make_post(title="Draft", status=Post.Status.DRAFT, published_at=now - timedelta(days=1))
    make_post(title="Scheduled", published_at=now + timedelta(days=1))
    assertNotContains(client.get(post.get_absolute_url()), 'class="post-nav"')


def test_posts_at_the_same_time_are_still_neighbours(client, make_post):
    """Two posts with the same date link to each other (the id breaks the tie)."""
    when = timezone.now() - timedelta(days=1)
    first = make_post(published_at=when)
    second = make_post(published_at=when)
    assertContains(client.get(first.get_absolute_url()), f'href="{second.get_absolute_url()}"')
    assertContains(client.get(second.get_absolute_url()), f'href="{first.get_absolute_url()}"')


def test_includes_the_comments_template(client, make_post):
    """The comments app's place on the page is the post_comments include."""
    post = make_post()
    assertTemplateUsed(client.get(post.get_absolute_url()), "blog/includes/post_comments.html")


def test_json_ld_describes_the_post(client, make_post, make_category, make_tag):
    """The page carries schema.org BlogPosting data with headline, author and terms."""
    post = make_post(title="Data for robots")
    post.categories.add(make_category("Notes"))
    post.tags.add(make_tag("Seo"))
    data = json_ld(client.get(post.get_absolute_url()))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Data for robots"
    assert data["author"]["name"] == "Ada"
    assert data["url"] == f"http://testserver{post.get_absolute_url()}"
    assert data["articleSection"] == ["Notes"]
    assert data["keywords"] == ["Seo"]


def test_json_ld_cannot_be_closed_by_a_title(client, make_post):
    """A title containing </script> stays data inside the JSON-LD block."""
    title = "</script><script>alert(1)</script> & more"
    post = make_post(title=title)
    response = client.get(post.get_absolute_url())
    assertNotContains(response, "<script>alert(1)")
    assert json_ld(response)["headline"] == title
