"""Comment feeds: site-wide and per post, RSS 2.0, approved comments on public posts only."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post
from tests.support.comment_pages import all_tags

DC = "{http://purl.org/dc/elements/1.1/}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root


def items(root):
    return root.findall("./channel/item")


@pytest.fixture
def comments(make_comment, post):
    return [
        make_comment(
            post,
            name="Grace",
            email="grace@example.com",
            ip_address="192.0.2.77",
            user_agent="SecretBrowser/9",
            body="Approved & <em>shown</em>",
        ),
        make_comment(post, name="Pending Pat", email="pat@example.com", status="pending"),
        make_comment(post, name="Spam Sam", status="spam"),
        make_comment(post, name="Trash Tom", status="trash"),
    ]


def test_site_feed_lists_approved_comments(client, comments, post):
    """/comments/feed/ has the approved comment, with the commenter's name as author."""
    root = parse(client.get("/comments/feed/"))
    [item] = items(root)
    assert item.findtext("title") == "Comment on Tomatoes by Grace"
    assert item.findtext(f"{DC}creator") == "Grace"
    assert "Approved &amp; <em>shown</em>" in item.findtext("description")
    assert item.findtext("link") == (
        f"http://testserver{post.get_absolute_url()}#comment-{comments[0].pk}"
    )
    assert root.findtext("./channel/title") == "Comments for Field Notes"


@pytest.mark.parametrize("url", ["/comments/feed/", "post"])
def test_feeds_never_show_email_ip_or_user_agent(client, comments, post, url):
    """No email address, IP address or user agent anywhere in a feed."""
    url = f"{post.get_absolute_url()}feed/" if url == "post" else url
    body = client.get(url).text
    for secret in ["grace@example.com", "pat@example.com", "192.0.2.77", "SecretBrowser"]:
        assert secret not in body
    assert "<author>" not in body


@pytest.mark.parametrize("url", ["/comments/feed/", "post"])
def test_feeds_never_show_held_spam_or_trash(client, comments, post, url):
    """Pending, spam and trashed comments are left out."""
    url = f"{post.get_absolute_url()}feed/" if url == "post" else url
    names = [item.findtext(f"{DC}creator") for item in items(parse(client.get(url)))]
    assert names == ["Grace"]


def test_post_feed_lists_that_posts_comments(client, make_post, make_comment, comments, post):
    """<permalink>feed/ has the post's comments and no other post's."""
    other = make_post(title="Beans")
    make_comment(other, name="Elsewhere")
    root = parse(client.get(f"{post.get_absolute_url()}feed/"))
    assert [item.findtext(f"{DC}creator") for item in items(root)] == ["Grace"]
    assert root.findtext("./channel/title") == "Comments on: Tomatoes"
    assert root.findtext("./channel/link") == f"http://testserver{post.get_absolute_url()}"


def test_newest_comments_come_first(client, make_comment, post):
    """Items are newest first."""
    make_comment(post, name="First")
    make_comment(post, name="Second")
    root = parse(client.get("/comments/feed/"))
    assert [i.findtext(f"{DC}creator") for i in items(root)] == ["Second", "First"]


def test_item_link_names_the_comment_page(settings, client, make_comment, post):
    """A comment on page 2 links to ?cpage=2#comment-<id>."""
    settings.BLOG_COMMENTS_PER_PAGE = 1
    make_comment(post, name="Early")
    late = make_comment(post, name="Late")
    root = parse(client.get(f"{post.get_absolute_url()}feed/"))
    links = [item.findtext("link") for item in items(root)]
    assert links[0] == f"http://testserver{post.get_absolute_url()}?cpage=2#comment-{late.pk}"


def test_non_public_posts_have_no_comment_feed(client, make_post, make_comment, not_public):
    """Drafts, private and scheduled posts: their feed is a 404 and the site feed skips them."""
    hidden = make_post(title="Hidden", **not_public)
    make_comment(hidden, name="Insider")
    assert client.get(f"{hidden.get_absolute_url()}feed/").status_code == 404
    assert "Insider" not in client.get("/comments/feed/").text


@pytest.mark.parametrize(
    "date", ["2024/13/01", "2024/02/30", "0000/01/01", "9999/01/01", "2024/1/01", "1999/01/01"]
)
def test_bad_or_wrong_dates_are_404(client, post, date):
    """Impossible dates, malformed parts and the wrong date of a real slug are 404s."""
    assert client.get(f"/{date}/{post.slug}/feed/").status_code == 404


def test_unknown_slug_is_404(client, post):
    """A slug of no post is a 404."""
    local = timezone.localtime(post.published_at)
    assert client.get(f"/{local:%Y/%m/%d}/no-such-post/feed/").status_code == 404


def test_post_page_links_its_comment_feed(client, post):
    """The post's <head> has a <link rel="alternate"> to its comment feed."""
    tags = all_tags(client.get(post.get_absolute_url()).text)
    alternates = [dict(a) for t, a in tags if t == "link" and ("rel", "alternate") in a]
    hrefs = {a["href"]: a for a in alternates}
    feed = hrefs[f"{post.get_absolute_url()}feed/"]
    assert feed["type"] == "application/rss+xml"
    assert "Tomatoes" in feed["title"]


def test_every_page_links_the_site_comment_feed(client, post):
    """base.html links /comments/feed/ as an RSS alternate."""
    tags = all_tags(client.get("/").text)
    hrefs = [dict(a).get("href") for t, a in tags if t == "link" and ("rel", "alternate") in a]
    assert "/comments/feed/" in hrefs


def test_preview_of_a_draft_links_no_comment_feed(staff_client, make_post):
    """Staff previewing a draft get no link to a feed that would be a 404."""
    draft = make_post(status=Post.Status.DRAFT)
    page = staff_client.get(draft.get_absolute_url()).text
    assert f"{draft.get_absolute_url()}feed/" not in page


def add_comments(post, make_comment, count):
    for n in range(count):
        make_comment(post, name=f"Reader {n}")


@pytest.mark.parametrize("count", [1, 30])
def test_feed_queries_do_not_grow_with_comments(
    client, make_post, make_comment, django_assert_max_num_queries, count, rendering_only
):
    """The site feed costs 2 queries and a post's feed 3, at 1 comment or 30."""
    posts = [make_post(title=f"Post {n}") for n in range(3)]
    for post in posts:
        add_comments(post, make_comment, count)
    with django_assert_max_num_queries(2):
        client.get("/comments/feed/")
    with django_assert_max_num_queries(3):
        client.get(f"{posts[0].get_absolute_url()}feed/")
