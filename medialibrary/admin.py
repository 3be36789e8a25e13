"""The media library in the admin: upload, a list with thumbnails, search, delete.

Users without medialibrary.edit_others_media (Authors) see every image, to use it,
but change and delete only their own: another's is read-only and a change answers 403.
Deleting an image that posts or pages use asks first and names them (medialibrary.usage).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join

from medialibrary import usage
from medialibrary.forms import MediaItemForm, UploadForm
from medialibrary.models import MediaItem
from pagecache.admin import ChangesPagesMixin

EDIT_OTHERS = "medialibrary.edit_others_media"


def may_edit(user, item):
    return item is None or item.uploaded_by_id == user.pk or user.has_perm(EDIT_OTHERS)


@admin.register(MediaItem)
class MediaItemAdmin(ChangesPagesMixin, admin.ModelAdmin):
    # The title first: the row's header, and its one link (the thumbnail's alt is empty).
    list_display = ["__str__", "thumbnail", "alt_text", "dimensions", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type", "uploaded_by"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "alt_text", "caption", "original_filename"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = ["preview", "markdown", "file_details", "used_in"]

    class Media:
        css = {"all": ["medialibrary/admin.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = MediaItemForm if obj is not None else UploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["upload", "title", "alt_text", "caption", "description"]})]
        return [
            (None, {"fields": ["preview", "title", "alt_text", "caption", "description"]}),
            ("In a post", {"fields": ["markdown", "used_in"]}),
            ("File", {"fields": ["file_details"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def save_form(self, request, form, change):
        """A new image is stored here, files and row together; no page shows it yet."""
        return super().save_form(request, form, change) if change else form.save(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_change_permission(self, request, obj=None):
        return may_edit(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_edit(request.user, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk delete of an Author (without edit_others_media) is of their own only."""
        if (
            not request.user.has_perm(EDIT_OTHERS)
            and queryset.exclude(uploaded_by=request.user).exists()
        ):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        """Django's confirmation list, with what will lose each image named under it."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not request.user.has_perm(EDIT_OTHERS) and any(
            item.uploaded_by_id != request.user.pk for item in objs
        ):
            perms_needed.add(MediaItem._meta.verbose_name)
        uses = usage.uses(list(objs))
        named = []
        for entry, item in zip(to_delete, objs, strict=False):
            named.append(entry)
            if uses.get(item.pk):
                named.append(
                    [
                        format_html(
                            'Used in the {} <a href="{}">{}</a>: the image will be removed '
                            "from it.",
                            kind,
                            url,
                            title,
                        )
                        for kind, title, url in uses[item.pk]
                    ]
                )
        return named, model_count, perms_needed, protected

    @admin.display(description="Image")
    def thumbnail(self, item):
        if not item.is_image:  # a recording has no picture: its kind's icon instead
            return format_html(
                '<img src="{}" width="48" height="48" alt="{}" class="media-icon">',
                static(f"medialibrary/{item.kind}.svg"),
                item.get_kind_display(),
            )
        url, width, height = (
            item.copies_in(item.extension) or [(item.url, item.width, item.height)]
        )[0]
        scale = min(1, 96 / max(width, height))
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
            url,
            round(width * scale),
            round(height * scale),
        )

    @admin.display(description="Size")
    def dimensions(self, item):
        return f"{item.width} × {item.height}" if item.is_image else item.get_kind_display()

    @admin.display(description="Preview")
    def preview(self, item):
        if not item.is_image:
            return format_html(
                '<{} controls preload="metadata" src="{}" class="media-preview"></{}>',
                item.kind,
                item.url,
                item.kind,
            )
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="media-preview">',
            item.fitting(480),
            min(item.width, 480),
            round(item.height * min(item.width, 480) / item.width),
            item.alt_text,
        )

    @admin.display(description="Markdown")
    def markdown(self, item):
        if not item.is_image:
            return format_html(
                '<code>{}</code><div class="help">Copy this into a post\'s Markdown body: '
                "it shows a player, and a link to the file for browsers that play none. "
                'Its caption is the item\'s, or a title: <code>![…](media:{} "Caption")</code>. '
                "In an HTML body: <code>{}</code></div>",
                item.markdown,
                item.pk,
                f'<{item.kind} controls preload="none" src="{item.url}"></{item.kind}>',
            )
        if not item.alt_text:
            return "Add alt text first: an image goes into a post with a description."
        return format_html(
            '<code>{}</code><div class="help">Copy this into a post\'s body. '
            'Add a caption as a title: <code>![alt](media:{} "Caption")</code>.</div>',
            item.markdown,
            item.pk,
        )

    @admin.display(description="Used in")
    def used_in(self, item):
        found = usage.uses([item]).get(item.pk, [])
        if not found:
            return "No post or page uses this image."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li>{} <a href="{}">{}</a></li>', found),
        )

    @admin.display(description="File")
    def file_details(self, item):
        if not item.is_image:
            return format_html(
                '<a href="{}">{}</a> ({}, {}, uploaded as “{}”)',
                item.url,
                item.file.name,
                item.content_type,
                filesizeformat(item.size),
                item.original_filename,
            )
        copies = format_html_join(
            ", ",
            '<a href="{}">{} px</a>',
            ((url, w) for url, w, _ in item.copies_in(item.extension)),
        )
        return format_html(
            '<a href="{}">{}</a> ({}, {} × {}, {}, uploaded as “{}”)<br>Resized copies: {}',
            item.url,
            item.file.name,
            item.content_type,
            item.width,
            item.height,
            filesizeformat(item.size),
            item.original_filename,
            copies or copies_to_come(item),
        )


def copies_to_come(item):
    """What the admin says of an image without copies: they are on their way, or none
    will be made."""
    if item.copies_pending:
        return "being made by the task worker"
    return "none (the image is small or animated)"
