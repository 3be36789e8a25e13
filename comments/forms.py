"""The "Leave a Reply" form: the fields of PRODUCT.md plus the spam-check inputs."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.validators import URLValidator
from django.forms.boundfield import BoundField

from comments.models import target_field
from comments.moderation import spam

NOTES_ID = "comment-notes"
REMEMBER_LABEL = "Save my name, email, and website in this browser for the next time I comment."
NOTIFY_LABEL = "Notify me of replies to my comment by email"
PARENT_RE = re.compile(r"[0-9]{1,18}")


class NotedBoundField(BoundField):
    """A field that the form's note ("Your email address will not be published") describes."""

    @property
    def aria_describedby(self):
        return " ".join(filter(None, [NOTES_ID, super().aria_describedby]))


class WebsiteField(forms.URLField):
    """A web address; anything but http(s) is refused."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": "Enter a website address that starts with http:// or https://."
    }


class CommentTextField(forms.CharField):
    """Text with one newline character per line break, as the browser's maxlength counts."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def _attrs(autocomplete=None, required=True):
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return {**attrs, "aria-required": "true"} if required else attrs


class CommentForm(forms.Form):
    body = CommentTextField(
        label="Comment",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8, **_attrs()}),
    )
    name = forms.CharField(
        label="Name", max_length=100, widget=forms.TextInput(attrs=_attrs("name"))
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs=_attrs("email")),
        bound_field_class=NotedBoundField,
    )
    url = WebsiteField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs=_attrs("url", required=False)),
    )
    remember = forms.BooleanField(label=REMEMBER_LABEL, required=False)
    notify = forms.BooleanField(label=NOTIFY_LABEL, required=False)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden by the site CSS, skipped by the keyboard, filled by bots.
    topic = forms.CharField(
        label="Leave this field empty (it catches spam robots)",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "hp-field", "tabindex": "-1", "autocomplete": "off"}
        ),
    )

    def __init__(self, target, *args, user=None, **kwargs):
        """`target`: the post or page commented on."""
        super().__init__(*args, **kwargs)
        self.target = target
        self.kind = target_field(target)
        self.user = user if user is not None and user.is_authenticated else None
        self.token_state = None
        if self.user:
            for name in ("name", "email", "url", "remember"):
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("token", spam.make_token(target.pk, kind=self.kind))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(name for name in ("body", "name", "email", "url") if name in self.fields),
            Field("topic", wrapper_class="hp-field"),
            *(name for name in ("remember", "notify", "parent", "token") if name in self.fields),
        )

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_parent(self):
        """The approved comment replied to, of this post or page; None for a new thread.

        A hidden comment (pending, spam, trash) is answered as a missing one, so that
        no one can tell which ids hide comments.
        """
        raw = self.cleaned_data["parent"]
        if not raw:
            return None
        parent = None
        if PARENT_RE.fullmatch(raw):
            parent = self.target.comments.approved().filter(pk=int(raw)).first()
        if parent is None:
            raise forms.ValidationError(
                "The comment you replied to could not be found.", code="invalid_parent"
            )
        return parent

    def clean_token(self):
        token = self.cleaned_data["token"]
        self.token_state = spam.check_token(token, self.target.pk, kind=self.kind)
        if self.token_state is spam.TokenState.EXPIRED:
            raise forms.ValidationError("This form has expired; please post again.", code="expired")
        return token

    def renew_token(self):
        """Give a bound form shown again a fresh token, keeping everything typed."""
        self.data = self.data.copy()
        self.data["token"] = spam.make_token(self.target.pk, kind=self.kind)

    def author(self):
        """Name, email and website of whoever writes: the signed-in user, else the form."""
        if self.user:
            name = self.user.get_full_name() or self.user.get_username()
            return {"name": name[:100], "email": self.user.email.lower(), "url": ""}
        return {key: self.cleaned_data[key] for key in ("name", "email", "url")}

    def error_summary(self):
        """(anchor or None, message) for every error, in the order of the form."""
        items = [(None, error) for error in self.non_field_errors()]
        for field in self:
            for error in field.errors:
                if field.is_hidden:
                    items.append((None, error))
                else:
                    items.append((field.id_for_label, f"{field.label}: {error}"))
        return items


class CommentEditForm(forms.Form):
    """A commenter's own comment, its text only, edited within BLOG_COMMENT_EDIT_MINUTES."""

    body = CommentTextField(
        label="Comment",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8, **_attrs()}),
    )
