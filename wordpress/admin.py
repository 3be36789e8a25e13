from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from wordpress import views
from wordpress.models import ImportedPost


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """Which WordPress post became which post; "Add" opens the WXR upload page."""

    list_display = ["wp_id", "post", "site"]
    list_select_related = ["post"]
    list_filter = ["site"]
    search_fields = ["=wp_id", "post__title"]
    change_list_template = "admin/wordpress/importedpost/change_list.html"

    def has_add_permission(self, request):
        """Adding is importing, which needs its own permission (the Editor role has it)."""
        return request.user.has_perm("wordpress.import_wxr")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # without its row, the next import would make the post a second time

    def get_urls(self):
        # The view checks the CSRF token itself, after refusing a too large upload unread.
        import_view = self.admin_site.admin_view(csrf_exempt(self.import_view))
        job_view = self.admin_site.admin_view(self.job_view)
        return [
            path("import/", import_view, name="wordpress_import"),
            path("import/<int:job_id>/", job_view, name="wordpress_import_job"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return views.import_view(request, self)

    def job_view(self, request, job_id):
        return views.job_view(request, self, job_id)

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:wordpress_import")
