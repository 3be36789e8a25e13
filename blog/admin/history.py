"""The History of what keeps revisions (blog.revisions), for PostAdmin and PageAdmin.

Put before reversion's VersionAdmin: the History lists the revisions newest first, with
two columns to choose two of them, and "Compare" shows a line diff of their text and
the names of the other fields that changed. Each admin restores a revision itself.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from reversion.models import Version

from blog import revisions


class RevisionHistoryMixin:
    object_history_template = "admin/blog/object_history.html"
    history_latest_first = True

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_compare"
        return [
            path("<path:object_id>/history/compare/", compare, name=name),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        """Two revisions of an object: a line diff of its text and the other fields changed."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        chosen = [request.GET.get("old", ""), request.GET.get("new", "")]
        if not all(revision.isdigit() for revision in chosen):
            raise Http404
        old, new = sorted(
            (get_object_or_404(versions, revision_id=revision) for revision in chosen),
            key=lambda version: version.pk,
        )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Compare revisions of “{obj}”",
            "old": old,
            "new": new,
            "changed": revisions.changed_fields(old, new),
            "diffs": revisions.text_diffs(old, new),
        }
        return TemplateResponse(request, "admin/blog/revision_compare.html", context)
