"""The posts of a list page (home, archives, search), rendered in one Jinja2 loop.

The summaries are the part of a list page that repeats, ten times a page. As Django
templates (an include per post, two more inside it, a dozen URLs reversed each) and
with the categories and tags as prefetched model instances, they were most of a list
page's time. Here each post's values are prepared once in Python and one Jinja2 loop
(blog/jinja2/blog/post_summaries.html) lays them out, for the same HTML byte for byte:

- the categories and tags of the page's posts come in one query each, as plain rows
  (prefetch_related made the same two queries, at 3 ms for ten posts against 1 ms);
- a URL is reversed once per page (a post's three links, an author's or a tag's
  repeats on one page);
- every value is escaped here with Django's own escaping (Jinja2's writes quotes as
  &#34; where Django writes &quot;), so the template only places them.

Measured in process (bench/cpu.py, BLOG_PAGE_CACHE=0, the home page of bench/build.py's
1,000 posts): see bench/RESULTS.md and the notes of the speed issue.
"""

from collections import defaultdict

from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from blog.authors import display_name
from blog.models import Category, Post, Tag
from medialibrary.templatetags.media_tags import picture
from pagecache import fragments


def comments_label(count):
    if count == 0:
        return "No comments"
    return "1 Comment" if count == 1 else f"{count} Comments"


def featured_picture(item, eager):
    """{% picture item eager=… %}, as the Django template drew it."""
    return render_to_string("medialibrary/picture.html", picture(item, eager=eager))


def terms_of(posts, relation, model):
    """{post id: [(escaped URL, escaped name)]} of a many-to-many relation of the
    posts (Post.categories or Post.tags), in the model's order, in one query."""
    through, field = relation.through, relation.field.m2m_reverse_field_name()
    ordering = [f"{field}__{name}" for name in model._meta.ordering]
    rows = (
        through.objects.filter(post_id__in=[post.pk for post in posts])
        .values_list("post_id", f"{field}__pk", f"{field}__name", f"{field}__slug")
        .order_by(*ordering, f"{field}__pk")
    )
    urls, terms = {}, defaultdict(list)
    for post_id, pk, name, slug in rows:
        if pk not in urls:
            urls[pk] = conditional_escape(model(pk=pk, name=name, slug=slug).get_absolute_url())
        terms[post_id].append((urls[pk], conditional_escape(name)))
    return terms


class Summaries:
    """The values each summary shows, for one page of posts."""

    def __init__(self, posts, is_index):
        self.posts, self.is_index = list(posts), is_index
        self.categories = terms_of(self.posts, Post.categories, Category)
        self.tags = terms_of(self.posts, Post.tags, Tag)
        self.authors = {}

    def author(self, user):
        """(URL, name) of an author, escaped; once per author on the page."""
        if user.pk not in self.authors:
            url = reverse("blog:author", kwargs={"username": user.get_username()})
            name = display_name(user)
            self.authors[user.pk] = (conditional_escape(url), conditional_escape(name))
        return self.authors[user.pk]

    def summary(self, post, first):
        escape = conditional_escape
        local = timezone.localtime(post.published_at)
        author_url, author_name = self.author(post.author)
        return {
            "url": escape(post.get_absolute_url()),
            "title": escape(post.title),
            "sticky": self.is_index and post.sticky,
            "iso": escape(local.replace(microsecond=0).isoformat()),
            "date": escape(date_format(local, "F j, Y")),
            "author_url": author_url,
            "author_name": author_name,
            "categories": self.categories.get(post.pk, []),
            "comments": escape(comments_label(post.comment_count)),
            "picture": (
                featured_picture(post.featured_image, first) if post.featured_image else ""
            ),
            # Safe: sanitised HTML, stored on save (blog.markup).
            "excerpt_html": mark_safe(post.excerpt_html),  # noqa: S308
            "has_more": post.has_more,
            "tags": self.tags.get(post.pk, []),
        }

    def render(self):
        prepared = [self.summary(post, index == 0) for index, post in enumerate(self.posts)]
        template = engines["jinja2"].get_template("blog/post_summaries.html")
        # Safe: every value was escaped above.
        return mark_safe(template.render({"posts": prepared}))  # noqa: S308


def post_summaries(posts, is_index=False):
    """The summaries of `posts` (with their authors and featured images), as HTML.

    The same for every reader until something readers see changes, so rendered once
    per generation for each list of posts (pagecache.fragments).
    """
    posts = list(posts)
    parts = ("post-summaries", is_index, *(post.pk for post in posts))
    kept = fragments.get_or_render(parts, lambda: {"html": Summaries(posts, is_index).render()})
    # Safe: rendered from escaped values by render().
    return mark_safe(kept["html"])  # noqa: S308
