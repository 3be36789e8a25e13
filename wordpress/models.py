"""What the WordPress import remembers: which local object each WordPress object became.

The blog's and the comments' own models know nothing of WordPress. These rows map
the WordPress identity of an object (its site and id, or login/slug where WordPress
exports no id) to the object it became here, with a fingerprint of the source record:
a second import of the same export finds every fingerprint equal and changes nothing,
and an object edited in WordPress since then is updated.

ImportJob is an upload of the admin's import page, from the request to the worker
that imports it (wordpress.tasks) and the page that shows the outcome.
"""

from django.conf import settings
from django.db import models

from blog.models import Category, Page, Post, Tag
from comments.models import Comment
from medialibrary.models import MediaItem


class Imported(models.Model):
    site = models.CharField(
        max_length=200, help_text="The WordPress blog's address, without the scheme."
    )
    fingerprint = models.CharField(max_length=32, help_text="Hash of the source record.")

    class Meta:
        abstract = True


class ImportedAuthor(Imported):
    login = models.CharField(max_length=150)
    wp_id = models.BigIntegerField("WordPress id", null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["site", "login"]
        constraints = [
            models.UniqueConstraint(fields=["site", "login"], name="wordpress_author_login")
        ]

    def __str__(self):
        return f"{self.login} ({self.site})"


class ImportedCategory(Imported):
    slug = models.CharField(max_length=200)
    wp_id = models.BigIntegerField("WordPress id", null=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["site", "slug"]
        verbose_name_plural = "imported categories"
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="wordpress_category_slug")
        ]

    def __str__(self):
        return f"{self.slug} ({self.site})"


class ImportedTag(Imported):
    slug = models.CharField(max_length=200)
    wp_id = models.BigIntegerField("WordPress id", null=True, blank=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["site", "slug"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="wordpress_tag_slug")]

    def __str__(self):
        return f"{self.slug} ({self.site})"


class ImportedPost(Imported):
    wp_id = models.BigIntegerField("WordPress id", db_index=True)
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="+")
    post_updated_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="The post's updated_at when an import last wrote it: a later one means "
        "it was edited here since, and the next import keeps it as it is.",
    )

    class Meta:
        ordering = ["site", "wp_id"]
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_post_id")]
        # Importing writes posts, authors and comments as the file says (any author,
        # approved comments): a right of its own, which the Editor role has.
        permissions = [("import_wxr", "Can import WordPress exports")]

    def __str__(self):
        return f"?p={self.wp_id} ({self.site})"


class ImportedPage(Imported):
    wp_id = models.BigIntegerField("WordPress id", db_index=True)
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+")
    # The page's address on the old site, without scheme and host ("about/team"): its
    # old permalink redirects here.
    old_path = models.CharField(max_length=1000, blank=True, db_index=True)
    page_updated_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="The page's updated_at when an import last wrote it: a later one means "
        "it was edited here since, and the next import keeps it as it is.",
    )

    class Meta:
        ordering = ["site", "wp_id"]
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_page_id")]

    def __str__(self):
        return f"?page_id={self.wp_id} ({self.site})"


class ImportedMedia(Imported):
    """A WordPress attachment; `item` is empty while its file has not been copied."""

    wp_id = models.BigIntegerField("WordPress id", db_index=True)
    # _wp_attached_file: the path under wp-content/uploads ("2019/05/fern.jpg"), which
    # old links (/wp-content/uploads/…, with size suffixes) are matched on.
    attached_file = models.CharField(max_length=500, blank=True, db_index=True)
    url = models.CharField("original URL", max_length=2000, blank=True)
    item = models.ForeignKey(
        MediaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["site", "wp_id"]
        verbose_name_plural = "imported media"
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_media_id")]

    def __str__(self):
        return f"{self.attached_file or self.url} ({self.site})"


class ImportedComment(Imported):
    wp_id = models.BigIntegerField("WordPress id")
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["site", "wp_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_comment_id")
        ]

    def __str__(self):
        return f"comment {self.wp_id} ({self.site})"


class ImportJob(models.Model):
    """One upload of the admin's import page, imported by the task queue's worker.

    The file is kept in the database, the one store every app server and the worker
    share, until the import finished; then only its outcome stays.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="uploaded by",
    )
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(
        "file", default=b"", editable=False, help_text="Emptied once the import finished."
    )
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    summary = models.JSONField(
        null=True,
        editable=False,
        help_text="What the import did: rows and notes of wordpress.importing.summary.Summary.",
    )
    error = models.TextField(blank=True, help_text="Why the import failed.")
    created_at = models.DateTimeField("uploaded at", auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import job"
        indexes = [models.Index(fields=["-created_at"], name="wordpress_job_created")]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}
