"""Pages for readers: the home page, permalinks and search (archives: blog.archives)."""

from datetime import date

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.generic import DateDetailView, ListView

from blog.forms import SearchForm
from blog.models import Post
from blog.search import search_posts
from blog.summaries import post_summaries
from pagecache import fragments


class PostListMixin:
    """What every list of posts shares: public posts with what lists show, paginated."""

    template_name = "blog/post_list.html"
    allow_empty = False

    def get_paginate_by(self, queryset):
        return settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.published()

    def paginate_queryset(self, queryset, page_size):
        # Related data only for the page shown, not for the date views' other lookups;
        # the categories and tags are read with the summaries (blog.summaries).
        queryset = queryset.select_related("author", "featured_image")
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts, is_index = context["object_list"], context.get("is_index", False)
        context["post_summaries"] = SimpleLazyObject(lambda: post_summaries(posts, is_index))
        return context


def archive_titles(kind, name):
    """What an archive page is called: in its heading ("Category" over "Garden") and title."""
    return {"archive_kind": kind, "archive_name": name, "page_title": f"{kind}: {name}"}


class PostIndexView(PostListMixin, ListView):
    allow_empty = True
    extra_context = {"is_index": True}

    def get_queryset(self):
        return super().get_queryset().order_by("-sticky", "-published_at", "-id")


class SearchView(PostListMixin, ListView):
    template_name = "blog/search.html"
    allow_empty = True

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return search_posts(super().get_queryset(), self.form.query)

    def get_context_data(self, **kwargs):
        query = self.form.query
        titles = (
            archive_titles("Search results", f"“{query}”") if query else {"page_title": "Search"}
        )
        return super().get_context_data(form=self.form, query=query, **titles, **kwargs)


class PostDetailView(DateDetailView):
    """A post at its permalink; staff also preview drafts, scheduled and private posts."""

    date_field = "published_at"
    month_format = "%m"

    def get_queryset(self):
        # Its terms are read with the rest of its article, once per generation (article()).
        return Post.objects.visible_to(self.request.user).select_related("author", "featured_image")

    def get_allow_future(self):
        return self.request.user.is_staff

    def get_object(self, queryset=None):
        """The post of the URL's slug, when the URL's date is its date.

        As DateDetailView answers, but slugs are unique: the post is found by its slug
        alone and its date compared here, in the current time zone, instead of by a
        range on the date in the query as well (0.8 ms of the 3 ms of this query).
        """
        try:
            day = date.fromisoformat("{year}-{month}-{day}".format(**self.kwargs))
        except ValueError:
            raise Http404("Invalid date") from None
        if not self.get_allow_future() and day > date.today():
            raise Http404("Future posts are not available")
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            post = queryset.get(slug=self.kwargs["slug"])
        except Post.DoesNotExist:
            raise Http404("No post found matching the query") from None
        if timezone.localtime(post.published_at).date() != day:
            raise Http404("No post found matching the query")
        return post

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            post = self.moved_post()
            if post is None:
                raise
            return redirect(post, permanent=post.is_public)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response

    def moved_post(self):
        """The post of this slug, when the URL has a real date but not the post's.

        Links keep working when a post's date is edited or TIME_ZONE changes.
        """
        try:
            date.fromisoformat("{year}-{month}-{day}".format(**self.kwargs))
        except ValueError:
            return None
        post = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if post is None or post.get_absolute_url() == self.request.path:
            return None
        return post

    def get_context_data(self, **kwargs):
        return super().get_context_data(**post_page_context(self.object), **kwargs)


def post_page_context(post):
    """What a post's page shows beside the post itself."""
    kept = fragments.get_or_render(("article", post.pk), lambda: article(post), comments=False)
    return {
        "page_title": post.title,
        "page_description": post.summary,
        "og_type": "article",
        "og_image": post.featured_image,
        # Safe: rendered from autoescaped templates (article()).
        "article": {**kept, **{part: mark_safe(kept[part]) for part in ARTICLE_HTML}},  # noqa: S308
        **fragments.get_or_render(
            ("neighbours", post.pk), lambda: neighbours(post), comments=False
        ),
    }


ARTICLE_HTML = {
    "byline": "blog/includes/post_byline.html",
    "figure": "blog/includes/post_figure.html",
    "body": "blog/includes/post_body.html",
}


def article(post):
    """The parts of a post's page that only a change to the post itself (or its terms,
    author or images) changes, as plain values, kept as a fragment: the byline, the
    featured image, the text and tags as HTML, and the terms' names for the JSON-LD."""
    prefetch_related_objects([post], "categories", "tags")
    context = {"post": post}
    return {
        **{part: render_to_string(name, context) for part, name in ARTICLE_HTML.items()},
        "sections": [category.name for category in post.categories.all()],
        "keywords": [tag.name for tag in post.tags.all()],
    }


def render_post(request, post, extra_context=None, status=200):
    """A post's page as its permalink shows it, with `extra_context` for its template.

    For other apps that answer at another URL with the post's own page: the comments
    app re-shows a post with the comment form as it was sent (a 400).
    """
    context = {"object": post, "post": post, **post_page_context(post), **(extra_context or {})}
    return render(request, "blog/post_detail.html", context, status=status)


def neighbours(post):
    """The posts before and after this one, as plain values (kept as a fragment)."""
    found = {
        "previous_post": adjacent_post(post, before=True),
        "next_post": adjacent_post(post, before=False),
    }
    return {
        name: {"url": other.get_absolute_url(), "title": other.title} if other else None
        for name, other in found.items()
    }


def adjacent_post(post, *, before):
    """The published post just before (or after) this one, by publication date."""
    lookup, order = ("lt", "-") if before else ("gt", "")
    when = post.published_at
    neighbour = Q(**{f"published_at__{lookup}": when}) | Q(
        published_at=when, **{f"pk__{lookup}": post.pk}
    )
    return (
        Post.objects.published()
        .filter(neighbour)
        .only("title", "slug", "published_at")
        .order_by(f"{order}published_at", f"{order}pk")
        .first()
    )
