"""Static pages in the admin."""

from django.contrib import admin

from blog.models import Page
from pagecache.admin import ChangesPagesMixin


@admin.register(Page)
class PageAdmin(ChangesPagesMixin, admin.ModelAdmin):
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

    def get_changeform_initial_data(self, request):
        """New pages are by whoever writes them, unless they choose another author."""
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}
