"""Comments on static pages: the same form, answers, threads, moderation and emails as posts."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Page
from comments.models import Comment
from comments.moderation import spam
from tests.support.comment_pages import comment_parents
from tests.support.roles import staff_in

CHANGELIST = reverse("admin:comments_comment_changelist")
HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"')


def comment_url(page):
    return reverse("comments:page", args=[page.pk])


def refreshed(page):
    page.refresh_from_db()
    return page


# The page and its form


def test_open_page_shows_the_form_posting_to_the_page_url(client, open_page):
    """An open page has "Leave a Reply" with its form sent to /comments/page/<id>/."""
    page = client.get("/about/").text
    assert "Leave a Reply" in page
    assert f'action="/comments/page/{open_page.pk}/"' in page
    assert "No comments yet" in page


def test_closed_page_without_comments_shows_no_comment_section(client, open_page):
    """A page closed to comments (the default) with none shows nothing of comments."""
    Page.objects.filter(pk=open_page.pk).update(comments_open=False)
    page = client.get("/about/").text
    assert 'id="comments"' not in page
    assert "Leave a Reply" not in page


def test_closed_page_keeps_showing_its_comments(client, open_page, make_comment):
    """Closing a page keeps its approved comments, without the form."""
    comment = make_comment(open_page, body="Said while open.")
    Page.objects.filter(pk=open_page.pk).update(comments_open=False)
    page = client.get("/about/").text
    assert f'id="comment-{comment.pk}"' in page
    assert "Said while open." in page
    assert "Comments are closed." in page
    assert "Leave a Reply" not in page


# Posting


def test_approved_comment_on_a_page_redirects_to_it(settings, open_page, post_comment, client):
    """An approved comment: 302 to the page + #comment-<id>, shown and counted."""
    settings.BLOG_COMMENT_MODERATION = "none"
    response = post_comment(open_page, body="Nice page.")
    comment = Comment.objects.get()
    assert (comment.page, comment.post, comment.status) == (open_page, None, "approved")
    assert response.status_code == 302
    assert response["Location"] == f"/about/#comment-{comment.pk}"
    assert refreshed(open_page).comment_count == 1
    page = Client().get("/about/").text
    assert f'id="comment-{comment.pk}"' in page
    assert "1 Comment on “About”" in page


def test_pending_comment_on_a_page_is_shown_to_its_author_only(settings, open_page, post_comment):
    """A held comment is marked awaiting moderation for its author, hidden from others."""
    settings.BLOG_COMMENT_MODERATION = "all"
    author = Client()
    assert post_comment(open_page, using=author, body="Held words.").status_code == 302
    assert Comment.objects.get().status == "pending"
    assert refreshed(open_page).comment_count == 0
    assert "Your comment is awaiting moderation." in author.get("/about/").text
    assert "Held words." not in Client().get("/about/").text


def test_closed_page_refuses_comments_with_403(open_page, post_comment):
    """comments_open off: 403 with a clear page, nothing stored."""
    Page.objects.filter(pk=open_page.pk).update(comments_open=False)
    response = post_comment(open_page)
    assert response.status_code == 403
    assert "comments are closed" in response.text
    assert not Comment.objects.exists()


def test_page_closes_by_age_from_its_creation(settings, open_page, post_comment):
    """BLOG_COMMENTS_CLOSE_AFTER_DAYS counts from the page's created_at."""
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 30
    Page.objects.filter(pk=open_page.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert post_comment(open_page).status_code == 403
    Page.objects.filter(pk=open_page.pk).update(created_at=timezone.now() - timedelta(days=29))
    assert post_comment(open_page).status_code == 302


@pytest.mark.parametrize("status", [Page.Status.DRAFT, Page.Status.PRIVATE])
def test_page_the_public_cannot_see_refuses_without_naming_it(open_page, post_comment, status):
    """A draft or private page answers the public POST 403, as an unpublished post does."""
    Page.objects.filter(pk=open_page.pk).update(status=status, title="Secret plans")
    response = post_comment(open_page)
    assert response.status_code == 403
    assert "Sorry, comments are closed for this item." in response.text
    assert "Secret plans" not in response.text
    assert not Comment.objects.exists()


def test_unknown_page_is_a_404(client, db):
    """A page id that no page has is a 404."""
    assert client.post("/comments/page/999999/", {}).status_code == 404


def test_invalid_comment_shows_the_page_again_with_400(open_page, post_comment):
    """Invalid fields: 400, the page itself with the errors and the typed input."""
    response = post_comment(open_page, url="javascript:alert(1)", body="Kept text.")
    assert response.status_code == 400
    assert '<h1 class="post-title">About</h1>' in response.text
    assert "Enter a website address" in response.text
    assert "Kept text." in response.text
    assert f'action="/comments/page/{open_page.pk}/"' in response.text
    assert not Comment.objects.exists()


def test_duplicate_comment_on_a_page_is_a_409(settings, open_page, post_comment):
    """The same text from the same email on the same page: 409."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    assert post_comment(open_page, body="Once.").status_code == 302
    response = post_comment(open_page, body="Once.")
    assert response.status_code == 409
    assert "Duplicate comment detected" in response.text
    assert Comment.objects.count() == 1


def test_same_text_on_a_post_and_a_page_is_no_duplicate(settings, open_page, post, post_comment):
    """The duplicate check is per post or page: a post and a page with equal ids are two."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    assert post_comment(post, body="Twice.").status_code == 302
    assert post_comment(open_page, body="Twice.").status_code == 302
    assert Comment.objects.count() == 2


def test_fast_comments_on_a_page_are_a_429(open_page, post_comment):
    """Two comments inside BLOG_COMMENT_FLOOD_SECONDS: the second is a 429."""
    assert post_comment(open_page, body="First.").status_code == 302
    response = post_comment(open_page, body="Second.")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_a_posts_form_token_is_spam_on_a_page(settings, open_page, post, comment_data, client):
    """A token rendered for a post does not pass for a page: stored as spam."""
    settings.BLOG_COMMENT_MODERATION = "none"
    data = comment_data(open_page, token=comment_data(post)["token"])
    assert client.post(comment_url(open_page), data).status_code == 302
    assert Comment.objects.get().status == "spam"


# Threads and comment pages


def test_reply_on_a_page_is_threaded(
    open_moderation, client, open_page, make_comment, post_comment
):
    """A reply through the form sits inside its parent's element on the page."""
    first = make_comment(open_page, name="Margaret")
    assert post_comment(open_page, parent=str(first.pk), body="A reply.").status_code == 302
    reply = Comment.objects.latest()
    assert reply.parent == first
    assert comment_parents(client.get("/about/").content) == {first.pk: None, reply.pk: first.pk}


def test_reply_to_a_posts_comment_is_refused_on_a_page(open_page, post, make_comment, post_comment):
    """A parent from a post is not found on the page: 400."""
    other = make_comment(post)
    assert post_comment(open_page, parent=str(other.pk)).status_code == 400


def test_replytocom_on_a_page_is_kept_apart_in_the_cache(client, open_page, make_comment):
    """?replytocom=<id> renders the reply form, even once /about/ is in the page cache."""
    comment = make_comment(open_page, name="Margaret")
    Client().get("/about/")
    assert "Leave a Reply to Margaret" not in Client().get("/about/").text
    page = Client().get(f"/about/?replytocom={comment.pk}").text
    assert "Leave a Reply to Margaret" in page


def test_a_cached_page_gives_each_reader_a_form_token_of_the_page(settings, open_page):
    """From the page cache too, each reader's form token is new, made for the page."""
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    Client().get("/about/")
    reader = Client()
    response = reader.get("/about/")
    assert response["X-Page-Cache"] == "hit"
    form = dict(HIDDEN.findall(response.text))
    assert spam.check_token(form["token"], open_page.pk, kind="page") is spam.TokenState.VALID
    data = {**form, "name": "Ida", "email": "ida@example.com", "body": "From the cache."}
    assert reader.post(comment_url(open_page), data).status_code == 302
    assert Comment.objects.get().status != "spam"


def test_comment_pages_on_a_page(settings, open_page, make_comment, post_comment):
    """More threads than BLOG_COMMENTS_PER_PAGE: ?cpage=N, and the redirect names it."""
    settings.BLOG_COMMENTS_PER_PAGE = 1
    settings.BLOG_COMMENT_MODERATION = "none"
    older = make_comment(open_page, body="On page one.")
    response = post_comment(open_page, body="On page two.")
    comment = Comment.objects.latest()
    assert response["Location"] == f"/about/?cpage=2#comment-{comment.pk}"
    page_two = Client().get("/about/?cpage=2").text
    assert f'id="comment-{comment.pk}"' in page_two
    assert f'id="comment-{older.pk}"' not in page_two


# Moderation


def test_approving_a_page_comment_counts_it_and_shows_it(
    admin_client, django_capture_on_commit_callbacks, settings, open_page, post_comment
):
    """An admin approval updates Page.comment_count and the (cached) page at once."""
    settings.BLOG_COMMENT_MODERATION = "all"
    post_comment(open_page, body="Awaiting a moderator.")
    comment = Comment.objects.get()
    Client().get("/about/")
    assert "Awaiting a moderator." not in Client().get("/about/").text
    data = {"action": "approve", "_selected_action": [comment.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"{CHANGELIST}?status=all", data).status_code == 302
    assert refreshed(open_page).comment_count == 1
    assert "Awaiting a moderator." in Client().get("/about/").text


def test_admin_list_shows_the_page_and_filters_by_it(admin_client, open_page, post, make_comment):
    """The list links each comment to its page; the page filter spans every status."""
    held = make_comment(open_page, body="On the page.", status=Comment.Status.PENDING)
    make_comment(post, body="On the post.", status=Comment.Status.PENDING)
    listing = admin_client.get(CHANGELIST).text
    assert '<a href="/about/">About</a>' in listing
    make_comment(open_page, body="Approved on the page.")
    filtered = admin_client.get(f"{CHANGELIST}?page__id__exact={open_page.pk}").text
    assert "On the page." in filtered
    assert "Approved on the page." in filtered
    assert "On the post." not in filtered
    change = admin_client.get(reverse("admin:comments_comment_change", args=[held.pk]))
    assert change.status_code == 200


def test_an_author_moderates_the_comments_on_their_own_page(client, open_page, make_comment):
    """An Author sees and moderates their page's comments, not another's page's."""
    owner = staff_in("Author", "pageowner")
    mine = Page.objects.create(
        title="Mine", slug="mine", body="x", author=owner, status="published"
    )
    on_mine = make_comment(mine, body="On my page.", status=Comment.Status.PENDING)
    on_other = make_comment(open_page, body="On another page.", status=Comment.Status.PENDING)
    client.force_login(owner)
    listing = client.get(CHANGELIST).text
    assert "On my page." in listing
    assert "On another page." not in listing
    assert (
        client.get(reverse("admin:comments_comment_change", args=[on_other.pk])).status_code == 403
    )
    data = {"action": "approve", "_selected_action": [on_mine.pk]}
    client.post(f"{CHANGELIST}?status=all", data)
    assert Comment.objects.get(pk=on_mine.pk).is_approved
    assert refreshed(mine).comment_count == 1


def test_admin_refuses_a_comment_on_both_a_post_and_a_page(
    admin_client, open_page, post, make_comment
):
    """The change form says a comment is on a post or a page, not both."""
    comment = make_comment(open_page)
    data = {
        "status": "approved",
        "post": post.pk,
        "page": open_page.pk,
        "parent": "",
        "body": comment.body,
        "name": comment.name,
        "email": comment.email,
        "url": "",
        "user": "",
    }
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A comment is on a post or on a page" in response.text


def test_a_comment_is_on_exactly_one_post_or_page(open_page, post):
    """The database refuses a comment on neither, or on both."""
    with pytest.raises(IntegrityError):
        Comment.objects.create(post=post, page=open_page, name="x", body="x")


# Emails


def test_page_author_hears_of_an_approved_comment(
    settings, django_capture_on_commit_callbacks, open_page, post_comment, mailoutbox
):
    """An approved comment on a page emails the page's author, with its title and URL."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(open_page, body="Hello page.")
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "[Field Notes] New comment on “About”"
    assert "commented on your page “About”" in message.body
    comment = Comment.objects.get()
    assert f"http://testserver/about/#comment-{comment.pk}" in message.body


def test_page_author_and_moderators_hear_of_a_held_comment(
    settings, django_capture_on_commit_callbacks, open_page, post_comment, mailoutbox
):
    """A held comment on a page asks its author and the moderators, naming the page."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_MODERATOR_EMAILS = ["mod@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(open_page)
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "mod@example.com"]
    assert mailoutbox[0].subject == "[Field Notes] Please moderate: “About”"
    assert "A new comment on the page “About”" in mailoutbox[0].body
    assert "http://testserver/about/" in mailoutbox[0].body


def test_reply_on_a_page_notifies_the_subscriber(
    open_moderation,
    django_capture_on_commit_callbacks,
    open_page,
    make_comment,
    post_comment,
    mailoutbox,
):
    """A reply on a page reaches the commenter who asked to hear of replies."""
    first = make_comment(open_page, name="Lin", email="lin@example.com", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(open_page, parent=str(first.pk), body="An answer.")
    [reply] = [m for m in mailoutbox if m.to == ["lin@example.com"]]
    assert "replied to your comment on “About”" in reply.body
    assert "List-Unsubscribe" in reply.extra_headers


# Editing, feeds, privacy


def test_commenter_edits_their_page_comment(settings, client, open_page, post_comment):
    """The author of a page comment may edit it and is taken back to the page."""
    settings.BLOG_COMMENT_MODERATION = "none"
    post_comment(open_page, body="Frist.")
    comment = Comment.objects.get()
    url = reverse("comments:edit", args=[comment.pk])
    assert "About" in client.get(url).text
    response = client.post(url, {"body": "First."})
    assert response.status_code == 302
    assert response["Location"] == f"/about/#comment-{comment.pk}"
    assert Comment.objects.get().body == "First."


def test_site_wide_feed_links_page_comments_to_the_page(client, author, open_page, make_comment):
    """/comments/feed/ has the comments of public pages, linked to the page."""
    comment = make_comment(open_page, name="Margaret")
    draft = Page.objects.create(title="Draft", slug="draft", body="x", author=author)
    make_comment(draft, name="Hidden")
    feed = ET.fromstring(client.get("/comments/feed/").content)  # noqa: S314 (our own feed)
    [item] = feed.findall("channel/item")
    assert item.findtext("title") == "Comment on About by Margaret"
    assert item.findtext("link") == f"http://testserver/about/#comment-{comment.pk}"


def test_export_includes_page_comments(open_page, post, make_comment):
    """export_commenter_data lists comments on pages with the page's URL."""
    make_comment(post, email="grace@example.com", body="On the post.")
    make_comment(open_page, email="grace@example.com", body="On the page.")
    out = StringIO()
    call_command("export_commenter_data", "grace@example.com", stdout=out)
    exported = json.loads(out.getvalue())
    assert [(item["body"], item["post_url"]) for item in exported] == [
        ("On the post.", post.get_absolute_url()),
        ("On the page.", "/about/"),
    ]


def test_erasing_page_comments_recounts_the_page(open_page, make_comment):
    """erase_commenter_data --delete removes page comments and recounts the page."""
    make_comment(open_page, email="grace@example.com")
    assert refreshed(open_page).comment_count == 1
    call_command("erase_commenter_data", "grace@example.com", "--delete", stdout=StringIO())
    assert not Comment.objects.exists()
    assert refreshed(open_page).comment_count == 0


def test_old_spam_on_pages_is_pruned(settings, open_page, make_comment):
    """prune_comment_data deletes old spam on pages as on posts."""
    spam = make_comment(open_page, status=Comment.Status.SPAM)
    old = timezone.now() - timedelta(days=settings.BLOG_SPAM_RETENTION_DAYS + 1)
    Comment.objects.filter(pk=spam.pk).update(created_at=old)
    call_command("prune_comment_data", stdout=StringIO())
    assert not Comment.objects.exists()
