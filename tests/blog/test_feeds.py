import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def parse_xml(content):
    """Our own feed or sitemap; nothing from outside is parsed here."""
    return ET.fromstring(content)  # noqa: S314


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse_xml(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.findall("./channel/item")


def titles(items):
    return [item.findtext("title") for item in items]


def test_rss_feed_lists_published_posts_newest_first(client, make_post):
    """/feed/ is RSS 2.0 with the published posts, newest first."""
    now = timezone.now()
    make_post(title="Older", published_at=now - timedelta(days=2))
    make_post(title="Newer", published_at=now - timedelta(days=1))
    assert titles(rss_items(client.get("/feed/"))) == ["Newer", "Older"]


def test_rss_item_has_full_content_link_author_and_terms(
    client, make_post, make_category, make_tag
):
    """An item carries the whole rendered body, absolute link, author name and terms."""
    post = make_post(title="Full", body="Intro\n\n<!--more-->\n\nThe *rest*.")
    post.categories.add(make_category("Garden"))
    post.tags.add(make_tag("Beans"))
    (item,) = rss_items(client.get("/feed/"))
    assert "<em>rest</em>" in item.findtext("description")
    assert item.findtext("link") == f"http://testserver{post.get_absolute_url()}"
    assert item.findtext(f"{DC}creator") == "Ada"
    assert [c.text for c in item.findall("category")] == ["Garden", "Beans"]


def test_rss_feed_never_shows_author_email(client, make_post):
    """The author's email address is not in the feed."""
    make_post()
    assert b"ada@example.com" not in client.get("/feed/").content


def test_atom_feed_has_summary_and_full_content(client, make_post):
    """/feed/atom/ is Atom; each entry has the excerpt as summary and the body as content."""
    make_post(title="Full", body="Intro\n\n<!--more-->\n\nThe *rest*.")
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    (entry,) = parse_xml(response.content).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Full"
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert "<em>rest</em>" in entry.findtext(f"{ATOM}content")
    assert "rest" not in entry.findtext(f"{ATOM}summary")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ada"


def test_feeds_hold_the_latest_twenty(client, make_post):
    """Feeds list at most the twenty newest posts."""
    for _ in range(21):
        make_post()
    assert len(rss_items(client.get("/feed/"))) == 20


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_feeds_hide_posts_that_are_not_public(client, make_post, not_public, path):
    """Drafts, private and scheduled posts are in no feed."""
    make_post(title="Secret", **not_public)
    assert b"Secret" not in client.get(path).content


def test_category_feed_lists_that_category(client, make_post, make_category):
    """/category/<slug>/feed/ has the category's posts, those of child categories too."""
    garden = make_category("Garden")
    make_post(title="In garden").categories.add(garden)
    make_post(title="In beds").categories.add(make_category("Beds", parent=garden))
    make_post(title="Elsewhere")
    response = client.get("/category/garden/feed/")
    assert sorted(titles(rss_items(response))) == ["In beds", "In garden"]


def test_tag_feed_lists_that_tag(client, make_post, make_tag):
    """/tag/<slug>/feed/ has the posts with that tag."""
    make_post(title="Tagged").tags.add(make_tag("Beans"))
    make_post(title="Untagged")
    assert titles(rss_items(client.get("/tag/beans/feed/"))) == ["Tagged"]


def test_term_feed_titles_name_the_term(client, make_post, make_tag, settings):
    """A tag feed's title names the site and the tag."""
    settings.BLOG_TITLE = "Field Notes"
    make_post().tags.add(make_tag("Beans"))
    channel = parse_xml(client.get("/tag/beans/feed/").content).find("channel")
    assert channel.findtext("title") == "Field Notes » Beans"


@pytest.mark.parametrize("path", ["/category/nope/feed/", "/tag/nope/feed/"])
def test_feed_of_an_unknown_term_is_404(client, db, path):
    """A feed for a category or tag that does not exist is a 404."""
    assert client.get(path).status_code == 404
