"""Template helpers for the blog's pages: canonical and paging URLs, JSON-LD, names."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from blog.authors import display_name as _display_name

register = template.Library()

# What may not appear raw inside a <script> element; the same as Django's json_script.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def display_name(user):
    return _display_name(user)


@register.filter
def iso_datetime(value):
    """A datetime as ISO 8601 in the site's time zone, to the second (for <time>)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's absolute URL: the query (search) and page, page 1 without ?page=1."""
    request = context.get("request")
    if request is None:
        return ""
    params = {}
    if context.get("query"):
        params["q"] = context["query"]
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        params["page"] = page.number
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(params)}" if params else url


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This list's URL for page `number`, keeping the other parameters (e.g. q)."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if number != 1:
        params["page"] = number
    return f"?{params.urlencode()}" if params else request.path


@register.filter
def page_range(page):
    """Page numbers around the current page, with … for the gaps: 1 … 4 5 6 7 8 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def json_ld_script(data):
    """A JSON-LD <script> block that no string inside `data` can close early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    # Safe: the escapes above leave no "<", ">" or "&" in the text.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def post_json_ld(context, post, sections, keywords):
    """schema.org BlogPosting data for a post, for search engines, with the names of its
    categories (`sections`) and tags (`keywords`), kept with its article."""
    absolute = context["request"].build_absolute_uri
    url = absolute(post.get_absolute_url())
    author_url = reverse("blog:author", kwargs={"username": post.author.get_username()})
    return json_ld_script(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": post.title,
            "description": post.summary,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": iso_datetime(post.published_at),
            "dateModified": iso_datetime(post.updated_at),
            "author": {
                "@type": "Person",
                "name": _display_name(post.author),
                "url": absolute(author_url),
            },
            "publisher": {
                "@type": "Organization",
                "name": settings.BLOG_TITLE,
                "url": absolute(reverse("blog:index")),
            },
            "articleSection": sections,
            "keywords": keywords,
            "commentCount": post.comment_count,
            **({"image": absolute(post.featured_image.share_url)} if post.featured_image else {}),
        }
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` with the site's scheme and host (an absolute URL stays as it is)."""
    return context["request"].build_absolute_uri(url)
