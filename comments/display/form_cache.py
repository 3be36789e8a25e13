"""The comment form's markup, made once per process for the fresh form every reader gets.

Rendered by crispy-forms the form cost 8 ms a page. The fresh form that every
anonymous reader gets differs only in its signed token, so crispy renders it once
per shape, and each reader's token goes into that markup.
"""

from html import escape

from django.utils.safestring import mark_safe

TOKEN_STAND_IN = "\x00comment-form-token\x00"  # noqa: S105 (a marker, not a secret)
FRESH_FORMS_KEPT = 1000
_fresh_forms = {}  # (form class, parent id) -> the form's markup with TOKEN_STAND_IN


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
