"""The sitemap: the home page, every published post and page, and categories and tags in use."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from blog.models import Category, Page, Post, Tag


class HomeSitemap(Sitemap):
    def items(self):
        return ["blog:index"]

    def location(self, name):
        return reverse(name)


class PostSitemap(Sitemap):
    def items(self):
        return (
            Post.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, post):
        return post.updated_at


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("path", "updated_at").order_by("path")

    def lastmod(self, page):
        return page.updated_at


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.filter(posts__in=Post.objects.published()).distinct()


class TagSitemap(Sitemap):
    def items(self):
        return Tag.objects.filter(posts__in=Post.objects.published()).distinct()


SITEMAPS = {
    "home": HomeSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
