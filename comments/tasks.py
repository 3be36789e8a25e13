"""The comments' work that leaves the request: emails and reports to spam services.

Each is a task of django-tasks (the backport of Django 6's django.tasks: moving to
Django 6 is a change of import), enqueued by comments.lifecycle once the change behind
it commits, and run by the worker (`manage.py db_worker`, which `make run` and `make
serve` start). Arguments are ids and the site's address, never objects: a task reads
the comment as it is when it runs.

A send or a report that fails (the mail server or Akismet down) is tried again 1, 2,
4… minutes later, MAX_ATTEMPTS times in all (about 8.5 hours), each failed attempt
kept in the admin (Tasks); the last one stays failed there.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from comments.mail import notifications
from comments.models import Comment
from comments.moderation import checkers

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
Status = Comment.Status


@task()
def comment_posted(comment_id, site, actor_id=None):
    """A new comment: moderators hear of it if it waits, authors if it is approved."""
    comment = _comment(comment_id)
    if comment is None:
        return
    if comment.status == Status.PENDING:
        _ask_moderators(site)
    elif comment.status == Status.APPROVED:
        _send_all(notifications.approved(comment, actor_id), site)


@task()
def comment_held(site):
    """An edit sent an approved comment back to the moderation queue."""
    _ask_moderators(site)


@task()
def comment_moderated(comment_id, previous, status, site, actor_id=None):
    """A moderator moved a comment from `previous` to `status`."""
    comment = _comment(comment_id)
    if comment is None:
        return
    if status == Status.APPROVED:
        _send_all(notifications.approved(comment, actor_id), site)
    kind = "spam" if status == Status.SPAM else "ham"
    if status == Status.SPAM or (previous == Status.SPAM and status != Status.TRASH):
        for path in checkers.learning_checkers(kind):
            report_to_checker.enqueue(kind, comment_id, site, path)


@task()
def moderation_requests(site):
    """Email what waits for moderation, once, to the moderators and post authors."""
    _send_all(notifications.moderation_requests(), site)


@task()
def send_email(kind, address, comment_ids, site, attempt=1):
    email = notifications.Email(kind, address, tuple(comment_ids))
    try:
        notifications.message(email, site).send()
    except Exception:
        again = _again(send_email, attempt, kind, address, comment_ids, site)
        logger.exception(
            "The %s email about comment %s could not be sent%s",
            kind,
            ", ".join(map(str, comment_ids)),
            "; it will be tried again" if again else "",
        )
        raise


@task()
def report_to_checker(kind, comment_id, site, path, attempt=1):
    comment = _comment(comment_id)
    if comment is None:
        return
    try:
        checkers.report(kind, comment, site, path)
    except Exception:
        again = _again(report_to_checker, attempt, kind, comment_id, site, path)
        logger.exception(
            "Spam checker %s failed to take a %s report%s",
            path,
            kind,
            "; it will be tried again" if again else "",
        )
        raise


def _comment(comment_id):
    return Comment.objects.with_target().filter(pk=comment_id).first()


def _send_all(emails, site):
    for email in emails:
        send_email.enqueue(email.kind, email.address, list(email.comment_ids), site)


def _ask_moderators(site):
    """Soon, with what else is held by then (BLOG_MODERATION_BATCH_SECONDS): one email."""
    later = moderation_requests
    delay = settings.BLOG_MODERATION_BATCH_SECONDS
    if delay > 0 and later.get_backend().supports_defer:
        later = later.using(run_after=timezone.now() + timedelta(seconds=delay))
    later.enqueue(site)


def _again(failed_task, attempt, *args):
    """Enqueue the task's next attempt, later and later; False when none is left."""
    if attempt >= MAX_ATTEMPTS or not failed_task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
    failed_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True
