"""The comment form's markup, made once per process for each shape of fresh form.

Rendered by crispy-forms the form cost 8 ms a page. A fresh form (not sent yet, for a
visitor not signed in) differs from reader to reader only in its signed token and, for
a commenter whose details are remembered, in their name, email and website: crispy
renders each shape once, with stand-ins where those values go, and each reader's own
values, escaped, go into that markup.
"""

from html import escape

from django.utils.safestring import mark_safe

# Markers no value can hold: the form's fields refuse null characters.
STAND_INS = {
    "token": "\x00comment-form-token\x00",
    "name": "\x00comment-form-name\x00",
    "email": "\x00comment-form-email\x00",
    "url": "\x00comment-form-url\x00",
}
FRESH_FORMS_KEPT = 1000
# (form class, parent id, remember, the filled fields) -> markup with STAND_INS; None
# for a shape whose markup did not hold each stand-in once (rendered every time).
_fresh_forms = {}


def fresh_form(form, render):
    """`render(form)`, crispy's markup of a form, remembered for fresh forms like `form`.

    Forms with errors or a signed-in user are rendered each time.
    """
    initial = form.initial
    if form.is_bound or form.user is not None or set(initial) - {"remember", "parent", *STAND_INS}:
        return render(form)
    values = {name: str(initial[name]) for name in STAND_INS if initial.get(name)}
    key = (type(form), initial.get("parent"), bool(initial.get("remember")), frozenset(values))
    if key in _fresh_forms:
        markup = _fresh_forms[key]
    else:
        markup = _with_stand_ins(form, render, values)
        if len(_fresh_forms) < FRESH_FORMS_KEPT:
            _fresh_forms[key] = markup
    if markup is None:
        return render(form)
    for name, value in values.items():
        markup = markup.replace(STAND_INS[name], escape(value))
    # Safe: crispy's markup, with this reader's values (escaped) where crispy had put them.
    return mark_safe(markup)  # noqa: S308


def _with_stand_ins(form, render, values):
    """The markup of a form like `form` with a stand-in for each of `values`, or None
    when a stand-in is not in it exactly once."""
    stand_ins = {name: STAND_INS[name] for name in values}
    markup = str(render(type(form)(form.target, initial={**form.initial, **stand_ins})))
    if any(markup.count(stand_in) != 1 for stand_in in stand_ins.values()):
        return None
    return markup
