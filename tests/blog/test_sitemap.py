import xml.etree.ElementTree as ET

from django.utils import timezone

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content):
    """Our own feed or sitemap; nothing from outside is parsed here."""
    return ET.fromstring(content)  # noqa: S314


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


def test_sitemap_lists_home_and_posts_with_lastmod(client, make_post):
    """The sitemap has the home page and each post's absolute permalink with lastmod."""
    post = make_post()
    urls = sitemap(client)
    assert "http://testserver/" in urls
    assert (
        urls[f"http://testserver{post.get_absolute_url()}"]
        == timezone.localdate(post.updated_at).isoformat()
    )


def test_sitemap_lists_categories_and_tags_in_use(client, make_post, make_category, make_tag):
    """Categories and tags with public posts are listed; unused ones are not."""
    post = make_post()
    post.categories.add(make_category("Garden"))
    post.tags.add(make_tag("Beans"))
    make_category("Empty")
    urls = sitemap(client)
    assert "http://testserver/category/garden/" in urls
    assert "http://testserver/tag/beans/" in urls
    assert "http://testserver/category/empty/" not in urls


def test_sitemap_hides_posts_that_are_not_public(client, make_post, make_tag, not_public):
    """Drafts, private and scheduled posts, and tags only they use, are not listed."""
    post = make_post(slug="secret", **not_public)
    post.tags.add(make_tag("Hidden"))
    assert not any("secret" in url or "hidden" in url for url in sitemap(client))


def test_robots_txt_points_to_the_sitemap(client, db):
    """/robots.txt is plain text naming the sitemap's absolute URL and keeping out of admin."""
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
