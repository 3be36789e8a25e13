"""Lists WordPress builds when it shows a page (latest posts, archives, categories, tag
cloud, search), built here the same way: at display time, so they stay current.

The import leaves an inert placeholder in a body (`placeholder()`), which the sanitiser
keeps (blog.sanitize.div_attribute) and `expand()` replaces with the list when the page is shown.
A body without one costs nothing; each list is read once per page-cache generation
(pagecache.fragments), so a new post shows in it at once.
"""

import html
import re

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse

from blog.models import Category, Post, Tag
from pagecache import fragments

WIDGETS = ("latest-posts", "archives", "categories", "tag-cloud", "search")
DEFAULT_COUNTS = {"latest-posts": 5, "tag-cloud": 45}
MAX_COUNT = 100
MARKER = 'class="blog-widget"'
PLACEHOLDER_RE = re.compile(r'<div class="blog-widget"([^<>]*)>\s*</div>')
ATTRIBUTE_RE = re.compile(r'\s(data-widget|data-count)="([^"<>]*)"')
TAG_SIZES = 4  # tag-cloud-1 … tag-cloud-4


def placeholder(name, count=None):
    """The element a body holds where a list goes (`count`: how many items, if it says)."""
    count_attribute = f' data-count="{min(int(count), MAX_COUNT)}"' if count else ""
    return f'<div class="blog-widget" data-widget="{html.escape(name)}"{count_attribute}></div>'


def expand(body_html):
    """`body_html` with each placeholder replaced by its list."""
    if MARKER not in body_html:
        return body_html
    searches = 0

    def one(match):
        nonlocal searches
        found = dict(ATTRIBUTE_RE.findall(match[1]))
        name = found.get("data-widget", "")
        if name not in WIDGETS:
            return ""
        count = found.get("data-count", "")
        count = int(count) if count.isdigit() else DEFAULT_COUNTS.get(name, 0)
        if name == "search":
            searches += 1
            field_id = f"widget-search-q-{searches}"
            return render_to_string("includes/search_form.html", {"field_id": field_id})
        parts = ("blog-widget", name, count)
        kept = fragments.get_or_render(
            parts, lambda: {"html": RENDERERS[name](count)}, comments=False
        )
        return kept["html"]

    return PLACEHOLDER_RE.sub(one, body_html)


def latest_posts(count):
    posts = Post.objects.published().only("title", "slug", "published_at")[:count]
    return render_to_string("blog/widgets/latest_posts.html", {"posts": posts})


def archives(_count):
    months = Post.objects.published().datetimes("published_at", "month", order="DESC")
    links = [
        (reverse("blog:month", kwargs={"year": month.year, "month": f"{month.month:02d}"}), month)
        for month in months
    ]
    return render_to_string("blog/widgets/archives.html", {"months": links})


def published_count():
    return Count("posts", filter=Q(posts__in=Post.objects.published()))


def categories(_count):
    found = Category.objects.annotate(count=published_count()).filter(count__gt=0)
    return render_to_string("blog/widgets/categories.html", {"categories": found})


def tag_cloud(count):
    tags = list(
        Tag.objects.annotate(count=published_count())
        .filter(count__gt=0)
        .order_by("-count", "name")[:count]
    )
    if tags:
        most, least = tags[0].count, tags[-1].count
        for tag in tags:
            if most == least:
                tag.size = 2  # all alike: the size of the text around them
            else:
                tag.size = 1 + (tag.count - least) * (TAG_SIZES - 1) // (most - least)
    tags.sort(key=lambda tag: tag.name.lower())
    return render_to_string("blog/widgets/tag_cloud.html", {"tags": tags})


RENDERERS = {
    "latest-posts": latest_posts,
    "archives": archives,
    "categories": categories,
    "tag-cloud": tag_cloud,
}
