"""Posts, categories, tags and their authors in the admin.

Each of them shows on public pages, so each admin here tells the page cache of its
changes (pagecache.admin.ChangesPagesMixin).

Deleting a post moves it to the trash (blog.trash): the change form's Delete and the
"Move selected posts to the trash" action, which takes the place of Django's "Delete
selected". From the trash it is restored (by whoever may delete it) or deleted for
good (by a superuser only).

Other apps add columns to the post list with `add_post_column()` (the comments app
adds its approved and pending counts), so there is one PostAdmin and blog knows
nothing of what the columns show.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext

import pagecache
from blog import trash
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
    actions = ["trash_selected", "restore_selected"]

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

    def get_actions(self, request):
        """Django's "Delete selected" deletes for good: only a superuser, from the trash."""
        actions = super().get_actions(request)
        if actions.pop("delete_selected", None) and request.user.is_superuser:
            # Under Django's name, which its confirmation page posts back.
            description = "Delete selected trashed posts for good"
            actions["delete_selected"] = (delete_for_good, "delete_selected", description)
        return actions

    def changelist_view(self, request, extra_context=None):
        """An action the user may not run is a 403, not Django's "No action selected"."""
        wanted = {name for name in request.POST.getlist("action") if name}
        if request.method == "POST" and wanted - set(self.get_actions(request)):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(description="Move selected posts to the trash", permissions=["delete"])
    def trash_selected(self, request, queryset):
        moved = trash.move_to_trash(queryset)
        if moved:
            pagecache.changed()
        self.message_user(
            request,
            ngettext("%d post was moved to the trash.", "%d posts were moved to the trash.", moved)
            % moved,
            messages.SUCCESS if moved else messages.WARNING,
        )

    @admin.action(description="Restore selected posts from the trash", permissions=["delete"])
    def restore_selected(self, request, queryset):
        restored = trash.restore(queryset)
        if restored:
            pagecache.changed()
        self.message_user(
            request,
            ngettext(
                "%d post was restored from the trash.",
                "%d posts were restored from the trash.",
                restored,
            )
            % restored,
            messages.SUCCESS if restored else messages.WARNING,
        )

    def has_delete_permission(self, request, obj=None):
        """Moving a post to the trash is deleting it; deleting it from there, a superuser's."""
        if obj is not None and obj.status == Post.Status.TRASH and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """A post leaves the trash by the restore action, not by a change of status."""
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == Post.Status.TRASH:
            return [*readonly, "status"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        """A post goes to the trash by being deleted, which records when and from where."""
        if db_field.name == "status":
            kwargs["choices"] = [
                choice for choice in Post.Status.choices if choice[0] != Post.Status.TRASH
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {"trash_days": settings.BLOG_TRASH_DAYS, **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """Moving posts to the trash deletes nothing else: their comments stay."""
        if any(post.status == Post.Status.TRASH for post in objs):
            return super().get_deleted_objects(objs, request)
        return [str(post) for post in objs], {}, set(), []

    def log_deletions(self, request, queryset):
        """Called before the deletion: a post not yet in the trash is only moved there."""
        for post in queryset:
            if post.status != Post.Status.TRASH:
                self.log_change(request, post, "Moved to the trash.")
        gone = [post for post in queryset if post.status == Post.Status.TRASH]
        return super().log_deletions(request, gone)

    def delete_model(self, request, obj):
        """The change form's Delete: to the trash, or for good when it is there already."""
        if obj.status == Post.Status.TRASH:
            super().delete_model(request, obj)
        else:
            trash.move_to_trash(Post.objects.filter(pk=obj.pk))
            pagecache.changed()

    def response_delete(self, request, obj_display, obj_id):
        if not Post.objects.filter(pk=obj_id).exists():
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request, f"The post “{obj_display}” was moved to the trash.", messages.SUCCESS
        )
        changelist = self.has_change_permission(request) or self.has_view_permission(request)
        return HttpResponseRedirect(
            reverse("admin:blog_post_changelist" if changelist else "admin:index")
        )

    @admin.display(description="categories")
    def category_list(self, post):
        return ", ".join(category.name for category in post.categories.all())


def delete_for_good(modeladmin, request, queryset):
    """Django's delete_selected (confirmation page included), for posts in the trash only."""
    if queryset.exclude(status=Post.Status.TRASH).exists():
        modeladmin.message_user(
            request,
            "Only posts in the trash can be deleted for good: nothing was deleted.",
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)


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
