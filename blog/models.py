from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog.markup import excerpt_html, image_problems, plain_text, render_body
from blog.reserved import is_reserved
from medialibrary.models import MediaItem


class Category(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts the public may read: published and not dated in the future."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Everything for staff (preview, the trash included), else only published posts."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def for_lists(self):
        """With what list pages show of each post, in a constant number of queries."""
        return self.select_related("author", "featured_image").prefetch_related(
            "categories", "tags"
        )

    def next_scheduled(self):
        """When the next scheduled post goes live (pages change then), or None."""
        future = self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        return future.aggregate(moment=models.Min("published_at"))["moment"]


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        PRIVATE = "private", "Private"
        TRASH = "trash", "Trash"

    class BodyFormat(models.TextChoices):
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body = models.TextField(help_text="Markdown. Put <!--more--> where the excerpt ends.")
    body_format = models.CharField(
        max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    excerpt = models.TextField(
        blank=True, help_text="Optional summary for lists and feeds (Markdown)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="A date in the future schedules the post.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sticky = models.BooleanField(default=False, help_text="Show first on the home page.")
    comments_open = models.BooleanField(default=True)
    # Set by blog.trash: when the post went to the trash, and the status it comes back to.
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_before_trash = models.CharField(
        max_length=10, choices=Status.choices, blank=True, editable=False
    )
    featured_image = models.ForeignKey(
        MediaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
        limit_choices_to={"kind": MediaItem.Kind.IMAGE},  # a recording shows no picture
        help_text="Shown in the post's header and in lists, and when the post is shared.",
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")

    # Derived on save from body and excerpt; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    excerpt_html = models.TextField(editable=False, default="")
    has_more = models.BooleanField(editable=False, default=False)
    summary = models.CharField(max_length=300, editable=False, default="")
    # Approved comments, kept current by the comments app.
    comment_count = models.PositiveIntegerField(editable=False, default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        # Without it a user sees and changes only their own posts (blog.admin.posts.PostAdmin).
        permissions = [("edit_others_posts", "Can see and change other authors' posts")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_status_date"),
            models.Index(
                fields=["-sticky", "-published_at"],
                name="post_sticky_date",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Under a featured image the body's first image is not the first thing seen.
        eager = self.featured_image_id is None
        self.body_html = render_body(self.body, self.body_format, eager_first=eager)
        self.excerpt_html, self.has_more = excerpt_html(
            self.excerpt, self.body, self.body_format, self.body_html
        )
        self.summary = plain_text(self.excerpt_html)[:300]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "body_html",
                "excerpt_html",
                "has_more",
                "summary",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def clean(self):
        super().clean()
        check_images(self)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages the public may read."""
        return self.filter(status=Page.Status.PUBLISHED)

    def visible_to(self, user):
        """Every page for staff (preview), else only published pages."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def in_navigation(self):
        """Published pages for the site header, in menu order, then by title."""
        return (
            self.published()
            .filter(show_in_navigation=True)
            .only("title", "path")
            .order_by("menu_order", "title", "pk")
        )


class Page(models.Model):
    """A static page (About, Contact…) at `/<slug>/` or under its parent, `/<parent>/<slug>/`.

    A model of its own rather than a kind of Post: pages have no date, categories, tags
    or feed, and every list, feed and search of posts stays a query of Post alone. A
    comment is on a post or on a page (the comments app's Comment has both keys, one
    set); pages take comments when `comments_open` is on, which is off by default.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        PRIVATE = "private", "Private"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        help_text="The last part of the page's address; unique among pages with the same parent.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A page under another: /parent/slug/.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pages"
    )
    body = models.TextField(help_text="Markdown.")
    body_format = models.CharField(
        max_length=10, choices=Post.BodyFormat.choices, default=Post.BodyFormat.MARKDOWN
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    menu_order = models.IntegerField(default=0, help_text="Lower numbers come first.")
    show_in_navigation = models.BooleanField(
        default=False, help_text="List the page in the site header (when published)."
    )
    comments_open = models.BooleanField(
        default=False, help_text="Let readers comment on this page (off by default)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived on save; never edited by hand. `path` is the URL without its slashes
    # ("about/team"), so a page is found, and linked to, without walking its parents.
    path = models.CharField(max_length=1000, unique=True, editable=False)
    body_html = models.TextField(editable=False, default="")
    summary = models.CharField(max_length=300, editable=False, default="")
    # Approved comments, kept current by the comments app.
    comment_count = models.PositiveIntegerField(editable=False, default=0)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="page_slug_unique_among_siblings",
                violation_error_message="A page with this slug already exists under this parent.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent=None),
                name="page_slug_unique_at_top",
                violation_error_message="A top-level page with this slug already exists.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["menu_order", "title"],
                name="page_navigation",
                condition=Q(status="published", show_in_navigation=True),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_body(self.body, self.body_format, eager_first=True)
        self.summary = plain_text(self.body_html)[:300]
        old_path = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "summary", "path"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save(update_fields=["path"])

    def get_absolute_url(self):
        return reverse("blog:page", kwargs={"path": self.path})

    def clean(self):
        super().clean()
        check_images(self)
        if self.parent_id is None and self.slug and is_reserved(self.slug):
            raise ValidationError(
                {
                    "slug": ValidationError(
                        "“%(slug)s” is already used by the site's own addresses "
                        "(/%(slug)s/…); choose another slug.",
                        code="reserved",
                        params={"slug": self.slug},
                    )
                }
            )
        if self.parent_id is not None and self.pk in self.parent.ancestor_ids():
            raise ValidationError(
                {
                    "parent": ValidationError(
                        "A page cannot be under itself or one of its own subpages.",
                        code="cycle",
                    )
                }
            )

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    def ancestor_ids(self):
        """Ids of this page and the pages above it (one query a level; pages are shallow)."""
        found, page = set(), self
        while page is not None and page.pk not in found:
            found.add(page.pk)
            page = page.parent
        return found


def check_images(obj):
    """Every media image in a post or page body has alt text and exists (blog.figures)."""
    problems = image_problems(obj.body, obj.body_format)
    if problems:
        raise ValidationError({"body": problems})
