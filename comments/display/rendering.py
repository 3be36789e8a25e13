"""The two costly parts of a post's comment section, made cheap (see bench/RESULTS.md).

The comment list is built in Python rather than by the template engine: it is the
one part of a page that repeats per comment, and through the template engine it cost
about 0.2 ms a comment (20 ms for 100 comments, 200 ms for 1,000), mostly variable
lookups and the `date` filter. Here it is a few string operations a comment, with the
same escaping (html.escape is what Django's autoescape calls) and byte for byte the
markup that comments/section.html had (tests/test_comment_list_markup.py compares).

The form, rendered by crispy-forms, cost 8 ms a page. The fresh form that every
anonymous reader gets differs only in its signed token, so crispy renders it once
per process and shape, and each reader's token goes into that markup.
"""

from functools import lru_cache
from html import escape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from comments.display.avatars import avatar_img

TOKEN_STAND_IN = "\x00comment-form-token\x00"  # noqa: S105 (a marker, not a secret)
FRESH_FORMS_KEPT = 1000
_fresh_forms = {}  # (form class, parent id) -> the form's markup with TOKEN_STAND_IN
HELD_NOTE = '<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>'
EDITED = ' <span class="comment-edited">(edited)</span>'


@lru_cache(maxsize=64)
def _names(language):
    """Month names and AM/PM in a language: translating them is most of the date's cost."""
    return {n: str(name) for n, name in MONTHS.items()}, (gettext("AM"), gettext("PM"))


def when(moment):
    """As the `date` filter's "F j, Y \\a\\t g:i A", in the current time zone."""
    local = timezone.localtime(moment)
    months, noon = _names(get_language())
    date = f"{months[local.month]} {local.day}, {local.year}"
    return f"{date} at {local.hour % 12 or 12}:{local.minute:02d} {noon[local.hour > 11]}"


@lru_cache(maxsize=4096)
def _avatar(email_or_name, secret):
    return avatar_img(email_or_name)


def avatar(comment):
    """comments.display.avatars.avatar_img, kept per address (the key is part of the picture)."""
    return _avatar(comment.email or comment.name, settings.SECRET_KEY)


def author(comment):
    name = escape(comment.name)
    website = comment.website
    if website:
        return f'<a href="{escape(website)}" rel="external nofollow ugc" class="url">{name}</a>'
    return name


def item(entry, page_url, reply_query, is_open):
    """One comment's <li>, left open when its replies follow."""
    comment, pk = entry.comment, entry.comment.pk
    name = escape(comment.name)
    parts = [
        '\n    <li class="comment-item">\n',
        f'      <article id="comment-{pk}" class="comment depth-{entry.depth}',
        ' comment-held">\n' if entry.held else '">\n',
        '        <footer class="comment-meta">\n          ',
        avatar(comment),
        f'\n          <span class="comment-author">{author(comment)}</span>\n',
        f'          <a class="comment-permalink" href="{page_url}#comment-{pk}">',
        f'<time datetime="{comment.created_at.isoformat()}">{when(comment.created_at)}</time></a>',
        EDITED if comment.edited_at else "",
        "\n          ",
    ]
    if entry.editable and is_open:
        edit_url = escape(reverse("comments:edit", args=[pk]))
        parts.append(f'<a class="comment-edit-link" href="{edit_url}">Edit</a>')
    parts += ["\n          ", HELD_NOTE if entry.held else "", "\n        </footer>\n"]
    parts.append(f'        <div class="comment-body">{comment.body_html}</div>\n        ')
    if is_open and not entry.held:
        parts.append(
            f'<div class="reply"><a class="comment-reply-link" href="?{reply_query}'
            f'replytocom={pk}#respond" data-comment-id="{pk}" data-author="{name}" '
            f'aria-label="Reply to {name}">Reply</a></div>'
        )
    parts.append("\n    ")
    if entry.has_children:
        parts.append('<ol class="children">')
    else:
        parts.append("</article></li>" + "</ol></article></li>" * len(entry.closes))
    parts.append("\n  ")
    return "".join(parts)


def comment_list(entries, page_url, reply_query, is_open):
    """The items of a comment page's <ol class="comment-list">, threads nested."""
    page_url, reply_query = escape(page_url), escape(reply_query)
    # Safe: every value from a commenter is escaped above; body_html is sanitised on save.
    return mark_safe("".join(item(e, page_url, reply_query, is_open) for e in entries))  # noqa: S308


def fresh_form(form, render):
    """`render()`, crispy's markup of `form`, remembered for fresh anonymous forms.

    Forms with errors, a signed-in user or remembered details are rendered each time.
    """
    if form.is_bound or form.user is not None or set(form.initial) - {"token", "parent"}:
        return render()
    token = escape(form.initial["token"])
    key = (type(form), form.initial.get("parent"))
    markup = _fresh_forms.get(key)
    if markup is None:
        html = render()
        if len(_fresh_forms) < FRESH_FORMS_KEPT:
            _fresh_forms[key] = html.replace(token, TOKEN_STAND_IN)
        return html
    # Safe: crispy's markup, with the token (escaped) where crispy had put it.
    return mark_safe(markup.replace(TOKEN_STAND_IN, token))  # noqa: S308
