import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from medialibrary.images import makes_copies

# A copy's name is its original's key, then "-<width>w" and its extension; audio and
# video files (medialibrary.signatures) have no copies.
COPY_NAME = re.compile(
    r"^(?P<key>.+?)(?:-(?P<width>\d+)w)?\.(?:jpg|png|gif|webp|mp3|aac|m4a|ogg|opus|wav|mp4|webm)$"
)


class MediaItemQuerySet(models.QuerySet):
    def delete(self):
        """Delete the items and, once that is committed, their files."""
        names = [name for item in self for name in item.file_names()]
        transaction.on_commit(lambda: delete_files(names))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class MediaItem(models.Model):
    """An uploaded image (the original, metadata stripped, and its resized copies), or
    an audio or video file, stored as it came (width and height 0, no copies).

    Files are named `<year>/<month>/<name>-<random>.<ext>` (the key plus an extension)
    and never replaced, so every URL can be cached for good.
    """

    class Kind(models.TextChoices):
        IMAGE = "image"
        AUDIO = "audio"
        VIDEO = "video"

    title = models.CharField(max_length=200, blank=True)
    alt_text = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the image shows, for people who cannot see it. "
        "Needed to put the image in a post.",
    )
    caption = models.TextField(blank=True, help_text="Shown under the image (plain text).")
    description = models.TextField(blank=True)
    file = models.FileField(max_length=300, editable=False)
    key = models.CharField(max_length=300, unique=True, editable=False)
    kind = models.CharField(max_length=5, choices=Kind, default=Kind.IMAGE, editable=False)
    original_filename = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    size = models.PositiveBigIntegerField("bytes", editable=False)
    animated = models.BooleanField(default=False, editable=False)
    # [{"width", "height", "name"}], each copy once in the original's format and in WebP.
    copies = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
        editable=False,
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MediaItemQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "media item"
        # Without it, a user changes and deletes only what they uploaded (Authors).
        permissions = [("edit_others_media", "Can change and delete media others uploaded")]

    def __str__(self):
        return self.title or self.original_filename

    def get_absolute_url(self):
        return self.url

    def delete(self, *args, **kwargs):
        names = self.file_names()
        transaction.on_commit(lambda: delete_files(names))
        return super().delete(*args, **kwargs)

    def get_admin_url(self):
        return reverse("admin:medialibrary_mediaitem_change", args=[self.pk])

    @property
    def url(self):
        return self.file.url

    @property
    def reference(self):
        """The short form a post's Markdown uses: ![alt](media:42)."""
        return f"media:{self.pk}"

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE

    @property
    def copies_pending(self):
        """Whether the task worker is still to make the resized copies of a still image."""
        if not self.is_image or self.animated or self.copies:
            return False
        return makes_copies(self.width, self.extension)

    @property
    def markdown(self):
        """What a post's Markdown says to show it: an image, or a player (blog.figures)."""
        text = self.alt_text if self.is_image else str(self)
        text = text.replace("[", "(").replace("]", ")")
        return f"![{text}]({self.reference})"

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1]

    def file_names(self):
        return [self.file.name, *(copy["name"] for copy in self.copies)]

    def copies_in(self, extension):
        """(url, width, height) of the copies in one format, narrowest first."""
        found = [
            (default_storage.url(copy["name"]), copy["width"], copy["height"])
            for copy in self.copies
            if copy["name"].endswith(f".{extension}")
        ]
        return sorted(found, key=lambda copy: copy[1])

    def srcset(self):
        """The original's format at every size, the original itself last."""
        found = [(url, width) for url, width, _ in self.copies_in(self.extension)]
        found.append((self.url, self.width))
        return ", ".join(f"{url} {width}w" for url, width in found)

    def webp_srcset(self):
        """WebP at every size; empty when the original is WebP (srcset says it all)."""
        if self.extension == "webp":
            return ""
        return ", ".join(f"{url} {width}w" for url, width, _ in self.copies_in("webp"))

    @property
    def fitting_960(self):
        return self.fitting(960)

    @property
    def share_url(self):
        """The size to show when a post is shared (og:image)."""
        return self.fitting(1200)

    def fitting(self, width):
        """The URL of the smallest image at least `width` wide (the original if none)."""
        for url, copy_width, _ in self.copies_in(self.extension):
            if copy_width >= width:
                return url
        return self.url


def delete_files(names):
    for name in names:
        default_storage.delete(name)
