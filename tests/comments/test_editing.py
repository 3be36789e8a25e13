"""Editing your own comment, from the same browser, for BLOG_COMMENT_EDIT_MINUTES."""

import pytest
from django.core import signing
from django.db import connection
from django.test import Client

from comments.models import Comment
from comments.privacy.cookies import EDIT_COOKIE, EDIT_SALT
from tests.support.comment_pages import all_tags, form_token

AWAITING = "Your comment is awaiting moderation."


@pytest.fixture(autouse=True)
def edit_settings(open_moderation, settings):
    """Open moderation, a ten-minute edit window, one link allowed, no outside checkers."""
    settings.BLOG_COMMENT_EDIT_MINUTES = 10
    settings.BLOG_COMMENT_MAX_LINKS = 1
    settings.AKISMET_API_KEY = ""
    settings.BLOG_SPAM_CHECKERS = []


@pytest.fixture
def posted(clock, post_comment, post):
    """A comment this browser has just posted (the clock is frozen)."""
    response = post_comment(post, body="First draft")
    assert response.status_code == 302
    return Comment.objects.latest()


def edit_url(comment):
    return f"/comments/edit/{comment.pk}/"


def edit_links(page):
    return [
        dict(a)["href"]
        for t, a in all_tags(page)
        if "comment-edit-link" in dict(a).get("class", "")
    ]


def save(client, comment, body):
    return client.post(edit_url(comment), {"body": body})


def test_author_sees_edit_on_their_comment(client, posted, post):
    """Within the window the author's browser shows "Edit" on their comment."""
    page = client.get(post.get_absolute_url()).text
    assert edit_links(page) == [edit_url(posted)]


def test_others_see_no_edit_link(posted, post):
    """Another browser sees the comment without "Edit"."""
    assert edit_links(Client().get(post.get_absolute_url()).text) == []


def test_edit_page_shows_the_text(client, posted):
    """GET shows a form holding the comment's text, body only."""
    response = client.get(edit_url(posted))
    assert response.status_code == 200
    assert "First draft</textarea>" in response.text
    form = response.text.split('class="comment-form comment-edit-form"', 1)[1].split("</form>")[0]
    names = {dict(a).get("name") for t, a in all_tags(form) if t in {"input", "textarea"}}
    assert names == {"csrfmiddlewaretoken", "body"}


def test_saved_edit_shows_with_an_edited_mark(settings, client, clock, posted, post):
    """A trusted author's edit is saved, edited_at set, and the comment marked "(edited)"."""
    settings.BLOG_COMMENT_TRUSTED_AFTER = 1
    clock.advance(minutes=3)
    response = save(client, posted, "Second thoughts")
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{posted.pk}"
    posted.refresh_from_db()
    assert posted.body == "Second thoughts"
    assert "Second thoughts" in posted.body_html
    assert posted.edited_at == clock.now
    page = Client().get(post.get_absolute_url()).text
    assert "Second thoughts" in page
    assert '<span class="comment-edited">(edited)</span>' in page


def test_unchanged_text_is_not_marked_edited(client, posted):
    """Saving the same text changes nothing."""
    save(client, posted, "First draft")
    posted.refresh_from_db()
    assert posted.edited_at is None


def test_edit_is_sanitised(client, posted):
    """The new text goes through the sanitiser like a new comment."""
    save(client, posted, '<script>alert(1)</script><a href="javascript:x">x</a>')
    posted.refresh_from_db()
    assert "<script" not in posted.body_html
    assert "javascript:" not in posted.body_html


def test_adding_too_many_links_sends_an_approved_comment_back_to_pending(
    client, posted, post, django_capture_on_commit_callbacks, mailoutbox
):
    """Links beyond BLOG_COMMENT_MAX_LINKS: pending, the count drops, moderators are asked."""
    post.refresh_from_db()
    assert post.comment_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        save(client, posted, "See https://a.example.com/ and https://b.example.com/")
    posted.refresh_from_db()
    assert posted.status == "pending"
    post.refresh_from_db()
    assert post.comment_count == 0
    assert "Please moderate" in mailoutbox[-1].subject
    page = client.get(post.get_absolute_url()).text
    assert AWAITING in page
    assert "https://b.example.com/" not in Client().get(post.get_absolute_url()).text


def test_moderation_word_sends_it_back_to_pending(settings, client, posted):
    """A BLOG_MODERATION_WORDS word in the edit holds the comment."""
    settings.BLOG_MODERATION_WORDS = ["crypto"]
    save(client, posted, "Now about crypto")
    posted.refresh_from_db()
    assert posted.status == "pending"


def test_disallowed_word_makes_it_spam(settings, client, posted, post):
    """A BLOG_DISALLOWED_WORDS word in the edit: spam, shown to its author as pending."""
    settings.BLOG_DISALLOWED_WORDS = ["viagra"]
    save(client, posted, "Cheap viagra")
    posted.refresh_from_db()
    assert posted.status == "spam"
    assert AWAITING in client.get(post.get_absolute_url()).text


def test_spam_stays_spam_however_it_is_edited(client, clock, post_comment, post):
    """A comment caught as spam cannot edit its way out."""
    post_comment(post, topic="honeypot filled", body="Spammy")
    comment = Comment.objects.latest()
    assert comment.status == "spam"
    save(client, comment, "Innocent now")
    comment.refresh_from_db()
    assert (comment.status, comment.body) == ("spam", "Innocent now")


def test_pending_stays_pending_after_a_clean_edit(settings, client, clock, post_comment, post):
    """An edit never approves a held comment."""
    settings.BLOG_COMMENT_MODERATION = "all"
    post_comment(post, body="Held")
    comment = Comment.objects.latest()
    save(client, comment, "Held, edited")
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_checkers_review_edits(settings, client, posted):
    """BLOG_SPAM_CHECKERS see the edited text."""
    settings.BLOG_SPAM_CHECKERS = ["tests.comments.test_checkers.says_spam"]
    save(client, posted, "Edited")
    posted.refresh_from_db()
    assert posted.status == "spam"


def test_empty_edit_answers_400_with_the_form(client, posted):
    """An empty text is a 400 with the error, nothing saved."""
    response = save(client, posted, "   ")
    assert response.status_code == 400
    assert "This field is required." in response.text
    posted.refresh_from_db()
    assert posted.body == "First draft"


def test_after_the_window_the_link_goes_and_the_url_is_403(client, clock, posted, post):
    """Past BLOG_COMMENT_EDIT_MINUTES: no "Edit", and GET and POST answer 403."""
    clock.advance(minutes=10, seconds=1)
    assert edit_links(client.get(post.get_absolute_url()).text) == []
    assert client.get(edit_url(posted)).status_code == 403
    assert save(client, posted, "Too late").status_code == 403
    posted.refresh_from_db()
    assert posted.body == "First draft"


def test_just_inside_the_window_is_editable(client, clock, posted):
    """A second before the end, the edit is still taken."""
    clock.advance(minutes=9, seconds=59)
    assert save(client, posted, "Just in time").status_code == 302


def test_the_window_follows_the_setting(settings, client, clock, posted):
    """BLOG_COMMENT_EDIT_MINUTES is read at each request."""
    clock.advance(minutes=3)
    settings.BLOG_COMMENT_EDIT_MINUTES = 2
    assert client.get(edit_url(posted)).status_code == 403


def test_editing_off_sets_no_cookie(settings, clock, post_comment, post):
    """BLOG_COMMENT_EDIT_MINUTES = 0: no edit cookie and no edit link."""
    settings.BLOG_COMMENT_EDIT_MINUTES = 0
    response = post_comment(post)
    assert EDIT_COOKIE not in response.cookies


def test_without_the_cookie_it_is_403(posted):
    """Another browser (no cookie) gets a 403."""
    other = Client()
    assert other.get(edit_url(posted)).status_code == 403
    assert save(other, posted, "Hijack").status_code == 403
    posted.refresh_from_db()
    assert posted.body == "First draft"


def test_cookie_for_another_comment_does_not_open_this_one(client, make_comment, posted, post):
    """The cookie names comments; one not in it is a 403."""
    someone_elses = make_comment(post, body="Not mine")
    assert client.get(edit_url(someone_elses)).status_code == 403


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "",
        lambda pk: signing.dumps([pk]),
        lambda pk: signing.dumps([pk], salt="comments.held"),
        lambda pk: signing.dumps({"ids": [pk]}, salt=EDIT_SALT),
        lambda pk: signing.dumps([str(pk)], salt=EDIT_SALT),
        lambda pk: signing.dumps(pk, salt=EDIT_SALT),
    ],
)
def test_tampered_cookie_is_403_never_500(posted, value, raise_free_client):
    """Forged, altered or malformed cookies are refused."""
    raise_free_client.cookies[EDIT_COOKIE] = value(posted.pk) if callable(value) else value
    assert raise_free_client.get(edit_url(posted)).status_code == 403
    assert raise_free_client.get(posted.post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/comments/edit/999999/", "/comments/edit/99999999999999999999999999/", "/comments/edit/0/"],
)
def test_unknown_ids_are_refused_never_500(client, posted, path):
    """Ids of no comment, even out of any integer range, are refused without an error."""
    client.raise_request_exception = False
    assert client.get(path).status_code in {403, 404}


def test_bad_ids_are_404(client, db):
    """Non-numeric ids match no URL."""
    assert client.get("/comments/edit/abc/").status_code == 404
    assert client.get("/comments/edit/-1/").status_code == 404


def test_trashed_comment_cannot_be_edited(client, posted):
    """A comment a moderator trashed is not editable any more."""
    Comment.objects.filter(pk=posted.pk).update(status="trash")
    assert client.get(edit_url(posted)).status_code == 403


def test_closed_post_ends_editing(client, posted, post):
    """When comments close, editing stops too."""
    type(post).objects.filter(pk=post.pk).update(comments_open=False)
    assert client.get(edit_url(posted)).status_code == 403


def test_edit_page_is_private(client, posted):
    """The edit page is never kept by a shared cache."""
    control = client.get(edit_url(posted))["Cache-Control"]
    assert "private" in control
    assert "no-store" in control


def test_post_page_with_an_edit_link_is_private(client, posted, post):
    """The page showing "Edit" is personal: Cache-Control private."""
    assert "private" in client.get(post.get_absolute_url())["Cache-Control"]


def test_edit_needs_the_csrf_token(clock, comment_data, post, csrf_client):
    """A cross-site POST cannot edit."""
    token = form_token(csrf_client.get(post.get_absolute_url()))
    data = {**comment_data(post), "csrfmiddlewaretoken": token}
    csrf_client.post(f"/comments/post/{post.pk}/", data)
    comment = Comment.objects.latest()
    assert csrf_client.post(edit_url(comment), {"body": "Forged"}).status_code == 403


def test_edit_pages_queries_are_pinned(client, posted, django_assert_max_num_queries):
    """The edit form costs a fixed number of queries; saving one more handful."""
    client.get("/privacy/")  # the header navigation: read once per generation
    with django_assert_max_num_queries(1):
        client.get(edit_url(posted))
    # 7, and on PostgreSQL the row lock of comments.counts.refresh_comment_counts.
    with django_assert_max_num_queries(7 if connection.vendor == "sqlite" else 8):
        save(client, posted, "Counted")


def comment_list(page):
    return page.split('<ol class="comment-list">', 1)[1].split('id="respond"', 1)[0]


def test_author_sees_everyone_s_list_with_their_edit_link(
    settings, client, clock, make_comment, posted, post, django_assert_max_num_queries
):
    """The author's list is every reader's, with "Edit" after their comment's date and
    its "(edited)" mark, and reuses the list other readers were shown."""
    settings.BLOG_COMMENT_TRUSTED_AFTER = 1
    make_comment(post, body="Someone else's")
    save(client, posted, "Second thoughts")
    reader = Client().get(post.get_absolute_url()).text
    # The post, its categories and tags, its neighbours, and the edit window.
    with django_assert_max_num_queries(6) as queries:
        mine = client.get(post.get_absolute_url()).text
    assert not any('"comments_comment"."body_html"' in q["sql"] for q in queries.captured_queries)
    link = f' <a class="comment-edit-link" href="{edit_url(posted)}">Edit</a>'
    assert f"(edited)</span>{link}" in mine
    assert comment_list(mine).replace(link, "") == comment_list(reader)
