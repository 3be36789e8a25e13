"""Page revisions in the admin: history, compare, restore, retention; none on public pages."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Revision, Version

from blog.models import Page
from tests.support.admin_forms import form_data
from tests.support.roles import staff_in

# A public page's queries: the page, and the navigation's pages and categories.
PAGE_QUERIES = 3


def history_url(page):
    return reverse("admin:blog_page_history", args=[page.pk])


def compare_url(page):
    return reverse("admin:blog_page_compare", args=[page.pk])


def revision_url(page, version):
    return reverse("admin:blog_page_revision", args=[page.pk, version.pk])


def versions_of(page):
    """The page's versions, oldest first."""
    return list(Version.objects.get_for_object(page).order_by("pk"))


@pytest.fixture
def page(make_page):
    return make_page(title="About", slug="about", body="We grow beans.")


def test_each_save_of_a_page_is_a_revision_in_the_history(admin_client, admin_user, page, edit):
    """Two edits make two revisions; the history shows who saved them and when."""
    edit(page, body="We grow beans and peas.")
    edit(page, body="We grow peas.")
    versions = versions_of(page)
    assert len(versions) == 2
    assert all(version.revision.user == admin_user for version in versions)
    response = admin_client.get(history_url(page))
    users = re.findall(r"<td>\s*(\S+)\s*</td>\s*<td>Changed", response.text)
    assert users == [admin_user.get_username()] * 2
    for version in versions:
        when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
        assertContains(response, f'<a href="{revision_url(page, version)}">{when}</a>', html=True)
    assertContains(response, 'name="old"', count=2)


def test_a_page_added_in_the_admin_has_its_first_revision(admin_client, admin_user):
    """Adding a page is its first revision."""
    data = {
        "title": "Colophon",
        "slug": "colophon",
        "body": "Made with care.",
        "body_format": "markdown",
        "status": "published",
        "author": admin_user.pk,
        "menu_order": "0",
    }
    assert admin_client.post(reverse("admin:blog_page_add"), data).status_code == 302
    (version,) = versions_of(Page.objects.get())
    assert version.field_dict["body"] == "Made with care."


def test_compare_shows_the_page_diff(admin_client, page, edit):
    """Title and body are diffed line by line; other fields changed are named, derived ones not."""
    edit(page, title="About", body="Beans climb the poles.")
    edit(page, title="About us", slug="about-us", body="Peas climb the poles.", menu_order=3)
    old, new = versions_of(page)
    response = admin_client.get(compare_url(page), {"old": old.revision_id, "new": new.revision_id})
    assertContains(response, '<div class="removed">-Beans climb the poles.</div>', html=True)
    assertContains(response, '<div class="added">+Peas climb the poles.</div>', html=True)
    assertContains(response, '<div class="added">+About us</div>', html=True)
    changed = re.search(r'<ul class="revision-changed">(.*?)</ul>', response.text, re.S)[1]
    names = re.findall(r"<li>(.*?)</li>", changed)
    assert sorted(names) == ["Body", "Menu order", "Slug", "Title"]


def test_page_compare_escapes_the_text(admin_client, page, edit):
    """A title with markup is shown as text, never run."""
    edit(page, title="About")
    edit(page, title="<script>alert(1)</script>")
    old, new = versions_of(page)
    response = admin_client.get(compare_url(page), {"old": old.revision_id, "new": new.revision_id})
    assertContains(response, "+&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_compare_of_another_pages_revision_is_404(admin_client, page, make_page, edit):
    """A revision of another page is not found on this page's compare."""
    other = make_page(slug="other")
    edit(page, body="One.")
    edit(other, body="Two.")
    (mine,) = versions_of(page)
    (theirs,) = versions_of(other)
    query = {"old": mine.revision_id, "new": theirs.revision_id}
    assert admin_client.get(compare_url(page), query).status_code == 404


def test_restoring_a_page_revision(django_capture_on_commit_callbacks, admin_client, page, edit):
    """Saving an old revision's form brings back its text as a new revision, and readers
    see it at once: the restore tells the page cache, as a save does."""
    edit(page, body="The old words.")
    edit(page, body="The new words.")
    old, _ = versions_of(page)
    Client().get(page.get_absolute_url())
    cached = Client().get(page.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    assert "The new words." in cached.text

    url = revision_url(page, old)
    data = form_data(admin_client, url)
    assert data["body"] == "The old words."
    page.refresh_from_db()
    assert page.body == "The new words."  # Opening a revision changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "The old words."
    assert page.body_html == "<p>The old words.</p>"
    versions = versions_of(page)
    assert len(versions) == 3
    assert versions[-1].field_dict["body"] == "The old words."
    assert "Reverted" in versions[-1].revision.get_comment()
    fresh = Client().get(page.get_absolute_url())
    assert fresh["X-Page-Cache"] != "hit"
    assert "The old words." in fresh.text


def test_restoring_an_old_slug_takes_the_subpages_along(
    client, admin_client, page, edit, make_page
):
    """A restored revision's old address moves the page's subpages with it."""
    edit(page, body="Here.")
    team = make_page(title="The team", slug="team", parent=page)
    edit(page, slug="about-us")
    team.refresh_from_db()
    assert team.get_absolute_url() == "/about-us/team/"
    old, _ = versions_of(page)
    url = revision_url(page, old)
    assert admin_client.post(url, form_data(admin_client, url)).status_code == 302
    team.refresh_from_db()
    assert team.get_absolute_url() == "/about/team/"
    assert client.get("/about/team/").status_code == 200


def test_restoring_keeps_the_pages_comment_count(admin_client, page, edit):
    """The comments keep a page's count: a restored revision does not bring back its own."""
    edit(page, body="Before the comments.")
    (version,) = versions_of(page)
    Page.objects.filter(pk=page.pk).update(comment_count=4)
    url = revision_url(page, version)
    assert admin_client.post(url, form_data(admin_client, url)).status_code == 302
    page.refresh_from_db()
    assert page.comment_count == 4


def test_a_revision_under_a_deleted_parent_is_not_restored(admin_client, page, edit, make_page):
    """A revision whose parent page was deleted since says so, and changes nothing."""
    garden = make_page(title="Garden", slug="garden")
    edit(page, parent=garden.pk, body="Under the garden.")
    edit(page, parent="", body="At the top.")
    old, _ = versions_of(page)
    delete = reverse("admin:blog_page_delete", args=[garden.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Page.objects.filter(pk=garden.pk).exists()

    for response in (
        admin_client.get(revision_url(page, old), follow=True),
        admin_client.post(revision_url(page, old), {"body": "Under the garden."}, follow=True),
    ):
        assert response.redirect_chain == [(history_url(page), 302)]
        assertContains(response, "under a parent page that was deleted since")
    page.refresh_from_db()
    assert page.body == "At the top."
    assert page.parent is None
    assert len(versions_of(page)) == 2


def test_only_the_newest_page_revisions_are_kept(settings, admin_client, page, edit):
    """With BLOG_REVISIONS_KEEP=3, five saves, then a restore, leave the three newest."""
    settings.BLOG_REVISIONS_KEEP = 3
    for n in range(5):
        edit(page, body=f"Draft {n}.")
    assert [v.field_dict["body"] for v in versions_of(page)] == ["Draft 2.", "Draft 3.", "Draft 4."]
    url = revision_url(page, versions_of(page)[0])
    assert admin_client.post(url, form_data(admin_client, url)).status_code == 302
    assert [v.field_dict["body"] for v in versions_of(page)] == ["Draft 3.", "Draft 4.", "Draft 2."]
    assert Revision.objects.count() == 3


def test_deleting_a_page_deletes_its_revisions(admin_client, page, edit, make_page):
    """Pages have no trash: their revisions go when they do, others' stay."""
    kept = make_page(title="Kept", slug="kept")
    gone = make_page(title="Gone too", slug="gone-too")
    for each in (page, kept, gone):
        edit(each, body="Saved.")
    delete = reverse("admin:blog_page_delete", args=[page.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    changelist = reverse("admin:blog_page_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"}
    assert admin_client.post(changelist, bulk).status_code == 302
    assert list(Page.objects.all()) == [kept]
    assert versions_of(page) == [] and versions_of(gone) == []
    assert len(versions_of(kept)) == 1
    assert Revision.objects.count() == 1


def test_deleted_pages_are_not_recovered_from_revisions(admin_client, page, edit):
    """reversion's recover pages are not there for pages."""
    edit(page, body="One.")
    (version,) = versions_of(page)
    assert admin_client.get(reverse("admin:blog_page_recoverlist")).status_code == 404
    assert (
        admin_client.get(reverse("admin:blog_page_recover", args=[version.pk])).status_code == 404
    )
    assertNotContains(admin_client.get(reverse("admin:blog_page_changelist")), "Recover deleted")


def test_public_page_reads_no_revisions(
    rendering_only, client, page, edit, make_page, django_assert_max_num_queries
):
    """Revisions are admin-only: a page with revisions costs what one without does."""
    edit(page, body="Edited.")
    edit(page, body="Edited again.")
    make_page(title="Never edited", slug="never-edited")
    with CaptureQueriesContext(connection) as unedited:
        assert client.get("/never-edited/").status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES), CaptureQueriesContext(connection) as queries:
        assert client.get(page.get_absolute_url()).status_code == 200
    assert len(queries) == len(unedited)
    assert not [q for q in queries if "reversion_" in q["sql"]]


def test_an_editor_sees_and_restores_page_revisions(client, page, edit):
    """The Editor role, with every page permission, sees history and compare, and restores."""
    edit(page, body="One.")
    edit(page, body="Two.")
    old, new = versions_of(page)
    client.force_login(staff_in("Editor"))
    assert client.get(history_url(page)).status_code == 200
    query = {"old": old.revision_id, "new": new.revision_id}
    assert client.get(compare_url(page), query).status_code == 200
    url = revision_url(page, old)
    assert client.post(url, form_data(client, url)).status_code == 302
    page.refresh_from_db()
    assert page.body == "One."


def test_an_author_cannot_see_page_history(client, page, edit):
    """Pages are the Editors': an Author gets 403 on history, compare and revisions."""
    edit(page, body="One.")
    edit(page, body="Two.")
    old, new = versions_of(page)
    client.force_login(staff_in("Author"))
    assert client.get(history_url(page)).status_code == 403
    query = {"old": old.revision_id, "new": new.revision_id}
    assert client.get(compare_url(page), query).status_code == 403
    assert client.get(revision_url(page, old)).status_code == 403
    assert client.post(revision_url(page, old), {"body": "One."}).status_code == 403
    page.refresh_from_db()
    assert page.body == "Two."
    assert len(versions_of(page)) == 2
