"""The moderation queue, and comment counts in the post list.

Status changes go through the bulk actions (gated by the moderate_comment
permission, so a "Moderators" group needs no superuser rights) or the change form;
both go through comments.lifecycle, as every writer of comments does.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import ngettext

from blog.admin import add_post_column
from comments import lifecycle
from comments.models import ALL_COMMENTS, Comment, may_moderate
from comments.moderation import actions

Status = Comment.Status


class StatusFilter(admin.SimpleListFilter):
    """By status, with counts; "All" shows all.

    Unless a status is picked, the list opens on the moderation queue (pending), but a
    search or a filter by post (or page) spans every status: a moderator looking for
    someone's comments must find them whatever their status.
    """

    title = "status"
    parameter_name = "status"
    ALL = "all"
    SPANNING = (SEARCH_VAR, "post__id__exact", "page__id__exact")

    def __init__(self, request, params, model, model_admin):
        self.spanning = any(request.GET.get(name) for name in self.SPANNING)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        mine = Comment.objects.moderated_by(request.user).order_by()
        counts = dict(mine.values_list("status").annotate(Count("pk")))
        return [(value, f"{label} ({counts.get(value, 0)})") for value, label in Status.choices]

    def value(self):
        return super().value() or (self.ALL if self.spanning else Status.PENDING)

    def choices(self, changelist):
        yield {
            "selected": self.value() == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": "All",
        }
        for value, title in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


def comments_url(**params):
    return f"{reverse('admin:comments_comment_changelist')}?{urlencode(params)}"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments, as far as comments.models.may_moderate lets each user see them.

    With comments.moderate_all_comments (Editors, Moderators) a user sees and moderates
    every comment; without it (Authors) only the comments on their own posts and pages:
    those are all the list and the bulk actions reach, another's comment answers 403 on
    its change page, and such a user cannot move a comment to another post or page.
    """

    list_display = ["author", "excerpt", "target_link", "status_badge", "created_at", "ip_address"]
    list_filter = [
        StatusFilter,
        "created_at",
        ("post", admin.RelatedOnlyFieldListFilter),
        ("page", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["post", "page"]
    search_fields = ["name", "email", "body", "ip_address"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = ["approve", "unapprove", "mark_spam", "trash"]
    raw_id_fields = ["post", "page", "parent", "user"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "on_site",
        "parent_link",
        "rendered",
        "ip_address",
        "user_agent",
        "created_at",
        "edited_at",
        "author_notified_at",
        "reply_notified_at",
        "moderators_notified_at",
    ]
    fieldsets = [
        (None, {"fields": ["status", "post", "page", "parent", "parent_link", "on_site"]}),
        ("Comment", {"fields": ["body", "rendered"]}),
        ("Author", {"fields": ["name", "email", "url", "user"]}),
        ("Sent from", {"fields": ["ip_address", "user_agent", "created_at", "edited_at"]}),
        (
            "Notifications",
            {
                "fields": [
                    "notify_replies",
                    "author_notified_at",
                    "reply_notified_at",
                    "moderators_notified_at",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["comments/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).moderated_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        """Found among all comments: one on another's post is a 403, not a 404."""
        field = Comment._meta.pk if from_field is None else Comment._meta.get_field(from_field)
        try:
            return Comment.objects.get(**{field.name: field.to_python(object_id)})
        except (Comment.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = obj is None or may_moderate(request.user, obj)
        return allowed and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or may_moderate(request.user, obj)
        return allowed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = obj is None or may_moderate(request.user, obj)
        return allowed and super().has_delete_permission(request, obj)

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def get_readonly_fields(self, request, obj=None):
        """Without moderate_comment the status is shown, not editable (as the actions);
        without moderate_all_comments, the post, page and parent too (see the class
        docstring).
        """
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(ALL_COMMENTS):
            readonly = ["post", "page", "parent", *readonly]
        return readonly if self.has_moderate_permission(request) else ["status", *readonly]

    @admin.display(description="author", ordering="name")
    def author(self, comment):
        return format_html("<strong>{}</strong><br>{}", comment.name, comment.email)

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(100)

    @admin.display(description="on")
    def target_link(self, comment):
        """The post or page commented on."""
        target = comment.target
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)

    @admin.display(description="status", ordering="status")
    def status_badge(self, comment):
        return format_html(
            '<span class="comment-status comment-status-{}">{}</span>',
            comment.status,
            comment.get_status_display(),
        )

    @admin.display(description="on the site")
    def on_site(self, comment):
        if comment.pk is None:
            return "—"
        url = comment.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description="in reply to")
    def parent_link(self, comment):
        if comment.parent_id is None:
            return "—"
        url = reverse("admin:comments_comment_change", args=[comment.parent_id])
        return format_html('<a href="{}">{}</a>', url, comment.parent)

    @admin.display(description="as shown")
    def rendered(self, comment):
        # body_html is sanitised on save (comments.sanitize): the one trusted field.
        return mark_safe(comment.body_html)  # noqa: S308

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            previous = form.initial.get("status")
            # Any field of a comment may show on its post or page (name, text, status...).
            public = Status.APPROVED in (previous, obj.status)
            lifecycle.changed(
                {obj.post_id, form.initial.get("post")},
                page_ids={obj.page_id, form.initial.get("page")},
                public=public,
            )
            if change:
                lifecycle.moderated([(obj, previous)], request)

    def delete_model(self, request, obj):
        lifecycle.delete(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        lifecycle.delete(queryset)

    def _moderate(self, request, queryset, status, done):
        count = actions.change_status(queryset, status, request)
        if not count:
            self.message_user(request, f"No comments {done}.", messages.WARNING)
            return
        message = ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", count)
        self.message_user(request, message % {"count": count, "done": done}, messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED, "approved")

    @admin.action(description="Unapprove selected comments", permissions=["moderate"])
    def unapprove(self, request, queryset):
        self._moderate(request, queryset, Status.PENDING, "unapproved")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM, "marked as spam")

    @admin.action(description="Move selected comments to the trash", permissions=["moderate"])
    def trash(self, request, queryset):
        self._moderate(request, queryset, Status.TRASH, "moved to the trash")


@admin.display(description="comments", ordering="comment_count")
def approved_comments(post):
    return post.comment_count


@admin.display(description="pending", ordering="pending_comment_count")
def pending_comments(post):
    count = post.pending_comment_count
    if not count:
        return 0
    return format_html(
        '<a href="{}">{}</a>', comments_url(post__id__exact=post.pk, status="pending"), count
    )


def add_post_columns():
    """The comment counts in blog's post list (called when the app is ready)."""
    add_post_column(approved_comments)
    add_post_column(
        pending_comments, pending_comment_count=Comment.objects.pending().count_per("post")
    )
