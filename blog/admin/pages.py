"""Static pages in the admin.

Each save keeps a revision (blog.revisions): the History lists them, compares two and
opens one to restore, as for posts. Pages have no trash: deleting one deletes it and its
revisions at once, and reversion's "Recover deleted" is not offered.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from blog import revisions
from blog.admin.history import RevisionHistoryMixin
from blog.models import Page
from pagecache.admin import ChangesPagesMixin


@admin.register(Page)
class PageAdmin(ChangesPagesMixin, RevisionHistoryMixin, VersionAdmin):
    """Static pages; a top-level slug the site's own URLs use is refused (Page.clean)."""

    list_display = ["title", "parent", "status", "menu_order", "show_in_navigation"]
    list_filter = ["status", "show_in_navigation", "author"]
    list_select_related = ["parent"]
    search_fields = ["title", "slug", "body"]
    ordering = ["path"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "body", "body_format"]}),
        (
            "Publishing",
            {"fields": ["status", "author", "menu_order", "show_in_navigation", "comments_open"]},
        ),
    ]
    change_list_template = None  # not reversion's, with "Recover deleted": see recover_view

    def get_changeform_initial_data(self, request):
        """New pages are by whoever writes them, unless they choose another author."""
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST":
            revisions.trim(Page, unquote(object_id))
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revision's form: Save restores it, as a new revision, and tells the page cache
        (a save, through ChangesPagesMixin). Not under a parent deleted since."""
        # Checked before reversion reverts: it keeps a revert that ends in any redirect.
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(page), pk=version_id)
        parent = version.field_dict["parent_id"]
        if parent is not None and not Page.objects.filter(pk=parent).exists():
            self.message_user(
                request,
                "This revision puts the page under a parent page that was deleted since: "
                "it cannot be restored. Restore a newer revision, or edit the page.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:blog_page_history", args=[quote(page.pk)]))
        with transaction.atomic():
            response = super().revision_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                # The revision's count is stale: the comments keep it, not the editors.
                Page.objects.filter(pk=page.pk).update(comment_count=page.comment_count)
                restored = Page.objects.get(pk=page.pk)
                if restored.path != page.path:
                    # The revision put back its own path before the save: the subpages
                    # follow, as when a save changes the slug.
                    for child in restored.children.all():
                        child.save(update_fields=["path"])
                revisions.trim(Page, page.pk)
        return response

    def recoverlist_view(self, request, extra_context=None):
        """Deleted pages are deleted with their revisions: there is nothing to recover."""
        raise Http404

    def recover_view(self, request, version_id, extra_context=None):
        raise Http404

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        revisions.forget_deleted(Page)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        revisions.forget_deleted(Page)
