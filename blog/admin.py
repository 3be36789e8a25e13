"""Posts, categories, tags and their authors in the admin.

Each of them shows on public pages, so each admin here tells the page cache of its
changes (pagecache.admin.ChangesPagesMixin).

Other apps add columns to the post list with `add_post_column()` (the comments app
adds its approved and pending counts), so there is one PostAdmin and blog knows
nothing of what the columns show.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from blog.models import Category, Post, Tag
from pagecache.admin import ChangesPagesMixin

# (column, annotations): a callable taking a post, and the queryset annotations it reads.
_extra_columns = []


def add_post_column(column, **annotations):
    """Show `column` (an @admin.display callable) in the post list, with its annotations."""
    _extra_columns.append((column, annotations))


@admin.register(Post)
class PostAdmin(ChangesPagesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "author",
        "category_list",
        "sticky",
        "comments_open",
    ]
    list_filter = ["status", "sticky", "categories", "tags", "author"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["categories", "tags"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "body_format", "excerpt"]}),
        ("Publishing", {"fields": ["status", "published_at", "author", "sticky", "comments_open"]}),
        ("Filed under", {"fields": ["categories", "tags"]}),
    ]

    def get_list_display(self, request):
        return [*super().get_list_display(request), *(column for column, _ in _extra_columns)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("categories")
        for _, annotations in _extra_columns:
            queryset = queryset.annotate(**annotations)
        return queryset

    def get_changeform_initial_data(self, request):
        """New posts are by whoever writes them, unless they choose another author."""
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="categories")
    def category_list(self, post):
        return ", ".join(category.name for category in post.categories.all())


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


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AuthorAdmin(ChangesPagesMixin, UserAdmin):
    """Django's user admin; a user's name shows on their posts."""
