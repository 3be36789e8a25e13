"""The approve / spam links of moderation emails: sign-in, permission, confirmation, POST."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment
from tests.support.comment_pages import form_token

# What Django's never_cache sends: the page is personal and goes stale at once.
NEVER_CACHED = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


@pytest.fixture
def held(make_comment, post):
    return make_comment(
        post, status="pending", name="Grace", body="Please approve me", ip_address="192.0.2.4"
    )


@pytest.fixture
def moderator_browser(csrf_client, moderator):
    """The moderator signed in on a client that checks CSRF tokens."""
    csrf_client.force_login(moderator)
    return csrf_client


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


@pytest.mark.parametrize("action", ["approve", "spam"])
def test_anonymous_is_sent_to_the_admin_login(client, held, action):
    """Not signed in: the link leads to the admin login, then back."""
    url = reverse(f"comments:{action}", args=[held.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert client.post(url).status_code == 302
    assert status_of(held) == "pending"


@pytest.mark.parametrize("action", ["approve", "spam"])
def test_signed_in_without_the_permission_is_a_403(client, held, action):
    """Staff without moderate_comment are refused, on GET and POST."""
    user = get_user_model().objects.create_user("clerk", password="pw-clerk", is_staff=True)
    client.force_login(user)
    url = reverse(f"comments:{action}", args=[held.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert status_of(held) == "pending"


@pytest.mark.parametrize("action", ["approve", "spam"])
def test_get_shows_the_comment_and_changes_nothing(moderator_browser, held, action):
    """The page shows the comment and a button; the status stays."""
    response = moderator_browser.get(reverse(f"comments:{action}", args=[held.pk]))
    assert response.status_code == 200
    assert "Please approve me" in response.text
    assert "192.0.2.4" in response.text
    assert '<button type="submit"' in response.text
    assert status_of(held) == "pending"
    assert set(response["Cache-Control"].split(", ")) == NEVER_CACHED


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("spam", "spam")])
def test_confirmed_post_changes_the_status(moderator_browser, held, post, action, status):
    """The POST with the page's CSRF token moderates and goes to the admin with a message."""
    url = reverse(f"comments:{action}", args=[held.pk])
    response = moderator_browser.post(
        url, {"csrfmiddlewaretoken": form_token(moderator_browser.get(url))}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:comments_comment_change", args=[held.pk])
    assert status_of(held) == status
    post.refresh_from_db()
    assert post.comment_count == (1 if status == "approved" else 0)
    page = moderator_browser.get(response["Location"])
    assert "The comment by Grace was" in page.text


def test_post_without_csrf_token_is_refused(moderator_browser, held):
    """A cross-site POST cannot moderate."""
    response = moderator_browser.post(reverse("comments:approve", args=[held.pk]))
    assert response.status_code == 403
    assert status_of(held) == "pending"


def test_approval_from_the_link_sends_the_author_email(
    client, moderator, held, mailoutbox, django_capture_on_commit_callbacks
):
    """Approving from the email link tells the post's author, as the admin action does."""
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments:approve", args=[held.pk]))
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]


@pytest.mark.parametrize(
    "path",
    [
        "/comments/moderate/999999/approve/",
        "/comments/moderate/99999999999999999999999999/approve/",
        "/comments/moderate/-1/spam/",
        "/comments/moderate/abc/spam/",
        "/comments/moderate/1/delete/",
    ],
)
def test_unknown_or_tampered_ids_are_404(moderator, path, raise_free_client):
    """Ids of no comment, out of range or not numbers: 404, never a 500."""
    raise_free_client.force_login(moderator)
    assert raise_free_client.get(path).status_code == 404
    assert raise_free_client.post(path).status_code == 404


def test_page_queries_are_pinned(client, moderator, held, django_assert_max_num_queries):
    """The confirmation page costs a fixed number of queries."""
    client.force_login(moderator)
    client.get("/privacy/")  # the header navigation: read once per generation
    with django_assert_max_num_queries(5):
        client.get(reverse("comments:approve", args=[held.pk]))
