from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from blog.models import Page, Post
from blog.pages import render_page
from blog.views import render_post
from comments import lifecycle
from comments.display import threads
from comments.forms import CommentForm
from comments.models import Comment, target_field
from comments.moderation import client, edits, locks, rules, spam
from comments.moderation.facts import CommentFacts
from comments.privacy import cookies

CLOSED = "Sorry, comments are closed for this item."
DUPLICATE = "Duplicate comment detected; it looks as though you've already said that!"
FLOOD = "You are posting comments too quickly. Slow down."
REFUSED = (rules.Verdict.DUPLICATE, rules.Verdict.FLOOD)

STATUS_OF = {
    rules.Verdict.SPAM: Comment.Status.SPAM,
    rules.Verdict.PENDING: Comment.Status.PENDING,
    rules.Verdict.APPROVED: Comment.Status.APPROVED,
}


@require_POST
@csrf_protect
def post_comment(request, post_id):
    """Take a comment from the form under a post."""
    return take_comment(request, get_object_or_404(Post, pk=post_id))


@require_POST
@csrf_protect
def page_comment(request, page_id):
    """Take a comment from the form under a page (one the public cannot see: 403, as posts)."""
    return take_comment(request, get_object_or_404(Page, pk=page_id))


def take_comment(request, target):
    """A comment on `target`, a post or a page, in the order of PRODUCT.md "Moderation"."""
    if not target.is_public or rules.comments_closed(target):
        return refuse(request, target, CLOSED, status=403)

    user = request.user if request.user.is_authenticated else None
    form = CommentForm(target, request.POST, user=user)
    if not form.is_valid():
        return render_target_page(request, target, form, status=400)
    parent = form.cleaned_data["parent"]

    author = form.author()
    comment = Comment(
        **{target_field(target): target},
        parent=threads.reply_parent(parent, settings.BLOG_COMMENT_THREAD_DEPTH),
        replied_to=parent,
        user=user,
        body=form.cleaned_data["body"],
        ip_address=(address := client.client_ip(request)),
        network=client.network(address),
        user_agent=client.user_agent(request),
        notify_replies=form.cleaned_data["notify"] and bool(author["email"]),
        **author,
    )
    comment.render()
    facts = CommentFacts(
        comment,
        token_state=form.token_state,
        honeypot=form.cleaned_data["topic"],
        is_staff=bool(user and user.is_staff),
        request=request,
    )
    # The duplicate and flood checks and the insert are one write transaction, so that
    # concurrent identical POSTs store one comment (locks.py says how it is serialised).
    with transaction.atomic():
        locks.serialise_posting(target, comment)
        verdict = rules.decide(facts, settings.BLOG_COMMENT_MODERATION)
        if verdict not in REFUSED:
            comment.status = STATUS_OF[verdict]
            save_once_per_form(comment, form)
            lifecycle.posted(comment, request)
    if verdict is rules.Verdict.DUPLICATE:
        return refuse(request, target, DUPLICATE, status=409)
    if verdict is rules.Verdict.FLOOD:
        response = refuse(request, target, FLOOD, status=429)
        response["Retry-After"] = str(facts.retry_after)
        return response
    response = redirect(comment.get_absolute_url())
    if not user:
        if form.cleaned_data["remember"]:
            cookies.remember_author(response, **author)
        else:
            cookies.forget_author(response)
    if not comment.is_approved:
        cookies.add_held(request, response, comment.pk)
    if settings.BLOG_COMMENT_EDIT_MINUTES > 0:
        cookies.add_editable(request, response, comment.pk, edits.window())
    return response


def save_once_per_form(comment, form):
    """Save the comment; a second one from the same form is spam.

    A form's token makes one comment (Comment.form_nonce is unique): one page's form
    sent again and again, from other addresses say, is spam after its first comment.
    Known after the duplicate and flood checks, so that sending the same form twice is
    still a 409.
    """
    if form.token_state is spam.TokenState.VALID:
        comment.form_nonce = spam.token_nonce(form.cleaned_data["token"])
        try:
            with transaction.atomic():
                comment.save()
            return
        except IntegrityError:
            comment.form_nonce = ""
            comment.status = Comment.Status.SPAM
    comment.save()


def render_target_page(request, target, form, status):
    """The post's (or page's) own page, as blog renders it, with the comment form as
    submitted."""
    form.renew_token()
    render_target = render_page if isinstance(target, Page) else render_post
    response = render_target(request, target, {"comment_form": form}, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def refuse(request, target, message, status):
    """A page in the site's layout saying why the comment was not taken."""
    context = {"message": message, "target": target if target.is_public else None}
    return render(request, "comments/refused.html", context, status=status)
