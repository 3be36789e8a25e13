"""Categories and tags in the admin."""

from django.contrib import admin

from blog.models import Category, Tag
from pagecache.admin import ChangesPagesMixin


@admin.register(Category)
class CategoryAdmin(ChangesPagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(ChangesPagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
