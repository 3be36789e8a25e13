"""An upload becomes an import job that the task queue's worker imports; its page says how
it went."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from blog.models import Post
from tests.support.roles import staff_in
from tests.support.wxr_files import counts, export, item, upload
from wordpress import tasks
from wordpress.models import ImportJob

URL = reverse("admin:wordpress_import")
EXPORT = export(item(11, "First"), item(12, "Second"))
NOT_AN_EXPORT = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>'
)
NOT_AN_EXPORT_ERROR = (
    "This is not a WordPress export: it has no wp:wxr_version (export it from WordPress "
    "under Tools → Export). Nothing was imported."
)
REFRESH = '<meta http-equiv="refresh" content="3">'
Status = ImportJob.Status


def job_url(job):
    return reverse("admin:wordpress_import_job", args=[job.pk])


def post_upload(client, text=EXPORT, **fields):
    return client.post(URL, {"file": upload(text), **fields})


def work():
    """Run the worker over everything that is due, as the real process does, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


@pytest.mark.usefixtures("database_queue")
def test_upload_waits_for_the_worker(admin_client):
    """The upload answers 302 to its job page and imports nothing; the worker does, and the
    page then shows the summary."""
    response = post_upload(admin_client)
    job = ImportJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, job_url(job))
    assert job.status == Status.QUEUED
    assert not Post.objects.exists()
    waiting = admin_client.get(job_url(job))
    assert REFRESH in waiting.text
    assert "The import is queued" in waiting.text
    assert 'id="wordpress-import-summary"' not in waiting.text
    work()
    done = admin_client.get(job_url(job))
    assert done.context["job"].status == Status.DONE
    assert 'id="wordpress-import-summary"' in done.text
    assert REFRESH not in done.text
    assert counts(done, "posts")["created"] == 2
    assert set(Post.objects.values_list("title", flat=True)) == {"First", "Second"}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.usefixtures("database_queue")
@pytest.mark.parametrize("text, status", [(EXPORT, Status.DONE), (NOT_AN_EXPORT, Status.FAILED)])
def test_finished_job_keeps_no_bytes(admin_client, text, status):
    """The file is kept until the worker imported it, done or failed, and no longer."""
    post_upload(admin_client, text)
    assert bytes(ImportJob.objects.get().data) == text.encode()
    work()
    job = ImportJob.objects.get()
    assert (job.status, bytes(job.data)) == (status, b"")
    assert job.finished_at is not None


@pytest.mark.usefixtures("database_queue")
def test_failed_import_shows_its_error(admin_client):
    """A file that is XML but no export fails its job, whose page gives the reason."""
    post_upload(admin_client, NOT_AN_EXPORT)
    work()
    job = ImportJob.objects.get()
    assert (job.status, job.error, job.summary) == (Status.FAILED, NOT_AN_EXPORT_ERROR, None)
    page = admin_client.get(job_url(job))
    assert f'<p class="errornote">{escape(NOT_AN_EXPORT_ERROR)}</p>' in page.text
    assert REFRESH not in page.text
    assert not Post.objects.exists()


@pytest.mark.usefixtures("database_queue")
def test_unexpected_error_fails_the_job_and_its_task(admin_client, monkeypatch, caplog):
    """An error that is not the file's fails the job (never left running), is logged and
    fails the task, whose result the admin lists. (The error is injected: no real file
    causes one.)"""

    def broken(source, *, dry_run):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tasks, "import_wxr", broken)
    post_upload(admin_client)
    work()
    job = ImportJob.objects.get()
    assert (job.status, job.error, bytes(job.data)) == (Status.FAILED, tasks.UNEXPECTED, b"")
    assert f"WordPress import job {job.pk} failed" in caplog.text
    assert "disk on fire" in caplog.text
    assert DBTaskResult.objects.get().status == "FAILED"
    assert escape(tasks.UNEXPECTED) in admin_client.get(job_url(job)).text


@pytest.mark.usefixtures("database_queue")
def test_dry_run_says_so_and_saves_nothing(admin_client):
    """A dry run through the worker shows what would be imported, says so, and saves nothing."""
    post_upload(admin_client, dry_run="on")
    work()
    job = ImportJob.objects.get()
    assert (job.status, job.summary["dry_run"]) == (Status.DONE, True)
    page = admin_client.get(job_url(job))
    assert counts(page, "posts")["created"] == 2
    assert "Summary (dry run: nothing was saved)" in page.text
    assert "Dry run: nothing was saved." in page.text
    assert not Post.objects.exists()


def test_job_is_imported_once(admin_client):
    """Running a finished job's task again changes nothing."""
    post_upload(admin_client)
    job = ImportJob.objects.get()
    tasks.run_import.enqueue(job.pk)
    again = ImportJob.objects.get()
    assert (again.status, again.finished_at, again.summary) == (
        Status.DONE,
        job.finished_at,
        job.summary,
    )
    assert Post.objects.count() == 2


@pytest.mark.parametrize("role", ["Author", "Moderator"])
def test_job_page_needs_the_import_permission(admin_client, client, role):
    """Staff who may not import get a 403 on a job page."""
    post_upload(admin_client)
    client.force_login(staff_in(role))
    assert client.get(job_url(ImportJob.objects.get())).status_code == 403


def test_any_importer_sees_every_job(admin_client, client):
    """An Editor sees the job page of an import someone else uploaded."""
    post_upload(admin_client)
    client.force_login(staff_in("Editor"))
    page = client.get(job_url(ImportJob.objects.get()))
    assert page.status_code == 200
    assert counts(page, "posts")["created"] == 2


def test_missing_job_is_a_404(client, db):
    """A job that does not exist is a 404."""
    client.force_login(staff_in("Editor"))
    assert client.get(reverse("admin:wordpress_import_job", args=[999])).status_code == 404


def test_upload_page_lists_the_last_jobs(admin_client):
    """The upload page links to the last five jobs, newest first, with their status."""
    for n in range(6):
        post_upload(admin_client, EXPORT if n % 2 else NOT_AN_EXPORT)
    page = admin_client.get(URL)
    listed = list(page.context["jobs"])
    assert listed == list(ImportJob.objects.all()[:5])
    for job in listed:
        assert f'<a href="{job_url(job)}">' in page.text
    assert f'<a href="{job_url(ImportJob.objects.last())}">' not in page.text
    assert "<td>Done</td>" in page.text
    assert "<td>Failed</td>" in page.text


def test_pages_read_no_file_bytes_and_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    """Neither page loads a job's file; their query counts do not grow with the jobs (at
    most 3: the session, the user, the jobs; with Redis the session may come from it)."""
    ImportJob.objects.bulk_create(
        ImportJob(file_name=f"{n}.xml", data=b"<rss/>" * 1000) for n in range(6)
    )
    job = ImportJob.objects.first()
    with CaptureQueriesContext(connection) as queries:
        with django_assert_max_num_queries(3):
            assert admin_client.get(URL).status_code == 200
        with django_assert_max_num_queries(3):
            assert admin_client.get(job_url(job)).status_code == 200
    job_queries = [q["sql"] for q in queries if "wordpress_importjob" in q["sql"]]
    assert len(job_queries) == 2
    assert not any('"wordpress_importjob"."data"' in sql for sql in job_queries)
