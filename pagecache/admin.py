"""For the ModelAdmins of what readers see: every save and delete starts a new generation."""

import pagecache


class ChangesPagesMixin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pagecache.changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pagecache.changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        pagecache.changed()
