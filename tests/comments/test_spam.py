"""Spam defence without outside services: honeypot, signed form token, word lists."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from comments.models import Comment
from comments.moderation import spam
from tests.support.comment_pages import all_tags

pytestmark = pytest.mark.usefixtures("open_moderation")

AWAITING = "Your comment is awaiting moderation."


@pytest.fixture(autouse=True)
def three_second_forms(settings):
    """A form must be three seconds old, whatever the environment says: the tests count on it."""
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 3


def token_made(post, seconds_ago):
    return spam.make_token(post.pk, timezone.now() - timedelta(seconds=seconds_ago))


def test_filled_honeypot_is_stored_as_spam(post, post_comment):
    """A filled honeypot stores the comment as spam."""
    post_comment(post, topic="Buy now")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_spam_gets_the_same_redirect_as_a_pending_comment(post, post_comment):
    """The spammer gets a 302 to the comment, as any held comment does."""
    response = post_comment(post, topic="Buy now")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"


def test_spam_is_shown_to_its_poster_as_awaiting_moderation(client, post, post_comment):
    """The poster of a spam comment sees it as awaiting moderation."""
    response = post_comment(post, topic="Buy now", body="Cheap pills")
    page = client.get(response["Location"])
    assert "Cheap pills" in page.text
    assert AWAITING in page.text


def test_spam_is_not_shown_to_anyone_else(client, post, post_comment):
    """Nobody else sees a spam comment."""
    post_comment(post, topic="Buy now", body="Cheap pills")
    client.cookies.clear()
    assert "Cheap pills" not in client.get(post.get_absolute_url()).text


def test_form_sent_too_fast_is_spam(post, post_comment):
    """A form sent back sooner than BLOG_COMMENT_MIN_FORM_SECONDS is spam."""
    post_comment(post, token=token_made(post, 1))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_form_sent_after_the_minimum_is_accepted(post, post_comment):
    """A form sent back after BLOG_COMMENT_MIN_FORM_SECONDS is a normal comment."""
    post_comment(post, token=token_made(post, 4))
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_form_rendered_before_the_upgrade_is_still_accepted(post, post_comment):
    """A token signed as JSON, as releases before 2026-12 made them, is still good."""
    at = int((timezone.now() - timedelta(minutes=1)).timestamp())
    old = signing.dumps({"post": post.pk, "at": at, "n": "earlier"}, salt=spam.TOKEN_SALT)
    post_comment(post, token=old)
    assert Comment.objects.get().status == Comment.Status.APPROVED
    post_comment(post, token=old, body="The same form again")
    assert Comment.objects.get(body="The same form again").status == Comment.Status.SPAM


def test_a_form_signed_by_djangos_own_signer_is_accepted(post, post_comment):
    """The site's tokens are Django's Signer's, byte for byte: a form from a page kept
    before this release (signed by django.core.signing.Signer itself) is still good."""
    at = int((timezone.now() - timedelta(minutes=1)).timestamp())
    django_signer = signing.Signer(salt=spam.TOKEN_SALT)
    token = django_signer.sign(f"post.{post.pk}.{at}.earlier")
    assert spam.signer().sign(f"post.{post.pk}.{at}.earlier") == token
    post_comment(post, token=token)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_form_signed_before_a_key_rotation_is_accepted(settings, post, post_comment):
    """A token signed with the previous SECRET_KEY, now in SECRET_KEY_FALLBACKS, is good;
    one signed with a key the site never had is spam."""
    at = int((timezone.now() - timedelta(minutes=1)).timestamp())
    old_key = settings.SECRET_KEY
    value = f"post.{post.pk}.{at}.rotated"
    token = signing.Signer(key=old_key, salt=spam.TOKEN_SALT).sign(value)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "x" * 40, [old_key]
    post_comment(post, token=token)
    assert Comment.objects.get().status == Comment.Status.APPROVED
    stranger = signing.Signer(key="never-this-site-" + "y" * 40, salt=spam.TOKEN_SALT)
    post_comment(post, token=stranger.sign(f"post.{post.pk}.{at}.other"), body="Another")
    assert Comment.objects.get(body="Another").status == Comment.Status.SPAM


@pytest.mark.parametrize(
    "value",
    [
        "post.1",
        "post.x.0.n",
        "page.{pk}.0.n",
        "post.{pk}.soon.n",
        "post.{pk}.0.n.more",
        "p.{pk}.0.n",
    ],
)
def test_a_signed_string_of_another_shape_is_bad(post, value):
    """Only "post.<id>.<time>.<nonce>" (or page) signed with the form salt is a token."""
    token = spam.signer().sign(value.format(pk=post.pk))
    assert spam.check_token(token, post.pk) is spam.TokenState.BAD


def test_minimum_form_time_off_at_zero(settings, post, post_comment):
    """BLOG_COMMENT_MIN_FORM_SECONDS = 0 switches the timing check off."""
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    post_comment(post, token=spam.make_token(post.pk))
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_token_from_the_rendered_form_is_timed_by_a_frozen_clock(
    client, monkeypatch, post, comment_data
):
    """The token the page renders is accepted once the clock has moved past the minimum."""
    page = client.get(post.get_absolute_url())
    token = page.text.split('name="token" value="', 1)[1].split('"', 1)[0]
    later = timezone.now() + timedelta(seconds=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.post(f"/comments/post/{post.pk}/", comment_data(post, token=token))
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_tampered_token_is_spam(post, post_comment):
    """A token whose signature does not match is spam."""
    token = token_made(post, 60)
    post_comment(post, token=token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_missing_token_is_spam(post, post_comment):
    """A comment without the form token is spam."""
    post_comment(post, token="")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_token_of_another_post_is_spam(make_post, post, post_comment):
    """A token rendered for another post does not stand in for this one."""
    other = make_post()
    old = timezone.now() - timedelta(minutes=1)
    post_comment(post, token=spam.make_token(other.pk, old))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_token_signed_with_another_salt_is_spam(post, post_comment):
    """Another signature of this site (another salt) is not a form token."""
    at = int((timezone.now() - timedelta(minutes=1)).timestamp())
    post_comment(post, token=signing.dumps({"post": post.pk, "at": at}))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_expired_token_answers_400_and_keeps_the_text(post, post_comment):
    """A token older than two hours asks to post again (400), keeping the text."""
    response = post_comment(post, token=token_made(post, 2 * 3600 + 5), body="Long thought")
    assert response.status_code == 400
    assert "This form has expired; please post again." in response.text
    assert "Long thought</textarea>" in response.text
    assert not Comment.objects.exists()


def test_expired_form_comes_back_with_a_fresh_token(post, post_comment):
    """The form shown again carries a new token that is accepted."""
    response = post_comment(post, token=token_made(post, 3 * 3600))
    token = response.text.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert spam.check_token(token, post.pk, timezone.now() + timedelta(seconds=5)) is (
        spam.TokenState.VALID
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Viagra Vendor"),
        ("email", "viagra@example.com"),
        ("url", "https://viagra.example.com/"),
        ("body", "Try VIAGRA today"),
    ],
)
def test_disallowed_word_in_a_field_is_spam(settings, post, post_comment, field, value):
    """A BLOG_DISALLOWED_WORDS word anywhere in the comment, any case, marks it spam."""
    settings.BLOG_DISALLOWED_WORDS = ["viagra"]
    post_comment(post, **{field: value})
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_disallowed_word_in_the_user_agent_is_spam(settings, client, post, comment_data):
    """The user agent is searched for disallowed words too."""
    settings.BLOG_DISALLOWED_WORDS = ["evilbot"]
    client.post(f"/comments/post/{post.pk}/", comment_data(post), HTTP_USER_AGENT="EvilBot/2.0")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_disallowed_ip_is_spam(settings, client, post, comment_data):
    """An IP address in BLOG_DISALLOWED_WORDS marks the comment spam."""
    settings.BLOG_DISALLOWED_WORDS = ["198.51.100.7"]
    client.post(f"/comments/post/{post.pk}/", comment_data(post), REMOTE_ADDR="198.51.100.7")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_spam_check_comes_before_the_duplicate_check(make_comment, post, post_comment):
    """Spam is stored as spam even when it repeats an earlier comment."""
    make_comment(post, email="grace@example.com", body="Again")
    response = post_comment(post, body="Again", topic="filled")
    assert response.status_code == 302
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 1


def test_honeypot_is_rendered_for_humans_to_skip(client, post):
    """The honeypot is labelled to be left empty, out of tab order, without autofill."""
    page = client.get(post.get_absolute_url()).text
    tags = all_tags(page)
    assert ("label", [("for", "id_topic"), ("class", "form-label")]) in tags
    assert "Leave this field empty" in page
    honeypot = next(dict(attrs) for tag, attrs in tags if dict(attrs).get("name") == "topic")
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    assert "hp-field" in honeypot["class"]
    assert 'class="mb-3 hp-field"' in page


@pytest.mark.parametrize(
    "payload",
    [[1, 2], "text", {"post": "1"}, {"at": 0}, {"post": 1, "at": "soon"}, None],
)
def test_token_with_a_wrong_payload_is_bad(post, payload):
    """Signed payloads of the wrong shape are bad tokens, never an error."""
    token = signing.dumps(payload, salt=spam.TOKEN_SALT)
    assert spam.check_token(token, post.pk) is spam.TokenState.BAD
