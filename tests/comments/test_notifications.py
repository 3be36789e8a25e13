"""Emails about comments: moderation requests, new comments for the author, reply notices."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from comments.mail import subscriptions
from comments.models import Comment

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture(autouse=True)
def mail_settings(open_moderation, settings):
    """Open moderation, two moderators to tell, no site URL and no Akismet."""
    settings.BLOG_MODERATOR_EMAILS = ["mod1@example.com", "Mod2@example.com"]
    settings.BLOG_SITE_URL = ""
    settings.AKISMET_API_KEY = ""


@pytest.fixture
def send(post_comment, django_capture_on_commit_callbacks):
    """POST a comment and run what waits for the commit (the emails)."""

    def post_and_commit(post, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(post, **fields)
        assert response.status_code == 302
        return Comment.objects.latest()

    return post_and_commit


@pytest.fixture
def moderate(moderator, django_capture_on_commit_callbacks):
    """Run an admin bulk action as a moderator (in a browser of their own), after commit."""
    client = Client()
    client.force_login(moderator)

    def run(action, *comments):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"{CHANGELIST}?status=all",
                {"action": action, "_selected_action": [c.pk for c in comments]},
            )

    return run


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# Held for moderation


def test_held_comment_is_sent_to_the_author_and_moderators(settings, send, post, mailoutbox):
    """A pending comment: one email each to the post's author and every moderator."""
    settings.BLOG_COMMENT_MODERATION = "all"
    send(post)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Mod2@example.com",
        "ada@example.com",
        "mod1@example.com",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert mailoutbox[0].subject == "[Field Notes] Please moderate: “Tomatoes”"


def test_moderation_email_has_the_comment_and_its_author(settings, send, post, mailoutbox):
    """Text, name, email, website and IP of the comment are in the moderation email."""
    settings.BLOG_COMMENT_MODERATION = "all"
    comment = send(post, body="Held text", url="https://grace.example.com/")
    for content in (mailoutbox[0].body, html_of(mailoutbox[0])):
        assert "Held text" in content
        assert "Grace" in content
        assert "grace@example.com" in content
        assert "https://grace.example.com/" in content
        assert "127.0.0.1" in content
        assert f"http://testserver/admin/comments/comment/{comment.pk}/change/" in content
        assert f"http://testserver/comments/moderate/{comment.pk}/approve/" in content
        assert f"http://testserver/comments/moderate/{comment.pk}/spam/" in content


def test_links_use_blog_site_url_when_set(settings, send, post, mailoutbox):
    """BLOG_SITE_URL, when set, is the address in the links."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_SITE_URL = "https://blog.example.com"
    comment = send(post)
    assert f"https://blog.example.com/comments/moderate/{comment.pk}/approve/" in (
        mailoutbox[0].body
    )


def test_moderators_listed_twice_get_one_email(settings, send, post, mailoutbox):
    """The same address (any case) in both places gets one email."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_MODERATOR_EMAILS = ["ADA@example.com"]
    send(post)
    assert len(mailoutbox) == 1


def test_spam_sends_no_email(send, post, mailoutbox):
    """Spam (here the honeypot) bothers nobody."""
    send(post, topic="I am a bot")
    assert mailoutbox == []


def test_no_email_before_the_commit(settings, post_comment, post, mailoutbox):
    """Nothing is sent while the comment's transaction is open (rolled back: never)."""
    settings.BLOG_COMMENT_MODERATION = "all"
    post_comment(post)
    assert mailoutbox == []


def test_commenter_input_is_escaped_in_the_html(settings, send, post, mailoutbox):
    """Markup typed by a commenter is text in the HTML email: no script can ride along."""
    settings.BLOG_COMMENT_MODERATION = "all"
    send(post, name="<b>Eve</b>", body='<script>alert("x")</script><img src=x onerror=alert(1)>')
    html = html_of(mailoutbox[0])
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>Eve</b>" not in html
    assert "&lt;script&gt;" in html


def test_subject_stays_one_line(settings, make_post, send, mailoutbox):
    """A title with line breaks still makes a one-line subject."""
    settings.BLOG_COMMENT_MODERATION = "all"
    send(make_post(title="Two\nlines"))
    assert mailoutbox[0].subject == "[Field Notes] Please moderate: “Two lines”"


# Approved: to the post's author


def test_approved_comment_is_sent_to_the_post_author(send, post, mailoutbox):
    """An approved comment: one email, to the post's author only."""
    comment = send(post, body="Lovely tomatoes")
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "[Field Notes] New comment on “Tomatoes”"
    assert "Lovely tomatoes" in message.body
    assert f"http://testserver{post.get_absolute_url()}#comment-{comment.pk}" in message.body


def test_no_email_for_the_authors_own_comment_by_email(send, post, mailoutbox):
    """The post's author commenting (same email, any case) gets no email about it."""
    send(post, name="Ada", email="ADA@example.com")
    assert mailoutbox == []


def test_no_email_for_the_authors_own_comment_signed_in(client, author, send, post, mailoutbox):
    """The post's author signed in gets no email about their own comment."""
    author.is_staff = True
    author.save()
    client.force_login(author)
    send(post)
    assert mailoutbox == []


def test_approval_in_the_admin_sends_the_author_email(make_comment, moderate, post, mailoutbox):
    """Approving a pending comment tells the post's author."""
    comment = make_comment(post, status="pending", body="Was waiting")
    moderate("approve", comment)
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert "Was waiting" in message.body


def test_author_is_told_once_however_often_approved(make_comment, moderate, post, mailoutbox):
    """Approve, unapprove, approve: one email."""
    comment = make_comment(post, status="pending")
    moderate("approve", comment)
    moderate("unapprove", comment)
    moderate("approve", comment)
    assert len(mailoutbox) == 1


def test_author_who_approves_gets_no_email(
    client, author, make_comment, post, mailoutbox, django_capture_on_commit_callbacks
):
    """The post's author approving a comment on their own post is not told of it."""
    author.is_superuser = author.is_staff = True
    author.save()
    client.force_login(author)
    comment = make_comment(post, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "approve", "_selected_action": [comment.pk]})
    assert Comment.objects.get(pk=comment.pk).is_approved
    assert mailoutbox == []


# Replies


def reply_emails(mailoutbox, address="lin@example.com"):
    return [m for m in mailoutbox if m.to == [address]]


def test_notify_box_is_unticked_and_stored(client, send, post):
    """The form offers "Notify me of replies…", unticked; ticking it is stored."""
    page = client.get(post.get_absolute_url()).text
    assert "Notify me of replies to my comment by email" in page
    assert 'name="notify"' in page
    assert 'name="notify" checked' not in page
    assert send(post, notify="on").notify_replies
    assert not send(post, body="Again", notify="").notify_replies


def test_approved_reply_notifies_the_parent_author_once(send, subscribed, post, mailoutbox):
    """A reply approved at once: the subscribed parent's author gets one email."""
    reply = send(post, parent=str(subscribed.pk), body="Welcome!")
    [message] = reply_emails(mailoutbox)
    assert message.subject == "[Field Notes] Grace replied to your comment on “Tomatoes”"
    assert "Welcome!" in message.body
    assert f"http://testserver{post.get_absolute_url()}#comment-{reply.pk}" in message.body
    assert "grace@example.com" not in message.body + html_of(message)


def test_reply_email_offers_one_click_unsubscribe(send, subscribed, post, mailoutbox):
    """List-Unsubscribe names the signed link, and List-Unsubscribe-Post allows one click."""
    send(post, parent=str(subscribed.pk))
    [message] = reply_emails(mailoutbox)
    url = subscriptions.unsubscribe_url(subscribed, "http://testserver")
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{url}" in message.body
    assert f"{url}" in html_of(message)
    assert message.message()["List-Unsubscribe"] == f"<{url}>"


def test_no_reply_email_without_the_box_ticked(send, make_comment, post, mailoutbox):
    """A parent whose author did not tick the box: no reply email."""
    parent = make_comment(post, email="quiet@example.com")
    send(post, parent=str(parent.pk))
    assert reply_emails(mailoutbox, "quiet@example.com") == []


def test_only_the_replied_to_commenter_is_notified(
    send, make_comment, subscribed, post, mailoutbox
):
    """Other subscribed commenters on the post, the grandparent included, hear nothing."""
    child = make_comment(
        post, parent=subscribed, email="kim@example.com", notify_replies=True, name="Kim"
    )
    other = make_comment(post, email="other@example.com", notify_replies=True)
    send(post, parent=str(child.pk))
    assert len(reply_emails(mailoutbox, "kim@example.com")) == 1
    assert reply_emails(mailoutbox) == []
    assert reply_emails(mailoutbox, other.email) == []


def test_reply_past_the_deepest_level_notifies_the_comment_answered(
    settings, send, make_comment, post, mailoutbox
):
    """At BLOG_COMMENT_THREAD_DEPTH a reply is stored beside its parent; its author is told."""
    settings.BLOG_COMMENT_THREAD_DEPTH = 2
    top = make_comment(post, email="top@example.com", notify_replies=True)
    deep = make_comment(post, parent=top, email="deep@example.com", notify_replies=True)
    reply = send(post, parent=str(deep.pk))
    assert reply.parent_id == top.pk
    assert len(reply_emails(mailoutbox, "deep@example.com")) == 1
    assert reply_emails(mailoutbox, "top@example.com") == []


def test_replying_to_yourself_sends_nothing(send, subscribed, post, mailoutbox):
    """A subscribed commenter answering their own comment gets no email about it."""
    send(post, parent=str(subscribed.pk), name="Lin", email="lin@example.com")
    assert reply_emails(mailoutbox) == []


def test_pending_reply_notifies_only_once_approved(
    settings, send, moderate, subscribed, post, mailoutbox
):
    """A held reply sends nothing to the parent's author until a moderator approves it."""
    settings.BLOG_COMMENT_MODERATION = "all"
    reply = send(post, parent=str(subscribed.pk), body="Held reply")
    assert reply_emails(mailoutbox) == []
    moderate("approve", reply)
    [message] = reply_emails(mailoutbox)
    assert "Held reply" in message.body


def test_reply_approved_twice_notifies_once(settings, send, moderate, subscribed, post, mailoutbox):
    """Approve, unapprove, approve again: the parent's author got one email."""
    settings.BLOG_COMMENT_MODERATION = "all"
    reply = send(post, parent=str(subscribed.pk))
    moderate("approve", reply)
    moderate("unapprove", reply)
    moderate("approve", reply)
    assert len(reply_emails(mailoutbox)) == 1


def test_unsubscribed_commenter_gets_no_more(send, subscribed, post, mailoutbox):
    """Once unsubscribed, further replies send nothing."""
    Comment.objects.filter(pk=subscribed.pk).update(notify_replies=False)
    send(post, parent=str(subscribed.pk))
    assert reply_emails(mailoutbox) == []


def test_post_author_replying_notifies_the_subscriber(
    client, author, send, subscribed, post, mailoutbox
):
    """A reply by the signed-in post author is approved and its subscriber told."""
    author.is_staff = True
    author.save()
    client.force_login(author)
    send(post, parent=str(subscribed.pk), body="Thanks, Lin")
    [message] = reply_emails(mailoutbox)
    assert "Ada replied" in message.subject


# A failing mail server


@pytest.fixture
def broken_mail(settings):
    settings.EMAIL_BACKEND = "tests.support.mail_backends.FailingEmailBackend"


@pytest.mark.parametrize("mode", ["all", "none"])
def test_failing_mail_server_keeps_the_comment(
    settings, broken_mail, caplog, post_comment, post, django_capture_on_commit_callbacks, mode
):
    """Mail that cannot be sent is logged; the comment is kept and the answer is the usual 302."""
    settings.BLOG_COMMENT_MODERATION = mode
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(post, body="Still here")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "Still here"
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert "could not be sent" in caplog.text


def test_failing_mail_server_does_not_stop_an_approval(
    broken_mail, caplog, make_comment, moderate, post
):
    """A moderator's approval stands when the email about it fails."""
    comment = make_comment(post, status="pending")
    moderate("approve", comment)
    assert Comment.objects.get(pk=comment.pk).is_approved
    assert "The approved email about comment" in caplog.text


def test_user_without_email_gets_no_author_email(send, author, post, mailoutbox):
    """A post author without an email address is skipped, not an error."""
    get_user_model().objects.filter(pk=author.pk).update(email="")
    send(post)
    assert mailoutbox == []


def test_approval_in_the_change_form_tells_author_and_subscriber(
    moderator, make_comment, subscribed, post, mailoutbox, django_capture_on_commit_callbacks
):
    """Setting the status to approved on the admin change page sends what an action sends."""
    reply = make_comment(post, parent=subscribed, replied_to=subscribed, status="pending")
    client = Client()
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[reply.pk])
    data = {
        "status": "approved",
        "post": post.pk,
        "parent": subscribed.pk,
        "body": reply.body,
        "name": reply.name,
        "email": reply.email,
        "url": "",
        "user": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Comment.objects.get(pk=reply.pk).is_approved
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "lin@example.com"]
