"""The real queue: emails wait in the database until `manage.py db_worker` sends them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.usefixtures("database_queue")


@pytest.fixture
def database_queue(settings, transactional_db):
    """The real queue; committed data, as the worker closes connections between tasks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    settings.BLOG_MODERATOR_EMAILS = ["mod@example.com"]
    settings.BLOG_MODERATION_BATCH_SECONDS = 0


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def work():
    """Run the worker over everything that is due, as the real process does, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def to_moderators(mailoutbox):
    return [message for message in mailoutbox if message.to == ["mod@example.com"]]


def test_the_post_sends_nothing_itself(commit, post, post_comment, mailoutbox):
    """The comment POST only enqueues: the email is in the queue, not in the outbox."""
    with commit():
        assert post_comment(post).status_code == 302
    assert mailoutbox == []
    assert DBTaskResult.objects.ready().count() == 1


def test_the_worker_sends_the_moderation_email(commit, post, post_comment, mailoutbox):
    """Once the worker runs, the moderators hear of the held comment."""
    with commit():
        post_comment(post, body="Please let me in.")
    work()
    [message] = to_moderators(mailoutbox)
    assert "Please moderate" in message.subject
    assert "Please let me in." in message.body


def test_a_burst_of_held_comments_is_one_email(commit, post, post_comment, mailoutbox):
    """Five comments held before the worker runs reach each moderator in one email."""
    for n in range(5):
        with commit():
            post_comment(post, body=f"Burst comment {n}.", email=f"b{n}@example.com")
    work()
    [message] = to_moderators(mailoutbox)
    assert "5 new comments" in message.subject
    assert all(f"Burst comment {n}." in message.body for n in range(5))


def test_a_mail_server_down_for_an_hour_loses_nothing(
    settings, commit, post, post_comment, mailoutbox
):
    """A failed send stays failed in the queue and is tried again later, until it goes out."""
    settings.EMAIL_BACKEND = "tests.support.mail_backends.FailingEmailBackend"
    with commit():
        post_comment(post, body="Sent despite the outage.")
    work()
    assert DBTaskResult.objects.failed().exists()
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.exists()
    assert all(retry.run_after > timezone.now() for retry in retries)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retries.update(run_after=timezone.now() - timedelta(minutes=1))
    work()
    assert any("Sent despite the outage." in m.body for m in to_moderators(mailoutbox))


def test_failed_tasks_are_listed_in_the_admin(settings, admin_client, commit, post, post_comment):
    """A moderator sees what could not be sent, with its error, in the admin."""
    settings.EMAIL_BACKEND = "tests.support.mail_backends.FailingEmailBackend"
    with commit():
        post_comment(post)
    work()
    page = admin_client.get(
        "/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"}
    )
    assert page.status_code == 200
    assert "send_email" in page.text
