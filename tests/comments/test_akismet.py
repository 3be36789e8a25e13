"""The Akismet checker against a local server that speaks Akismet's protocol."""

import socket
from datetime import timedelta

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.support.akismet_server import AkismetServer

pytestmark = pytest.mark.usefixtures("open_moderation")


@pytest.fixture
def akismet_server(settings):
    """A running Akismet stand-in, and the settings that send the site's checks to it."""
    server = AkismetServer().start()
    settings.AKISMET_API_KEY = server.key
    settings.AKISMET_API_URL = server.url
    settings.BLOG_SPAM_CHECKERS = []
    yield server
    server.stop()


def posted_status(post_comment, post, **fields):
    response = post_comment(post, **fields)
    assert response.status_code == 302
    return Comment.objects.latest().status


def test_ham_is_approved(akismet_server, post, post_comment):
    """Akismet answering "false" lets the comment through."""
    assert posted_status(post_comment, post) == "approved"
    assert akismet_server.endpoints() == ["comment-check"]


def test_spam_is_stored_as_spam(akismet_server, post, post_comment):
    """Akismet answering "true" stores the comment as spam, with the usual 302."""
    assert posted_status(post_comment, post, body="Buy viagra here") == "spam"


def test_the_check_sends_what_akismet_needs(akismet_server, client, post, comment_data):
    """Key, blog, IP, user agent, referrer, permalink, type, author and content are sent."""
    data = comment_data(post, url="https://grace.example.com/", body="Hello there")
    client.post(
        f"/comments/post/{post.pk}/",
        data,
        HTTP_USER_AGENT="TestBrowser/1.0",
        HTTP_REFERER="http://testserver/",
    )
    _, fields = akismet_server.requests[0]
    assert fields["api_key"] == akismet_server.key
    assert fields["blog"] == "http://testserver/"
    assert fields["user_ip"] == "127.0.0.1"
    assert fields["user_agent"] == "TestBrowser/1.0"
    assert fields["referrer"] == "http://testserver/"
    assert fields["permalink"] == f"http://testserver{post.get_absolute_url()}"
    assert fields["comment_type"] == "comment"
    assert fields["comment_author"] == "Grace"
    assert fields["comment_author_email"] == "grace@example.com"
    assert fields["comment_author_url"] == "https://grace.example.com/"
    assert fields["comment_content"] == "Hello there"


def test_blog_url_comes_from_blog_site_url(settings, akismet_server, post, post_comment):
    """With BLOG_SITE_URL set, it is the blog Akismet is told about."""
    settings.BLOG_SITE_URL = "https://blog.example.com"
    post_comment(post)
    fields = akismet_server.requests[0][1]
    assert fields["blog"] == "https://blog.example.com/"
    assert fields["permalink"] == f"https://blog.example.com{post.get_absolute_url()}"


def test_checker_is_off_without_a_key(settings, akismet_server, post, post_comment):
    """Without AKISMET_API_KEY nothing is sent."""
    settings.AKISMET_API_KEY = ""
    assert posted_status(post_comment, post, body="viagra") == "approved"
    assert akismet_server.requests == []


def test_built_in_spam_is_not_sent_to_akismet(akismet_server, post, post_comment):
    """A comment the honeypot caught costs no Akismet request."""
    assert posted_status(post_comment, post, topic="bot") == "spam"
    assert akismet_server.requests == []


def test_server_down_fails_open(settings, caplog, post, post_comment):
    """Nothing listening at AKISMET_API_URL: the comment is approved and the failure logged."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.AKISMET_API_KEY = "some-key"
    settings.AKISMET_API_URL = f"http://127.0.0.1:{port}"
    assert posted_status(post_comment, post, body="viagra") == "approved"
    assert "Akismet could not check a comment" in caplog.text


@pytest.mark.parametrize(
    "answer",
    [(500, "Internal Server Error"), (503, ""), (200, "maybe"), (200, "<html>hotel wifi</html>")],
)
def test_error_or_protocol_violation_fails_open(akismet_server, caplog, post, post_comment, answer):
    """An HTTP error or an answer outside the protocol lets the comment through, logged."""
    akismet_server.answer = answer
    assert posted_status(post_comment, post, body="viagra") == "approved"
    assert "Akismet could not check a comment" in caplog.text


def test_rejected_key_fails_open(settings, akismet_server, caplog, post, post_comment):
    """A key Akismet answers "invalid" to is logged; comments go on."""
    settings.AKISMET_API_KEY = "wrong-key"
    assert posted_status(post_comment, post, body="viagra") == "approved"
    assert "Akismet could not check a comment" in caplog.text


def test_slow_service_times_out_and_fails_open(
    settings, akismet_server, caplog, post, post_comment
):
    """Akismet slower than AKISMET_TIMEOUT: the comment goes on without waiting for it."""
    settings.AKISMET_TIMEOUT = 0.2
    akismet_server.hang = True
    assert posted_status(post_comment, post, body="viagra") == "approved"
    assert "Akismet could not check a comment" in caplog.text


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def act(client, action, comments):
    return client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_mark_spam_submits_spam(
    akismet_server, moderator_client, make_comment, post, django_capture_on_commit_callbacks
):
    """The admin's "mark as spam" sends the comment to submit-spam after the commit."""
    comment = make_comment(
        post, body="Sneaky ad", ip_address="203.0.113.9", user_agent="SpamBot/1.0"
    )
    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, "mark_spam", [comment])
    assert akismet_server.endpoints() == ["submit-spam"]
    fields = akismet_server.requests[0][1]
    assert fields["comment_content"] == "Sneaky ad"
    assert fields["user_ip"] == "203.0.113.9"
    assert fields["user_agent"] == "SpamBot/1.0"
    assert fields["comment_author"] == "Reader"


def test_approving_spam_submits_ham(
    akismet_server, moderator_client, make_comment, post, django_capture_on_commit_callbacks
):
    """Approving a comment held as spam tells Akismet it was not spam."""
    comment = make_comment(post, status="spam", body="A real comment", ip_address="198.51.100.7")
    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, "approve", [comment])
    assert akismet_server.endpoints() == ["submit-ham"]
    assert akismet_server.requests[0][1]["comment_content"] == "A real comment"


def test_approving_pending_or_trashing_spam_sends_nothing(
    akismet_server, moderator_client, make_comment, post, django_capture_on_commit_callbacks
):
    """Only moderators' spam/not-spam verdicts are reported."""
    pending = make_comment(post, status="pending")
    spam = make_comment(post, status="spam")
    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, "approve", [pending])
        act(moderator_client, "trash", [spam])
    assert akismet_server.requests == []


def test_reports_are_sent_only_after_the_commit(
    akismet_server, moderator_client, make_comment, post, django_capture_on_commit_callbacks
):
    """Until the status change commits, Akismet hears nothing."""
    comment = make_comment(post)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        act(moderator_client, "mark_spam", [comment])
    assert akismet_server.requests == []
    assert callbacks


def test_failed_report_is_logged_and_the_action_done(
    akismet_server, moderator_client, make_comment, post, caplog, django_capture_on_commit_callbacks
):
    """Akismet failing a report keeps the moderator's change and says so in the log."""
    akismet_server.answer = (500, "down")
    comment = make_comment(post)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(moderator_client, "mark_spam", [comment])
    assert response.status_code == 200
    assert "1 comment marked as spam." in response.text
    assert Comment.objects.get(pk=comment.pk).status == "spam"
    assert "Spam checker comments.moderation.akismet.Akismet failed to take a spam report" in (
        caplog.text
    )


def test_an_edit_is_checked_again_as_a_recheck(
    akismet_server, clock, client, make_post, post_comment
):
    """An edited comment goes to comment-check again, marked recheck_reason=edit."""
    post = make_post(published_at=clock.now - timedelta(days=1))
    post_comment(post, body="Innocent")
    comment = Comment.objects.latest()
    client.post(f"/comments/edit/{comment.pk}/", {"body": "Now buy viagra"})
    assert akismet_server.endpoints() == ["comment-check", "comment-check"]
    first, second = (fields for _, fields in akismet_server.requests)
    assert "recheck_reason" not in first
    assert second["recheck_reason"] == "edit"
    assert Comment.objects.get(pk=comment.pk).status == "spam"
