"""The admin upload's import, run by the task queue's worker rather than in the request.

`run_import` is a task of django-tasks (the backport of Django 6's django.tasks),
enqueued by wordpress.views with the ImportJob's id, and run by `manage.py db_worker`
(which `make run` and `make serve` start). The command `manage.py import_wxr` does
not use it: it imports in the foreground.
"""

import io
import logging

from django.utils import timezone
from django_tasks import task

from wordpress.importing.importer import WXRError, import_wxr
from wordpress.models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status
UNEXPECTED = (
    "The import stopped on an unexpected error, logged on the server. Nothing was imported."
)


@task()
def run_import(job_id):
    """Import the job's file and keep the outcome; the file's bytes go either way."""
    started = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED)
    if not started.update(status=Status.RUNNING):
        return  # deleted, or already taken: a job is imported once
    try:
        data, dry_run = ImportJob.objects.values_list("data", "dry_run").get(pk=job_id)
        summary = import_wxr(io.BytesIO(data), dry_run=dry_run)
    except WXRError as error:
        _finish(job_id, Status.FAILED, error=f"{error} Nothing was imported.")
    except BaseException:  # an interrupted worker too: no job is left "running"
        logger.exception("WordPress import job %s failed", job_id)
        _finish(job_id, Status.FAILED, error=UNEXPECTED)
        raise  # the task's result shows FAILED, with the traceback, in the admin
    else:
        _finish(job_id, Status.DONE, summary=summary.as_json())


def _finish(job_id, status, **outcome):
    ImportJob.objects.filter(pk=job_id).update(
        status=status, data=b"", finished_at=timezone.now(), **outcome
    )
