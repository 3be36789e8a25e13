"""What the media library learns from the blog: which posts and pages use an image.

A post uses an item as its featured image or in its body, where blog.figures marks each
image with the class `media-item-<pk>` (last in its class list, so `…-4` is not `…-42`).
When an item is deleted, the posts and pages that showed it are rendered again without it.
"""

from django.db.models import Q
from django.urls import reverse

import pagecache
from blog.models import Page, Post


def marker(pk):
    return f'media-item-{pk}"'


def find(items):
    """(item pk, kind, title, admin URL) for each post and page using one of `items`."""
    pks = [item.pk for item in items]
    if not pks:
        return
    in_body = Q()
    for pk in pks:
        in_body |= Q(body_html__contains=marker(pk))
    posts = Post.objects.filter(in_body | Q(featured_image__in=pks))
    for post in posts.only("title", "body_html", "featured_image"):
        for pk in pks:
            if post.featured_image_id == pk or marker(pk) in post.body_html:
                yield pk, "post", post.title, reverse("admin:blog_post_change", args=[post.pk])
    for page in Page.objects.filter(in_body).only("title", "body_html"):
        for pk in pks:
            if marker(pk) in page.body_html:
                yield pk, "page", page.title, reverse("admin:blog_page_change", args=[page.pk])


def render_again(items):
    """Render again the posts and pages showing `items` (their files changed); True when
    any shows one, in its body or as its featured image."""
    pks = [item.pk for item in items]
    shown = False
    for pk in pks:
        for model in (Post, Page):
            for obj in model.objects.filter(body_html__contains=marker(pk)):
                obj.save(update_fields=["body_html"])
                shown = True
    return shown or Post.objects.filter(featured_image__in=pks).exists()


def forget(sender, instance, **kwargs):
    """post_delete of a MediaItem: render again what showed it, so no image is broken."""
    if render_again([instance]):
        pagecache.changed()
