import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

FEED_LINKS = [
    '<link rel="alternate" type="application/rss+xml" title="Field Notes (RSS)" href="/feed/">',
    '<link rel="alternate" type="application/atom+xml" title="Field Notes (Atom)"'
    ' href="/feed/atom/">',
]


@pytest.fixture(autouse=True)
def site_name(settings):
    settings.BLOG_TITLE = "Field Notes"
    settings.BLOG_TAGLINE = "Notes from the field"


@pytest.fixture
def pages(make_post, make_category, make_tag):
    """One public post, filed and tagged, and the paths of every kind of page."""
    post = make_post(title="A post", slug="a-post", body="Hello there.")
    post.categories.add(make_category("Garden"))
    post.tags.add(make_tag("Beans"))
    local = post.published_at
    return [
        "/",
        post.get_absolute_url(),
        f"/{local:%Y}/",
        f"/{local:%Y/%m}/",
        f"/{local:%Y/%m/%d}/",
        "/category/garden/",
        "/tag/beans/",
        "/author/ada/",
        "/search/?q=hello",
    ]


def test_every_page_has_canonical_og_and_feed_links(client, pages):
    """Each page names its canonical URL, Open Graph data and the feeds."""
    for path in pages:
        response = client.get(path)
        assertContains(response, '<link rel="canonical" href="http://testserver/')
        assertContains(response, '<meta property="og:site_name" content="Field Notes">')
        assertContains(response, '<meta property="og:url" content="http://testserver/')
        for link in FEED_LINKS:
            assertContains(response, link, html=True)


def test_every_page_is_plain_semantic_html(client, pages):
    """Scripts are JSON-LD data or files of ours; no style or on* attributes; no other host."""
    for path in pages:
        html = client.get(path).content.decode()
        for script in re.findall(r"<script[^>]*>", html):
            assert 'type="application/ld+json"' in script or 'src="/static/' in script
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html)
        assert not re.search(r'\s(src|href)="(https?:)?//(?!testserver/)', html)
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main" tabindex="-1">' in html


def test_canonical_drops_page_one(client, make_post):
    """?page=1 has the bare URL as canonical."""
    make_post()
    assertContains(client.get("/?page=1"), '<link rel="canonical" href="http://testserver/">')


def test_canonical_keeps_later_pages(client, make_post):
    """Page 2's canonical URL is page 2, and its title says so."""
    for _ in range(11):
        make_post()
    response = client.get("/?page=2")
    assertContains(response, '<link rel="canonical" href="http://testserver/?page=2">')
    assertContains(response, "<title>Page 2 \N{EN DASH} Field Notes</title>")


def test_canonical_ignores_other_parameters(client, make_post):
    """Tracking parameters do not make another canonical URL."""
    make_post()
    assertContains(client.get("/?utm_source=x"), '<link rel="canonical" href="http://testserver/">')


def test_home_is_a_website_described_by_the_tagline(client, make_post):
    """The home page is og:type website with the tagline as description."""
    make_post()
    response = client.get("/")
    assertContains(response, '<meta property="og:type" content="website">')
    assertContains(response, '<meta name="description" content="Notes from the field">')


def test_post_is_an_article_described_by_its_summary(client, make_post):
    """A post is og:type article, titled and described by its own text."""
    post = make_post(title="Beans & peas", body="Runner beans climb.")
    response = client.get(post.get_absolute_url())
    assertContains(response, '<meta property="og:type" content="article">')
    assertContains(response, '<meta property="og:title" content="Beans &amp; peas">')
    assertContains(response, '<meta name="description" content="Runner beans climb.">')
    assertContains(response, "<title>Beans &amp; peas \N{EN DASH} Field Notes</title>")


@pytest.mark.parametrize(
    ("path", "title", "feed"),
    [
        ("/category/garden/", "Category: Garden", "/category/garden/feed/"),
        ("/tag/beans/", "Tag: Beans", "/tag/beans/feed/"),
    ],
)
def test_term_archives_offer_their_own_feed(client, pages, path, title, feed):
    """Category and tag archives link their own RSS feed in the head."""
    link = f'<link rel="alternate" type="application/rss+xml" title="{title} (RSS)" href="{feed}">'
    assertContains(client.get(path), link, html=True)


def test_navigation_lists_categories_in_use(client, pages, make_category):
    """The main navigation links categories with public posts, not empty ones."""
    make_category("Empty")
    response = client.get("/")
    assertContains(response, '<li><a href="/category/garden/">Garden</a></li>', html=True)
    assertNotContains(response, "/category/empty/")


def test_navigation_marks_the_current_category(client, pages):
    """On a category archive, that category's navigation link is marked current."""
    link = '<a href="/category/garden/" aria-current="page">Garden</a>'
    assertContains(client.get("/category/garden/"), link, html=True)
