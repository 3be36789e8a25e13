"""The commenter's cookies: "remember me", own pending comments, and private caching."""

import pytest
from django.test import Client

from comments.models import Comment
from comments.privacy.cookies import HELD_COOKIE, REMEMBER_COOKIE
from tests.support.comment_pages import all_tags

AWAITING = "Your comment is awaiting moderation."


@pytest.fixture(autouse=True)
def held_by_default(settings):
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0


def test_remember_ticked_sets_a_signed_cookie_for_a_year(post, post_comment):
    """Ticking remember stores a signed, HttpOnly, SameSite=Lax cookie for about a year."""
    response = post_comment(post, remember="on")
    cookie = response.cookies[REMEMBER_COOKIE]
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "grace@example.com" not in cookie.value


def test_remembered_details_prefill_the_form(client, post, post_comment):
    """The next form is prefilled with name, email and website, and remember is ticked."""
    post_comment(post, remember="on", url="https://grace.example.com/")
    page = client.get(post.get_absolute_url()).text
    assert 'name="name" value="Grace"' in page
    assert 'name="email" value="grace@example.com"' in page
    assert 'value="https://grace.example.com/"' in page
    remember = next(dict(a) for tag, a in all_tags(page) if dict(a).get("name") == "remember")
    assert "checked" in remember


def test_each_remembered_commenter_gets_their_own_details_escaped(post, post_comment):
    """The form's markup is kept per shape, never per person: two remembered commenters
    each get their own name, email and website, escaped, and one without a website none."""
    first, second = Client(), Client()
    post_comment(
        post, using=first, remember="on", name='Zelda "<b>" & Co', url="https://a.example/?x=1&y=2"
    )
    post_comment(post, using=second, remember="on", name="Bob", email="bob@example.com")
    for _ in range(2):  # the shape's markup made, then reused
        mine, theirs = (
            first.get(post.get_absolute_url()).text,
            second.get(post.get_absolute_url()).text,
        )
        assert 'name="name" value="Zelda &quot;&lt;b&gt;&quot; &amp; Co"' in mine
        assert 'value="https://a.example/?x=1&amp;y=2"' in mine
        assert "Bob" not in mine and "bob@example.com" not in mine
        assert (
            'name="name" value="Bob"' in theirs and 'name="email" value="bob@example.com"' in theirs
        )
        assert "Zelda" not in theirs and "grace@example.com" not in theirs
        assert 'name="url" value=' not in theirs
        assert "\x00" not in mine + theirs


def test_remember_unticked_clears_the_cookie(client, post, post_comment):
    """Posting without remember deletes a saved cookie."""
    post_comment(post, remember="on")
    response = post_comment(post, body="Second comment.")
    assert response.cookies[REMEMBER_COOKIE].value == ""
    assert response.cookies[REMEMBER_COOKIE]["max-age"] == 0


def test_without_remember_the_form_is_empty(client, post, post_comment):
    """Without the cookie nothing is prefilled."""
    post_comment(post)
    page = client.get(post.get_absolute_url()).text
    assert 'name="name" value=' not in page


def test_tampered_remember_cookie_is_ignored(client, post):
    """A cookie with a bad signature prefills nothing and breaks nothing."""
    client.cookies[REMEMBER_COOKIE] = "eyJuYW1lIjoiRXZlIn0:forged:signature"
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert 'name="name" value=' not in page.text


def test_pending_comment_is_shown_to_its_author(client, post, post_comment):
    """The author sees their pending comment, marked as awaiting moderation."""
    response = post_comment(post, body="Held words.")
    page = client.get(response["Location"]).text
    assert "Held words." in page
    assert AWAITING in page
    assert '<p class="comment-awaiting-moderation">' in page


def test_pending_comment_is_hidden_from_everyone_else(post, post_comment):
    """Another browser does not see someone's pending comment."""
    post_comment(post, body="Held words.")
    page = Client().get(post.get_absolute_url()).text
    assert "Held words." not in page
    assert AWAITING not in page


def test_approved_comments_are_not_marked_as_awaiting(settings, client, post, post_comment):
    """An approved comment carries no moderation marker, even for its author."""
    settings.BLOG_COMMENT_MODERATION = "none"
    post_comment(post)
    assert AWAITING not in client.get(post.get_absolute_url()).text
    assert HELD_COOKIE not in client.cookies


def test_author_sees_the_comment_once_approved_without_the_marker(client, post, post_comment):
    """After approval the author sees an ordinary comment."""
    post_comment(post, body="Held words.")
    Comment.objects.update(status=Comment.Status.APPROVED)
    page = client.get(post.get_absolute_url()).text
    assert "Held words." in page
    assert AWAITING not in page


def test_forged_held_cookie_shows_nothing(post, make_comment):
    """A held-comments cookie that is not ours reveals no pending comment."""
    held = make_comment(post, status="pending", body="Not yours.")
    client = Client()
    client.cookies[HELD_COOKIE] = f"[{held.pk}]"
    assert "Not yours." not in client.get(post.get_absolute_url()).text


def test_page_repeating_remembered_details_is_private(client, post, post_comment):
    """A page prefilled from the remember cookie is Cache-Control: private."""
    post_comment(post, remember="on")
    response = client.get(post.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_page_showing_a_pending_comment_is_private(client, post, post_comment):
    """A page showing the visitor's pending comment is Cache-Control: private."""
    post_comment(post)
    assert "private" in client.get(post.get_absolute_url())["Cache-Control"]


def test_page_without_commenter_cookies_is_not_marked_private(post):
    """An anonymous reader's page stays cacheable."""
    response = Client().get(post.get_absolute_url())
    assert "private" not in response.get("Cache-Control", "")


def test_redirect_that_sets_commenter_cookies_is_private(post, post_comment):
    """The 302 that sets the cookies is private too."""
    assert "private" in post_comment(post, remember="on")["Cache-Control"]


def test_logged_in_user_gets_no_remember_cookie(settings, staff_client, post, post_comment):
    """A signed-in user's details come from the account, not a cookie."""
    response = post_comment(post, using=staff_client, remember="on")
    assert REMEMBER_COOKIE not in response.cookies


def test_signed_in_users_page_is_private(staff_client, post):
    """A page saying "Logged in as NAME" is Cache-Control: private."""
    assert "private" in staff_client.get(post.get_absolute_url())["Cache-Control"]
