"""A scraped form cannot be replayed, and a burst of spam is refused rather than stored."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.moderation.spam import make_token


def test_a_replayed_form_token_is_spam_after_its_first_comment(
    settings, post, comment_data, django_capture_on_commit_callbacks
):
    """One page's form sent from four addresses: one comment held, three spam, one email."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_MODERATOR_EMAILS = ["mod@example.com"]
    token = make_token(post.pk, timezone.now() - timedelta(minutes=1))
    for n in range(4):
        data = comment_data(post, body=f"Replay number {n}.", email=f"r{n}@example.com")
        data["token"] = token
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                f"/comments/post/{post.pk}/", data
            )
        assert response.status_code == 302
    statuses = list(Comment.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["pending", "spam", "spam", "spam"]
    assert [message.to for message in mail.outbox].count(["mod@example.com"]) == 1


def test_sending_the_same_form_twice_is_still_a_duplicate(post, comment_data):
    """The single-use token does not hide the contract's 409 for a double submission."""
    data = comment_data(post)
    assert Client().post(f"/comments/post/{post.pk}/", data).status_code == 302
    response = Client().post(f"/comments/post/{post.pk}/", data)
    assert response.status_code == 409


def test_a_burst_of_spam_is_refused_not_stored(settings, post, comment_data):
    """Token-less POSTs from one address: the first is stored as spam, the rest get 429."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 15
    answers = []
    for n in range(30):
        data = comment_data(post, body=f"Buy now {n}", email=f"s{n}@example.com", token="")
        answers.append(Client().post(f"/comments/post/{post.pk}/", data).status_code)
    assert answers == [302] + [429] * 29
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 1


def test_a_duplicate_in_other_case_and_spacing_is_still_a_duplicate(post, comment_data):
    """ "Nice post!" and "  NICE   post! " from the same person are one comment: 409."""
    first = comment_data(post, body="Nice post!")
    assert Client().post(f"/comments/post/{post.pk}/", first).status_code == 302
    again = comment_data(post, body="  NICE \n  post! ")
    assert Client().post(f"/comments/post/{post.pk}/", again).status_code == 409
    assert Comment.objects.count() == 1
