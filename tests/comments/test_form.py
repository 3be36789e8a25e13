"""The "Leave a Reply" form as a reader gets it: fields, labels, accessibility, sign-in."""

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from tests.support.comment_pages import all_tags

NOTE = (
    "Your email address will not be published. Required fields are marked "
    '<span class="required">*</span>'
)


@pytest.fixture
def form_page(client, post):
    return client.get(post.get_absolute_url()).text


def inputs(page):
    """Attributes of each form control, by name."""
    controls = {}
    for tag, attrs in all_tags(page):
        attrs = dict(attrs)
        if tag in {"input", "textarea"} and "name" in attrs:
            controls[attrs["name"]] = attrs
    return controls


def label_targets(page):
    return {dict(attrs).get("for") for tag, attrs in all_tags(page) if tag == "label"}


def test_form_posts_to_the_comment_url(form_page, post):
    """The form's action is /comments/post/<post id>/, method post, validated by the browser."""
    form = next(dict(a) for t, a in all_tags(form_page) if dict(a).get("id") == "commentform")
    assert form["action"] == f"/comments/post/{post.pk}/"
    assert form["method"] == "post"
    assert "novalidate" not in form
    assert "comment-form" in form["class"]


def test_form_has_the_fields_of_the_contract(form_page):
    """name, email, url, body, parent, remember and the anti-spam inputs are rendered."""
    names = set(inputs(form_page))
    assert {"name", "email", "url", "body", "parent", "remember", "token", "topic"} <= names
    assert inputs(form_page)["parent"]["type"] == "hidden"
    assert inputs(form_page)["token"]["type"] == "hidden"


def test_every_visible_input_has_a_label(form_page):
    """Each visible control has a <label for> pointing at it."""
    targets = label_targets(form_page)
    for name, attrs in inputs(form_page).items():
        if attrs.get("type") != "hidden" and name != "csrfmiddlewaretoken":
            assert attrs["id"] in targets, name


@pytest.mark.parametrize(
    ("name", "autocomplete", "maxlength"),
    [("name", "name", "100"), ("email", "email", "254"), ("body", None, "10000")],
)
def test_required_fields_are_marked_for_browsers_and_readers(
    form_page, name, autocomplete, maxlength
):
    """Required inputs carry required, aria-required, autocomplete and maxlength."""
    attrs = inputs(form_page)[name]
    assert "required" in attrs
    assert attrs["aria-required"] == "true"
    assert attrs.get("autocomplete") == autocomplete
    assert attrs["maxlength"] == maxlength


def test_website_is_optional_with_autocomplete(form_page):
    """The website input is optional, type url, autocomplete url."""
    attrs = inputs(form_page)["url"]
    assert "required" not in attrs
    assert attrs["type"] == "url"
    assert attrs["autocomplete"] == "url"


def test_email_input_is_described_by_the_note(form_page):
    """The email input points at the note saying the address is not published."""
    assert inputs(form_page)["email"]["aria-describedby"] == "comment-notes"
    assert f'<p class="comment-notes" id="comment-notes">{NOTE} <a ' in form_page


def test_form_has_heading_remember_label_and_button(form_page):
    """Heading, remember checkbox label and the "Post Comment" button are as WordPress's."""
    assert "Leave a Reply</span>" in form_page
    assert "Save my name, email, and website in this browser for the next time I comment." in (
        form_page
    )
    assert '<button type="submit" id="submit" class="submit btn btn-primary">Post Comment' in (
        form_page
    )


def test_reply_script_is_external_and_deferred(form_page):
    """The reply script is a deferred external file; the section has no inline script."""
    section = form_page.split('<section id="comments"', 1)[1].split("</section>", 1)[0]
    scripts = [dict(a) for t, a in all_tags(section) if t == "script"]
    assert scripts == [{"src": "/static/js/comment-reply.js", "defer": None}]


def test_form_markup_has_no_inline_style(form_page):
    """Nothing in the comment section needs style-src 'unsafe-inline'."""
    section = form_page.split('<section id="comments"', 1)[1].split("</section>", 1)[0]
    assert "style=" not in section


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user(
        "lin", email="Lin@Example.com", password="pw-lin-12345", first_name="Lin", last_name="Ho"
    )


def test_signed_in_user_sees_logged_in_as_instead_of_fields(client, member, post):
    """A signed-in user sees "Logged in as NAME. Log out?" and no name, email or url."""
    client.force_login(member)
    page = client.get(post.get_absolute_url()).text
    assert "Logged in as Lin Ho." in page
    assert "Log out?</button>" in page
    assert not {"name", "email", "url", "remember"} & set(inputs(page))


def test_logged_in_name_falls_back_to_the_username(client, db, post):
    """Without a full name the username is shown."""
    user = get_user_model().objects.create_user("quietreader", password="pw-q-12345")
    client.force_login(user)
    assert "Logged in as quietreader." in client.get(post.get_absolute_url()).text


def test_log_out_is_a_post_form_outside_the_comment_form(client, member, post):
    """Log out POSTs to the admin logout URL from its own form, not nested in the other."""
    client.force_login(member)
    page = client.get(post.get_absolute_url()).text
    logout = page.split('<form class="logout-form"', 1)[1].split("</form>", 1)[0]
    assert 'action="/admin/logout/"' in logout
    assert 'method="post"' in logout
    assert 'id="commentform"' not in logout
    assert "csrfmiddlewaretoken" in logout


def test_signed_in_users_comment_is_tied_to_the_account(
    settings, client, member, post, comment_data
):
    """A signed-in user's comment is theirs, with the account's name and email."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    client.force_login(member)
    data = comment_data(post, name="Someone Else", email="else@example.com")
    client.post(f"/comments/post/{post.pk}/", data)
    comment = Comment.objects.get()
    assert comment.user == member
    assert (comment.name, comment.email) == ("Lin Ho", "lin@example.com")


def test_signed_in_user_posts_without_name_or_email(settings, client, member, post, comment_data):
    """The form of a signed-in user is valid without the hidden identity fields."""
    client.force_login(member)
    data = comment_data(post)
    for field in ("name", "email", "url"):
        del data[field]
    assert client.post(f"/comments/post/{post.pk}/", data).status_code == 302
