from django.contrib import admin

from blog.models import Category, Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author"]
    prepopulated_fields = {"slug": ["title"]}


admin.site.register(Category)
admin.site.register(Tag)
