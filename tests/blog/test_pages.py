"""Static pages: their URLs, previews, the navigation, reserved slugs, sitemap and cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from blog.models import Page
from tests.blog.test_sitemap import sitemap
from tests.support.admin_forms import form_data
from tests.support.roles import staff_in


def add_page_data(**fields):
    data = {
        "title": "About",
        "slug": "about",
        "parent": "",
        "body": "Who *we* are.",
        "body_format": "markdown",
        "status": "published",
        "author": "",
        "menu_order": "0",
    }
    data.update(fields)
    return data


def test_a_page_is_served_at_its_slug(client, make_page):
    """/about/ shows the page's title and its rendered, sanitised Markdown."""
    make_page(title="About us", slug="about", body="We *grow* things.<script>x()</script>")
    response = client.get("/about/")
    assertContains(response, '<h1 class="post-title">About us</h1>', html=True)
    assertContains(response, "<em>grow</em>")
    assertNotContains(response, "<script>x()")
    assertNotContains(response, "Preview — not public")


def test_a_child_page_is_served_under_its_parent(client, make_page):
    """/about/team/ is the page "team" under "about", and that is its absolute URL."""
    team = make_page(title="The team", slug="team", parent=make_page(slug="about"))
    assert team.get_absolute_url() == "/about/team/"
    assertContains(client.get("/about/team/"), "The team")
    assert client.get("/team/").status_code == 404


def test_renaming_a_parent_moves_its_children(client, make_page):
    """A new slug for a parent takes its subpages along to the new address."""
    about = make_page(slug="about")
    make_page(title="The team", slug="team", parent=about)
    about.slug = "us"
    about.save()
    assertContains(client.get("/us/team/"), "The team")
    assert client.get("/about/team/").status_code == 404


def test_unknown_page_is_a_404_in_the_site_layout(client, db):
    """A path no page has is the site's own 404 page."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assertContains(response, 'class="site-header"', status_code=404)


@pytest.mark.parametrize("status", [Page.Status.DRAFT, Page.Status.PRIVATE])
def test_pages_that_are_not_public_are_404(client, make_page, status):
    """Draft and private pages are a 404 to the public."""
    make_page(slug="secret", status=status)
    assert client.get("/secret/").status_code == 404


@pytest.mark.parametrize("status", [Page.Status.DRAFT, Page.Status.PRIVATE])
def test_staff_preview_pages_that_are_not_public(staff_client, make_page, status):
    """Staff see a draft or private page with the preview banner, never cached."""
    make_page(slug="secret", status=status)
    response = staff_client.get("/secret/")
    assertContains(response, "Preview — not public.")
    assertContains(response, '<meta name="robots" content="noindex">')
    assert "no-cache" in response["Cache-Control"]


def test_navigation_lists_published_pages_in_menu_order(client, make_page, post):
    """The header lists published pages marked for it, by menu order then title."""
    make_page(title="Contact", slug="contact", menu_order=2, show_in_navigation=True)
    make_page(title="Colophon", slug="colophon", menu_order=1, show_in_navigation=True)
    make_page(title="About", slug="about", menu_order=1, show_in_navigation=True)
    make_page(title="Hidden draft", status=Page.Status.DRAFT, show_in_navigation=True)
    make_page(title="Not in the menu")
    header = client.get("/").text.split('aria-label="Main"')[1].split("</nav>")[0]
    assert header.index(">About<") < header.index(">Colophon<") < header.index(">Contact<")
    assert "Hidden draft" not in header
    assert "Not in the menu" not in header
    assert 'href="/about/"' in header


def test_the_current_page_is_marked_in_the_navigation(client, make_page):
    """On a page, its own navigation link carries aria-current."""
    make_page(title="About", slug="about", show_in_navigation=True)
    assertContains(client.get("/about/"), '<a href="/about/" aria-current="page">About</a>')


def test_pages_are_not_in_post_lists_feeds_or_search(client, make_page, post):
    """Home, archives, feeds and search list posts only."""
    make_page(title="Zucchini manifesto", slug="manifesto", body="Zucchini")
    year = post.published_at.year
    for path in ("/", f"/{year}/", "/author/ada/", "/feed/", "/feed/atom/", "/search/?q=Zucchini"):
        assertNotContains(client.get(path), "Zucchini manifesto")


@pytest.mark.parametrize("path", ["/2026/", "/feed/", "/search/", "/privacy/", "/sitemap.xml"])
def test_a_page_never_shadows_another_url(client, make_page, post, path):
    """Even a page stored with a reserved slug leaves the site's own URLs alone."""
    slug = path.strip("/").replace(".", "-")
    make_page(title="Impostor page", slug=slug)
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "Impostor page" not in response.text


def test_sitemap_lists_published_pages(client, make_page):
    """Published pages, children included, are in the sitemap; drafts are not."""
    make_page(slug="team", parent=make_page(slug="about"))
    make_page(slug="secret", status=Page.Status.DRAFT)
    urls = sitemap(client)
    assert "http://testserver/about/" in urls
    assert "http://testserver/about/team/" in urls
    assert not any("secret" in url for url in urls)


def test_admin_adds_a_page(admin_client, admin_user):
    """A page added in the admin is stored with its rendered body and served."""
    response = admin_client.post(
        reverse("admin:blog_page_add"), add_page_data(author=admin_user.pk)
    )
    assert response.status_code == 302
    assert Page.objects.get().body_html == "<p>Who <em>we</em> are.</p>"
    assertContains(Client().get("/about/"), "Who <em>we</em> are.")


@pytest.mark.parametrize("slug", ["admin", "2026", "search", "feed", "comments", "static"])
def test_admin_refuses_a_slug_that_would_shadow_a_url(admin_client, admin_user, slug):
    """A top-level slug the site's own URLs use is refused beside the field; nothing saved."""
    response = admin_client.post(
        reverse("admin:blog_page_add"), add_page_data(slug=slug, author=admin_user.pk)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already used by the site's own addresses" in errors["slug"][0]
    assert not Page.objects.exists()


def test_a_reserved_slug_is_fine_under_a_parent(admin_client, admin_user, make_page):
    """/about/feed/ shadows nothing, so "feed" is a valid slug below a page."""
    about = make_page(slug="about")
    data = add_page_data(slug="feed", parent=about.pk, author=admin_user.pk)
    assert admin_client.post(reverse("admin:blog_page_add"), data).status_code == 302
    assert Page.objects.get(slug="feed").get_absolute_url() == "/about/feed/"


def test_admin_refuses_a_duplicate_slug_among_siblings(admin_client, admin_user, make_page):
    """Two top-level pages cannot share a slug."""
    make_page(slug="about")
    response = admin_client.post(
        reverse("admin:blog_page_add"), add_page_data(author=admin_user.pk)
    )
    assert response.status_code == 200
    assert Page.objects.count() == 1


def test_admin_refuses_a_parent_cycle(admin_client, make_page):
    """A page cannot be moved under its own subpage."""
    about = make_page(slug="about")
    team = make_page(slug="team", parent=about)
    url = reverse("admin:blog_page_change", args=[about.pk])
    response = admin_client.post(url, form_data(admin_client, url, parent=team.pk))
    assert response.status_code == 200
    assert "cannot be under itself" in response.context["adminform"].form.errors["parent"][0]
    about.refresh_from_db()
    assert about.parent is None


def test_admin_page_list_and_view_on_site(admin_client, make_page):
    """The list shows parent, status, order and navigation; the form links to the page."""
    team = make_page(title="The team", slug="team", parent=make_page(title="About"))
    response = admin_client.get(reverse("admin:blog_page_changelist"), {"q": "team"})
    assertContains(response, "The team")
    assertContains(response, "column-show_in_navigation")
    response = admin_client.get(reverse("admin:blog_page_change", args=[team.pk]))
    assertContains(response, "View on site")


def test_editors_may_write_pages(client, db):
    """The Editor group has every permission on pages."""
    editor = staff_in("Editor")
    codenames = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    assert {"add_page", "change_page", "delete_page", "view_page"} <= codenames
    client.force_login(editor)
    assert client.get(reverse("admin:blog_page_add")).status_code == 200


def test_the_page_cache_serves_a_page_and_an_edit_refreshes_it(
    django_capture_on_commit_callbacks, admin_client, make_page
):
    """A page is served from the cache; a save in the admin shows at once."""
    page = make_page(title="About", slug="about")
    for _ in range(2):
        response = Client().get("/about/")
    assert response["X-Page-Cache"] == "hit"
    url = reverse("admin:blog_page_change", args=[page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, form_data(admin_client, url, title="About the garden"))
    assertContains(Client().get("/about/"), "About the garden")


def test_page_query_count_is_pinned(
    client, make_page, rendering_only, django_assert_max_num_queries
):
    """A page costs the page lookup and the navigation's pages and categories."""
    make_page(slug="team", parent=make_page(slug="about", show_in_navigation=True))
    with django_assert_max_num_queries(3):
        assert client.get("/about/team/").status_code == 200


def test_seed_demo_adds_about_and_colophon_once(client, seeded):
    """The demo has an About and a Colophon page in the navigation; seeding again adds none."""
    call_command("seed_demo", verbosity=0)
    assert sorted(Page.objects.values_list("path", flat=True)) == ["about", "colophon"]
    assertContains(client.get("/"), 'href="/colophon/"')
