"""Post feeds: the whole blog (RSS 2.0 and Atom), and one per category and per tag."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from blog.authors import display_name
from blog.categories import in_category
from blog.models import Category, Post, Tag

FEED_LENGTH = 20


class FullContentAtom1Feed(Atom1Feed):
    """Atom with the whole post in <content>, beside the excerpt in <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestPostsFeed(Feed):
    """The newest published posts, each with its full text (RSS 2.0)."""

    def title(self):
        return settings.BLOG_TITLE

    def description(self):
        return settings.BLOG_TAGLINE

    def link(self):
        return reverse("blog:index")

    def posts(self, obj):
        """The posts this feed is about; feeds for one category or tag narrow it down."""
        return Post.objects.published()

    def items(self, obj):
        return self.posts(obj).for_lists().order_by("-published_at", "-id")[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.body_html

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return display_name(post.author)

    def item_categories(self, post):
        return [term.name for term in [*post.categories.all(), *post.tags.all()]]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = FullContentAtom1Feed

    def subtitle(self):
        return settings.BLOG_TAGLINE

    def item_description(self, post):
        return post.excerpt_html

    def item_extra_kwargs(self, post):
        return {"content": post.body_html}


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{settings.BLOG_TITLE} » {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def posts(self, category):
        return in_category(Post.objects.published(), category)


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.BLOG_TITLE} » {tag.name}"

    def link(self, tag):
        return tag.get_absolute_url()

    def posts(self, tag):
        return Post.objects.published().filter(tags=tag)
