"""The answers to a comment POST, row by row of the table in PRODUCT.md."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.support.comment_pages import form_token

pytestmark = pytest.mark.usefixtures("open_moderation")

DUPLICATE = "Duplicate comment detected; it looks as though you&#x27;ve already said that!"


def test_accepted_comment_redirects_to_its_permalink(post, post_comment):
    """An accepted comment answers 302 to the permalink with #comment-<id>."""
    response = post_comment(post)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"


def test_accepted_comment_is_shown_on_the_post(client, post, post_comment):
    """After the redirect the comment is on the post page."""
    post_comment(post, body="Plants like light.")
    response = client.get(post.get_absolute_url())
    comment = Comment.objects.get()
    assert f'id="comment-{comment.pk}"' in response.text
    assert "Plants like light." in response.text


def test_pending_comment_also_redirects_to_its_permalink(settings, post, post_comment):
    """A comment held for moderation gets the same 302."""
    settings.BLOG_COMMENT_MODERATION = "all"
    response = post_comment(post)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_comment_on_a_later_page_redirects_with_cpage(settings, post, make_comment, post_comment):
    """A new thread beyond the first comment page redirects to ?cpage=N."""
    settings.BLOG_COMMENTS_PER_PAGE = 2
    for _ in range(2):
        make_comment(post)
    response = post_comment(post)
    comment = Comment.objects.latest()
    assert response["Location"] == f"{post.get_absolute_url()}?cpage=2#comment-{comment.pk}"


def test_invalid_fields_answer_400_with_the_input_kept(post, post_comment):
    """Invalid fields answer 400 with the typed text still in the form."""
    response = post_comment(post, name="", body="Words worth keeping")
    assert response.status_code == 400
    assert "Words worth keeping</textarea>" in response.text
    assert not Comment.objects.exists()


def test_invalid_fields_show_each_error_beside_its_field(post, post_comment):
    """Each error is rendered next to its own input."""
    response = post_comment(post, name="", email="not-an-email")
    assert 'id="id_name_error"' in response.text
    assert 'id="id_email_error"' in response.text
    assert 'aria-describedby="comment-notes id_email_error"' in response.text


def test_invalid_fields_show_an_error_summary_linking_to_fields(post, post_comment):
    """The 400 page starts the form with an error summary linking to each field."""
    response = post_comment(post, name="", email="not-an-email")
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in response.text
    assert 'href="#id_name"' in summary
    assert 'href="#id_email"' in summary


def test_invalid_fields_render_the_post_page(post, post_comment):
    """The 400 answer is the post's own page, in the site's layout."""
    response = post_comment(post, name="")
    assert '<h1 class="post-title">Tomatoes</h1>' in response.text
    assert 'id="respond"' in response.text
    assert "private" in response["Cache-Control"]


def test_closed_post_answers_403(make_post, post_comment):
    """A post with comments switched off answers 403 with a clear page."""
    post = make_post(comments_open=False)
    response = post_comment(post)
    assert response.status_code == 403
    assert "Sorry, comments are closed for this item." in response.text
    assert f'href="{post.get_absolute_url()}#comments"' in response.text


def test_old_post_closes_after_the_configured_days(settings, make_post, post_comment):
    """BLOG_COMMENTS_CLOSE_AFTER_DAYS closes comments on older posts."""
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 30
    post = make_post(published_at=timezone.now() - timedelta(days=31))
    assert post_comment(post).status_code == 403


def test_recent_post_stays_open_with_close_after_days(settings, make_post, post_comment):
    """A post younger than BLOG_COMMENTS_CLOSE_AFTER_DAYS still takes comments."""
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 30
    post = make_post(published_at=timezone.now() - timedelta(days=29))
    assert post_comment(post).status_code == 302


def test_post_not_public_answers_403_without_naming_it(make_post, post_comment, not_public):
    """Drafts, private and scheduled posts refuse comments and do not reveal themselves."""
    post = make_post(title="Secret plans", **not_public)
    response = post_comment(post)
    assert response.status_code == 403
    assert "Sorry, comments are closed for this item." in response.text
    assert "Secret plans" not in response.text


def test_unknown_post_answers_404(db, client, comment_data, make_post):
    """A post id that does not exist answers 404."""
    post = make_post()
    response = client.post("/comments/post/999999/", comment_data(post))
    assert response.status_code == 404


def test_duplicate_by_the_same_email_answers_409(post, post_comment):
    """The same email saying the same thing twice answers 409."""
    post_comment(post, name="Grace", body="Same words.")
    response = post_comment(post, name="G. Hopper", body="Same words.")
    assert response.status_code == 409
    assert DUPLICATE in response.text
    assert Comment.objects.count() == 1


def test_duplicate_by_the_same_name_answers_409(post, post_comment):
    """The same name saying the same thing twice answers 409, whatever the email."""
    post_comment(post, email="one@example.com", body="Same words.")
    response = post_comment(post, email="two@example.com", body="Same words.")
    assert response.status_code == 409


def test_duplicate_of_a_pending_comment_answers_409(make_comment, post, post_comment):
    """Duplicates count whatever the earlier comment's status (pending here)."""
    make_comment(post, email="grace@example.com", body="Once.", status=Comment.Status.PENDING)
    assert post_comment(post, body="Once.").status_code == 409


def test_same_text_after_trash_is_accepted(make_comment, post, post_comment):
    """A trashed comment does not make the same text a duplicate."""
    make_comment(post, email="grace@example.com", body="Again.", status=Comment.Status.TRASH)
    assert post_comment(post, body="Again.").status_code == 302


def test_same_text_on_another_post_is_accepted(make_post, make_comment, post, post_comment):
    """Duplicates are per post."""
    make_comment(make_post(), email="grace@example.com", body="Portable.")
    assert post_comment(post, body="Portable.").status_code == 302


def test_flood_from_the_same_ip_answers_429(settings, make_comment, post, post_comment):
    """A comment soon after the last one from the same IP answers 429 with Retry-After."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    make_comment(post, email="other@example.com", ip_address="127.0.0.1")
    response = post_comment(post)
    assert response.status_code == 429
    assert "You are posting comments too quickly. Slow down." in response.text
    assert 1 <= int(response["Retry-After"]) <= 15


def test_flood_from_the_same_email_answers_429(settings, make_comment, post, post_comment):
    """A comment soon after the last one from the same email answers 429, whatever the IP."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    make_comment(post, email="grace@example.com", ip_address="203.0.113.9")
    assert post_comment(post).status_code == 429


def test_flood_counts_an_ipv6_64_as_one_address(settings, make_comment, post, comment_data):
    """Another address of the same IPv6 /64 is the same commenter to the flood check."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    make_comment(post, email="other@example.com", ip_address="2001:db8:5:6::1")
    data = comment_data(post)
    neighbour = Client(REMOTE_ADDR="2001:db8:5:6:ffff::2").post(f"/comments/post/{post.pk}/", data)
    assert neighbour.status_code == 429
    elsewhere = Client(REMOTE_ADDR="2001:db8:5:7::2").post(f"/comments/post/{post.pk}/", data)
    assert elsewhere.status_code == 302


def test_flood_window_passes(settings, monkeypatch, make_comment, post, post_comment):
    """Once BLOG_COMMENT_FLOOD_SECONDS have passed the next comment is accepted."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    make_comment(post, ip_address="127.0.0.1")
    later = timezone.now() + timedelta(seconds=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert post_comment(post).status_code == 302


def test_flood_check_off_at_zero(settings, make_comment, post, post_comment):
    """BLOG_COMMENT_FLOOD_SECONDS = 0 switches the flood check off."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    make_comment(post, email="grace@example.com", ip_address="127.0.0.1")
    assert post_comment(post).status_code == 302


def test_staff_are_exempt_from_the_flood_check(
    settings, staff_client, make_comment, post, post_comment
):
    """Staff may comment in quick succession."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    make_comment(post, ip_address="127.0.0.1")
    assert post_comment(post, using=staff_client).status_code == 302


def test_get_answers_405(client, post):
    """The comment URL takes POST only."""
    assert client.get(f"/comments/post/{post.pk}/").status_code == 405


def test_missing_csrf_token_answers_403(post, comment_data, csrf_client):
    """A POST without the CSRF token is refused."""
    response = csrf_client.post(f"/comments/post/{post.pk}/", comment_data(post))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_form_with_csrf_token_from_the_page_is_accepted(post, comment_data, csrf_client):
    """A browser posting the form as rendered (CSRF cookie and token) is accepted."""
    csrf = form_token(csrf_client.get(post.get_absolute_url()))
    data = comment_data(post, csrfmiddlewaretoken=csrf)
    assert csrf_client.post(f"/comments/post/{post.pk}/", data).status_code == 302


def test_approved_comment_updates_the_post_count(post, post_comment):
    """The post's stored comment_count follows approved comments."""
    post_comment(post)
    post.refresh_from_db()
    assert post.comment_count == 1


def test_pending_comment_leaves_the_post_count(settings, post, post_comment):
    """A pending comment is not counted."""
    settings.BLOG_COMMENT_MODERATION = "all"
    post_comment(post)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_comment_keeps_ip_and_user_agent(post, post_comment):
    """The client's IP and user agent are stored for moderation."""
    post_comment(post)
    comment = Comment.objects.get()
    assert comment.ip_address == "127.0.0.1"
    assert comment.user_agent == ""


def test_refusal_pages_use_the_site_layout(make_post, post_comment):
    """403/409/429 pages extend the site's base template."""
    response = post_comment(make_post(comments_open=False))
    assert 'class="site-header"' in response.text
    assert "<h1>Your comment was not posted</h1>" in response.text
