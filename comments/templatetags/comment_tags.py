"""Where blog templates meet comments: {% comment_section post %} (or page), the feed link,
admin counts."""

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import pagecache
from comments.display import avatars, form_cache, listing, threads
from comments.feeds import post_feed_url
from comments.forms import NOTES_ID, PARENT_RE, CommentForm
from comments.models import Comment, target_field
from comments.moderation import edits, rules
from comments.privacy import cookies
from pagecache import fragments

register = template.Library()


def _reply_to(target, form, request):
    """The approved comment being answered: from a re-shown form, else ?replytocom=<id>."""
    if form is not None and form.is_bound:
        parent = getattr(form, "cleaned_data", {}).get("parent")
        return parent if parent is not None and parent.is_approved else None
    raw = request.GET.get("replytocom", "")
    if not PARENT_RE.fullmatch(raw):
        return None
    return target.comments.approved().filter(pk=int(raw)).first()


def _fresh_form(target, request, reply_to):
    initial = cookies.remembered_author(request)
    if initial:
        initial["remember"] = True
    if reply_to is not None:
        initial["parent"] = reply_to.pk
    return CommentForm(target, user=request.user, initial=initial)


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, target):
    """A post's (or page's) comments, their pages and the "Leave a Reply" form.

    A form in the context as `comment_form` (the view's 400 answer) is shown as it
    was sent; otherwise the form is fresh, prefilled from the remember cookie.
    """
    request = context["request"]
    form = context.get("comment_form")
    reply_to = _reply_to(target, form, request)
    number = request.GET.get("cpage")
    if number is None and reply_to is not None and form is not None:
        number = threads.page_of(reply_to)
    number = str(number or 1)
    is_open = target.is_public and not rules.comments_closed(target)
    kind = target_field(target)
    own_ids = cookies.held_ids(request)
    if own_ids:
        pages = listing.comment_pages(target, number, is_open, own_ids)
    else:
        pages = fragments.get_or_render(
            ("comment-pages", kind, target.pk, number, is_open),
            lambda: listing.comment_pages(target, number, is_open),
        )
    editable = edits.editable_now(request) if is_open and pages["html"] else set()
    if editable:
        pages = {**pages, "html": listing.with_edit_links(pages["html"], editable)}
    target_url = target.get_absolute_url()
    cpage_query = f"cpage={pages['number']}" if pages["number"] > 1 else ""
    form = (form or _fresh_form(target, request, reply_to)) if is_open else None
    csrf_token = context.get("csrf_token")
    if form is not None and not form.is_bound:
        # A cached copy of this page gets each visitor's own tokens (pagecache).
        csrf_token = pagecache.personal(request, "csrf", csrf_token)
        pagecache.personal(request, "comment-token", form.initial["token"], (kind, target.pk))
    user = request.user
    page_url = f"{target_url}?{cpage_query}" if cpage_query else target_url
    return {
        "target": target,
        # Safe: rendered from autoescaped templates (comments.display.listing).
        "comment_pages": mark_safe(pages["html"]),  # noqa: S308
        "target_url": target_url,
        # comments:post or comments:page, where the form is sent.
        "action": reverse(f"comments:{kind}", args=[target.pk]),
        "page_url": page_url,
        "is_open": is_open,
        "form": form,
        "reply_to": reply_to,
        "user": user,
        "user_name": user.get_full_name() or user.get_username() if user.is_authenticated else "",
        "notes_id": NOTES_ID,
        "csrf_token": csrf_token,
    }


@register.simple_tag(takes_context=True)
def comment_form_fields(context, form):
    """{% crispy form %}, its fresh markup made once (comments.display.form_cache)."""

    def render(shown):
        with context.push(form=shown):
            return CrispyFormNode("form", None).render(context)

    return form_cache.fresh_form(form, render)


@register.simple_tag
def comment_feed_link(post):
    """<link rel="alternate"> to a public post's comment feed, for the page's <head>."""
    if not post.is_public:
        return ""
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">',
        f"Comments on “{post.title}” (RSS)",
        post_feed_url(post),
    )


@register.simple_tag
def comment_avatar(comment):
    """The commenter's generated avatar (see comments.avatars)."""
    return avatars.avatar_img(comment.email or comment.name)


@register.simple_tag
def pending_comment_count():
    """How many comments wait for a moderator."""
    return Comment.objects.pending().count()
