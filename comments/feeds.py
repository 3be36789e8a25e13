"""Comment feeds (RSS 2.0): the latest approved comments site-wide, and one post's.

Only approved comments on public posts (and, site-wide, public pages); each item names
its commenter (never the email address or IP address, which the feeds do not even load)
and links to the comment's permalink on the right comment page.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape

from blog.models import Page, Post
from comments.display import threads
from comments.models import Comment

FEED_LENGTH = 20
PRIVATE_COLUMNS = ("email", "ip_address", "user_agent", "body")


def post_feed_url(post):
    """The comment feed of a post: `<permalink>feed/`, as PRODUCT.md fixes it."""
    return f"{post.get_absolute_url()}feed/"


class LatestCommentsFeed(Feed):
    """The newest approved comments on all public posts and pages."""

    def title(self, obj):
        return f"Comments for {settings.BLOG_TITLE}"

    def description(self, obj):
        return f"The latest comments on {settings.BLOG_TITLE}."

    def link(self, obj):
        return reverse("blog:index")

    def comments(self, obj):
        public = Q(post__in=Post.objects.published()) | Q(page__in=Page.objects.published())
        return Comment.objects.approved().filter(public)

    def items(self, obj):
        comments = list(
            self.comments(obj)
            .select_related("post", "page")
            .defer(*PRIVATE_COLUMNS)
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )
        pages = threads.pages_of(comments, Comment.objects.approved())
        for comment in comments:
            comment.feed_page = pages[comment.pk]
        return comments

    def item_title(self, comment):
        # Escaped as Django's own default item_title is: readers may show titles as HTML.
        return escape(f"Comment on {comment.target.title} by {comment.name}")

    def item_description(self, comment):
        # body_html is sanitised on save (comments.sanitize); the feed escapes it as text.
        return comment.body_html

    def item_link(self, comment):
        return comment.url_on_page(comment.feed_page)

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.name


class PostCommentsFeed(LatestCommentsFeed):
    """The approved comments of one public post, newest first."""

    def get_object(self, request, year, month, day, slug):
        post = Post.objects.published().filter(slug=slug).first()
        permalink = reverse(
            "blog:post", kwargs={"year": year, "month": month, "day": day, "slug": slug}
        )
        if post is None or post.get_absolute_url() != permalink:
            raise Http404("No such post.")
        return post

    def title(self, post):
        return f"Comments on: {post.title}"

    def description(self, post):
        return f"Comments on “{post.title}” at {settings.BLOG_TITLE}."

    def link(self, post):
        return post.get_absolute_url()

    def comments(self, post):
        return post.comments.approved()

    def item_title(self, comment):
        return escape(f"By: {comment.name}")
