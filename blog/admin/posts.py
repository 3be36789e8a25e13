"""Posts in the admin.

Deleting a post moves it to the trash (blog.trash): the change form's Delete and the
"Move selected posts to the trash" action, which takes the place of Django's "Delete
selected". From the trash it is restored (by whoever may delete it) or deleted for
good (by a superuser only). Each save keeps a revision (blog.revisions).

Users without blog.edit_others_posts (Authors) see only their own posts: another
author's post answers 403 on its change, delete and history pages, the bulk actions
apply to their own posts only, and they cannot give a post to another author.

Other apps add columns to the post list with `add_post_column()` (the comments app
adds its approved and pending counts), so there is one PostAdmin and blog knows
nothing of what the columns show.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

import pagecache
from blog import revisions, trash
from blog.admin.history import RevisionHistoryMixin
from blog.models import Post
from pagecache.admin import ChangesPagesMixin

# Without it, a user sees, changes and trashes only their own posts.
EDIT_OTHERS = "blog.edit_others_posts"

# (column, annotations): a callable taking a post, and the queryset annotations it reads.
_extra_columns = []


def may_edit(user, post):
    """Whether `user` may touch `post` (None: posts in general) as its PostAdmin rights allow."""
    return post is None or post.author_id == user.pk or user.has_perm(EDIT_OTHERS)


def add_post_column(column, **annotations):
    """Show `column` (an @admin.display callable) in the post list, with its annotations."""
    _extra_columns.append((column, annotations))


@admin.register(Post)
class PostAdmin(ChangesPagesMixin, RevisionHistoryMixin, VersionAdmin):
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
    autocomplete_fields = ["featured_image"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "body_format", "excerpt"]}),
        ("Publishing", {"fields": ["status", "published_at", "author", "sticky", "comments_open"]}),
        ("Featured image", {"fields": ["featured_image"]}),
        ("Filed under", {"fields": ["categories", "tags"]}),
    ]
    actions = ["trash_selected", "restore_selected"]
    # Revisions (blog.revisions): each save makes one (VersionAdmin); its History lists
    # them, newest first, compares two (RevisionHistoryMixin), and opens one to restore.
    change_list_template = None  # not reversion's, with "Recover deleted": see recover_view

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST":
            revisions.trim(Post, unquote(object_id))
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revision's form: Save restores it, as a new revision. Not of or to the trash."""
        # Checked before reversion reverts: it keeps a revert that ends in any redirect.
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(post), pk=version_id)
        if Post.Status.TRASH in (post.status, version.field_dict["status"]):
            self.message_user(
                request,
                "A post in the trash is restored from the trash, not from a revision.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:blog_post_history", args=[quote(post.pk)]))
        with transaction.atomic():
            response = super().revision_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                # The revision's count is stale: the comments keep it, not the editors.
                Post.objects.filter(pk=post.pk).update(comment_count=post.comment_count)
                revisions.trim(Post, post.pk)
        return response

    def recoverlist_view(self, request, extra_context=None):
        """Deleted posts are in the trash, or deleted for good: not recovered from revisions."""
        raise Http404

    def recover_view(self, request, version_id, extra_context=None):
        raise Http404

    def get_list_display(self, request):
        return [*super().get_list_display(request), *(column for column, _ in _extra_columns)]

    def get_queryset(self, request):
        """Only their own posts for users without blog.edit_others_posts (Authors)."""
        queryset = super().get_queryset(request).prefetch_related("categories")
        for _, annotations in _extra_columns:
            queryset = queryset.annotate(**annotations)
        if request.user.has_perm(EDIT_OTHERS):
            return queryset
        return queryset.filter(author=request.user)

    def get_object(self, request, object_id, from_field=None):
        """Found among all posts: another author's is a 403 (has_*_permission), not a 404."""
        field = Post._meta.pk if from_field is None else Post._meta.get_field(from_field)
        try:
            return Post.objects.get(**{field.name: field.to_python(object_id)})
        except (Post.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        return may_edit(request.user, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return may_edit(request.user, obj) and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Users limited to their own posts cannot give a post to another author."""
        if db_field.name == "author" and not request.user.has_perm(EDIT_OTHERS):
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        return may_edit(request.user, obj) and super().has_delete_permission(request, obj)

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
