"""A static page at its path; staff also preview drafts and private pages there."""

from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from blog.models import Page


def page_detail(request, path):
    page = get_object_or_404(Page.objects.visible_to(request.user), path=path)
    context = {"page": page, "page_title": page.title, "page_description": page.summary}
    response = render(request, "blog/page_detail.html", context)
    if not page.is_public:
        add_never_cache_headers(response)
    return response
