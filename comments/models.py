from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import Truncator

from blog.models import Page, Post
from comments.display import threads
from comments.display.sanitize import render_comment, web_address

WEB_URL = URLValidator(schemes=["http", "https"])
ALL_COMMENTS = "comments.moderate_all_comments"


def may_moderate(user, comment):
    """Every comment with moderate_all_comments (Editors, Moderators), else those on their
    own posts and pages."""
    return user.has_perm(ALL_COMMENTS) or comment.target.author_id == user.pk


def target_field(target):
    """The field of Comment that points at `target`, a Post or a Page (an instance or the
    model): "post" or "page"."""
    return target._meta.model_name


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments the public sees."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def held(self):
        """Waiting for a moderator: pending, or caught as spam (its poster sees it as pending)."""
        return self.filter(status__in=[Comment.Status.PENDING, Comment.Status.SPAM])

    def not_trashed(self):
        return self.exclude(status=Comment.Status.TRASH)

    def shown_to(self, own_ids):
        """Approved comments, plus the held comments of a visitor who wrote them."""
        if not own_ids:
            return self.approved()
        own = Q(pk__in=list(own_ids), status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
        return self.filter(Q(status=Comment.Status.APPROVED) | own)

    def moderated_by(self, user):
        """The comments `user` may see and moderate in the admin (see may_moderate)."""
        if user.has_perm(ALL_COMMENTS):
            return self
        return self.filter(Q(post__author=user) | Q(page__author=user))

    def with_target(self):
        """With the post or page each comment is on, and its author, in the same query."""
        return self.select_related("post__author", "page__author")

    def count_per(self, field):
        """An expression for a Post (`field` "post") or Page ("page") queryset: how many of
        these comments each has."""
        per_target = (
            self.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(per_target, output_field=IntegerField()), Value(0))

    def delete(self):
        """Delete, moving each surviving reply up to its nearest surviving ancestor.

        Writers delete through comments.lifecycle.delete, which also recounts.
        """
        rows = dict(self.values_list("pk", "parent_id"))
        with transaction.atomic():
            orphans = Comment.objects.filter(parent_id__in=rows).exclude(pk__in=rows)
            moves = defaultdict(list)
            for pk, parent_id in orphans.values_list("pk", "parent_id"):
                while parent_id in rows:
                    parent_id = rows[parent_id]
                moves[parent_id].append(pk)
            for parent_id, pks in moves.items():
                Comment.objects.filter(pk__in=pks).update(parent_id=parent_id)
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    # What the comment is on: a post or a page, exactly one of them (`target`).
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    # SET_NULL only as a last resort: delete() re-parents replies before it applies.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, blank=True)
    url = models.URLField("website", max_length=200, blank=True, validators=[WEB_URL])
    body = models.TextField(max_length=10_000, help_text="As the commenter typed it.")
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    # What the flood check counts by: the address, or its /64 for IPv6, where one
    # subscriber holds a whole /64 and could post from a new address each time.
    network = models.CharField(max_length=50, blank=True, editable=False)
    # The nonce of the form token that made this comment (comments.moderation.spam): one
    # comment per form. Empty for comments from elsewhere (imports, the admin, replays).
    form_nonce = models.CharField(max_length=16, blank=True, editable=False)
    user_agent = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by comments.lifecycle.moderated; prune_comment_data deletes the trash after
    # BLOG_TRASH_DAYS (counted from created_at for comments imported as trash).
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Reply notifications (comments.notifications): the commenter's wish, and when the
    # emails about this comment went out, so that approving it twice sends nothing twice.
    notify_replies = models.BooleanField(
        "notify of replies", default=False, help_text="Email the commenter about replies."
    )
    replied_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The comment answered: the parent, except past the deepest thread level.",
    )
    author_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderators_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        permissions = [
            ("moderate_comment", "Can moderate comments"),
            # Without it a user sees only the comments on their own posts (moderated_by).
            ("moderate_all_comments", "Can see and moderate the comments on every post"),
        ]
        # status is the leading column of comment_status_date, so it needs no index of
        # its own; each index below serves a page or a check of the comment POST.
        constraints = [
            models.UniqueConstraint(
                fields=["form_nonce"], condition=~Q(form_nonce=""), name="comment_form_nonce"
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False, page__isnull=True)
                | Q(post__isnull=True, page__isnull=False),
                name="comment_on_post_or_page",
                violation_error_message="A comment is on a post or on a page: choose one.",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status"),
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status"),
            models.Index(fields=["email", "created_at"], name="comment_email_date"),
            models.Index(fields=["email", "status"], name="comment_email_status"),
            models.Index(fields=["network", "created_at"], name="comment_network_date"),
            models.Index(fields=["status", "created_at"], name="comment_status_date"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(40)}"

    def save(self, *args, **kwargs):
        if getattr(self, "_rendered_body", None) != self.body:
            self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The post's (or page's) URL, on the comment page that shows this comment."""
        return self.url_on_page(threads.page_of(self))

    def url_on_page(self, page):
        """The permalink for a comment whose comment page is known (see threads.pages_of)."""
        query = f"?cpage={page}" if page > 1 else ""
        return f"{self.target.get_absolute_url()}{query}#comment-{self.pk}"

    @property
    def target(self):
        """What the comment is on: its post, or its page (title, URL, author, is_public,
        comments_open and `comments` are alike on both)."""
        return self.page if self.post_id is None else self.post

    def delete(self, *args, **kwargs):
        """Delete this comment; its replies move up to its parent."""
        with transaction.atomic():
            self.replies.update(parent_id=self.parent_id)
            return super().delete(*args, **kwargs)

    def clean(self):
        """A parent must be an earlier comment of the same post (or page), never one of
        the replies."""
        if self.parent_id is None:
            return
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                message = "A comment cannot reply to itself or to its replies."
                raise ValidationError({"parent": message}, code="cycle")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if (self.parent.post_id, self.parent.page_id) != (self.post_id, self.page_id):
            raise ValidationError(
                {"parent": "The parent must be a comment on the same post or page."},
                code="other_post",
            )

    def render(self):
        """Derive body_html from body; save() does it unless it is done for this body."""
        self.body_html = render_comment(self.body)
        self._rendered_body = self.body

    @property
    def website(self):
        return web_address(self.url)

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def answers(self):
        """The comment this one replies to (None for a new thread)."""
        return self.replied_to if self.replied_to_id else self.parent
