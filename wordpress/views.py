"""The admin page that imports an uploaded WordPress export (the command's code path)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from wordpress.forms import ImportForm, max_upload_bytes, too_large_message
from wordpress.importer import WXRError, import_wxr

# Room for the multipart framing and the other fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def _render(request, model_admin, form, summary=None, status=200, error=""):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import from WordPress",
        "form": form,
        "summary": summary,
        "error": error,
    }
    return TemplateResponse(request, "admin/wordpress/import.html", context, status=status)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_protect
def _import(request, model_admin):
    form = ImportForm(request.POST or None, request.FILES or None)
    if not form.is_valid():
        return _render(request, model_admin, form, status=400 if form.is_bound else 200)
    upload = form.cleaned_data["file"]
    try:
        summary = import_wxr(upload, dry_run=form.cleaned_data["dry_run"])
    except WXRError as error:
        form.add_error("file", ValidationError(f"{error} Nothing was imported.", code="wxr"))
        return _render(request, model_admin, form, status=400)
    verb = "Checked (dry run)" if summary.dry_run else "Imported"
    messages.success(request, f"{verb}: {upload.name}.")
    return _render(request, model_admin, ImportForm(), summary)


def import_view(request, model_admin):
    """Upload form and summary; a too large upload is refused before its body is read.

    Routed as csrf_exempt (see wordpress.admin): _import checks the token once
    the size is known to be acceptable, since checking it reads the body.
    """
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    limit = max_upload_bytes() + FORM_OVERHEAD_BYTES
    if request.method == "POST" and _declared_length(request) > limit:
        return _render(request, model_admin, ImportForm(), status=413, error=too_large_message())
    return _import(request, model_admin)
