"""A static page at its path; staff also preview drafts and private pages there."""

from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from blog.models import Page


def page_detail(request, path):
    page = get_object_or_404(Page.objects.visible_to(request.user), path=path)
    response = render_page(request, page)
    if not page.is_public:
        add_never_cache_headers(response)
    return response


def render_page(request, page, extra_context=None, status=200):
    """A page as its URL shows it, with `extra_context` for its template.

    For other apps that answer at another URL with the page itself: the comments app
    re-shows a page with the comment form as it was sent (a 400), as blog.views.render_post.
    """
    context = {"page": page, "page_title": page.title, "page_description": page.summary}
    return render(request, "blog/page_detail.html", context | (extra_context or {}), status=status)
