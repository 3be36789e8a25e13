"""The admin pages of the WordPress import: the upload, which queues an ImportJob, and
the job's page, which shows how it went (the worker imports it: wordpress.tasks)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from wordpress.forms import ImportForm, max_upload_bytes, too_large_message
from wordpress.models import ImportJob
from wordpress.tasks import run_import

# Room for the multipart framing and the other fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
RECENT_JOBS = 5


def _jobs():
    """Jobs without their file's bytes (up to 50 MB each until imported)."""
    return ImportJob.objects.defer("data").select_related("uploaded_by")


def _render(request, model_admin, template, status=200, **context):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **context,
    }
    return TemplateResponse(request, f"admin/wordpress/{template}", context, status=status)


def _render_form(request, model_admin, form, status=200, error=""):
    return _render(
        request,
        model_admin,
        "import.html",
        status,
        title="Import from WordPress",
        form=form,
        error=error,
        jobs=_jobs()[:RECENT_JOBS],
    )


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_protect
def _import(request, model_admin):
    form = ImportForm(request.POST or None, request.FILES or None)
    if not form.is_valid():
        return _render_form(request, model_admin, form, status=400 if form.is_bound else 200)
    upload = form.cleaned_data["file"]
    job = ImportJob.objects.create(
        uploaded_by=request.user,
        file_name=upload.name[:255],
        data=upload.read(),
        dry_run=form.cleaned_data["dry_run"],
    )
    # The admin runs in autocommit (no ATOMIC_REQUESTS), so create() has committed the
    # job: the worker, another process, finds it. Enqueued at once, not in on_commit,
    # which outside a transaction would run at once all the same.
    run_import.enqueue(job.pk)
    return redirect("admin:wordpress_import_job", job.pk)


def import_view(request, model_admin):
    """Upload form and the last jobs; a too large upload is refused before its body is read.

    Routed as csrf_exempt (see wordpress.admin): _import checks the token once
    the size is known to be acceptable, since checking it reads the body.
    """
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    limit = max_upload_bytes() + FORM_OVERHEAD_BYTES
    if request.method == "POST" and _declared_length(request) > limit:
        form = ImportForm()
        return _render_form(request, model_admin, form, status=413, error=too_large_message())
    return _import(request, model_admin)


def job_view(request, model_admin, job_id):
    """How an import went, or that it is still running (the page then reloads itself).

    Anyone who may import sees every job: importers are Editors, who share the posts.
    """
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    job = get_object_or_404(_jobs(), pk=job_id)
    return _render(
        request, model_admin, "import_job.html", title=f"Import of {job.file_name}", job=job
    )
