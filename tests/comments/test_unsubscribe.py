"""The signed unsubscribe link of reply emails: a confirmation page and RFC 8058 one-click."""

import pytest
from django.core import signing

from comments.mail import subscriptions
from comments.models import Comment
from tests.support.comment_pages import form_token

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def url_for(comment):
    return subscriptions.unsubscribe_url(comment)


def notify_replies(comment):
    return Comment.objects.get(pk=comment.pk).notify_replies


def test_get_shows_a_confirmation_and_changes_nothing(csrf_client, subscribed, post):
    """Opening the link (or a mail scanner fetching it) does not unsubscribe."""
    response = csrf_client.get(url_for(subscribed))
    assert response.status_code == 200
    assert "Stop these emails" in response.text
    assert "Tomatoes" in response.text
    assert notify_replies(subscribed)


def test_confirmation_button_unsubscribes(csrf_client, subscribed):
    """The button's POST, with the page's CSRF token, unsubscribes."""
    token = form_token(csrf_client.get(url_for(subscribed)))
    response = csrf_client.post(url_for(subscribed), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "You will get no more emails" in response.text
    assert not notify_replies(subscribed)


def test_one_click_post_unsubscribes_without_a_csrf_token(csrf_client, subscribed):
    """A mail client's RFC 8058 POST, with no cookie and no token, unsubscribes."""
    response = csrf_client.post(url_for(subscribed), ONE_CLICK)
    assert response.status_code == 200
    assert not notify_replies(subscribed)


def test_one_click_post_as_multipart_works_too(csrf_client, subscribed):
    """Some mail clients send the one-click body as multipart/form-data."""
    response = csrf_client.post(url_for(subscribed), ONE_CLICK, format="multipart")
    assert response.status_code == 200
    assert not notify_replies(subscribed)


def test_other_posts_still_need_the_csrf_token(csrf_client, subscribed):
    """Only the one-click POST skips CSRF: a bare form POST is refused."""
    response = csrf_client.post(url_for(subscribed), {"anything": "else"})
    assert response.status_code == 403
    assert notify_replies(subscribed)


def test_unsubscribing_twice_is_harmless(csrf_client, subscribed):
    """A second one-click POST answers the same."""
    csrf_client.post(url_for(subscribed), ONE_CLICK)
    response = csrf_client.post(url_for(subscribed), ONE_CLICK)
    assert response.status_code == 200
    assert not notify_replies(subscribed)


def test_link_unsubscribes_only_its_own_comment(csrf_client, make_comment, post, subscribed):
    """Other subscriptions, even of the same address, stay."""
    other = make_comment(post, email="lin@example.com", notify_replies=True, body="Another")
    csrf_client.post(url_for(subscribed), ONE_CLICK)
    assert notify_replies(other)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
        lambda token: signing.dumps(1),
        lambda token: signing.dumps("1", salt=subscriptions.SALT),
        lambda token: signing.dumps(True, salt=subscriptions.SALT),
        lambda token: "%00%ff",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_link_is_a_400_never_a_500(subscribed, mangle, method, raise_free_client):
    """A forged or altered token is refused with a clear page and changes nothing."""
    url = f"/comments/unsubscribe/{mangle(subscriptions.make_token(subscribed))}/"
    response = getattr(raise_free_client, method)(url, ONE_CLICK)
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.text
    assert notify_replies(subscribed)


def test_link_of_a_deleted_comment_is_a_404(client, subscribed):
    """A valid link whose comment was deleted says so."""
    url = url_for(subscribed)
    subscribed.delete()
    assert client.post(url, ONE_CLICK).status_code == 404


def test_pages_are_private(client, subscribed):
    """The page belongs to one reader: no shared cache may keep it."""
    response = client.get(url_for(subscribed))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_page_queries_are_pinned(client, subscribed, django_assert_max_num_queries):
    """The confirmation page and the one-click POST cost a fixed number of queries."""
    client.get("/privacy/")  # the header navigation: read once per generation
    with django_assert_max_num_queries(1):
        client.get(url_for(subscribed))
    with django_assert_max_num_queries(4):
        client.post(url_for(subscribed), ONE_CLICK)
