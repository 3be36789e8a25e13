"""The XSS corpus through the whole stack: posted, approved in the admin, shown everywhere.

Each vector of tests/comments/test_xss.py is posted through the comment form as name
and text (and as website where the form takes it), held for moderation, approved by
a moderator with the admin's bulk action, then looked for on every surface that
shows comments: the post page, the comment feeds, the admin changelist and change
pages, and the notification emails. None may carry script, a handler or an unsafe URL.
"""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.test_xss import VECTORS, unsafe_markup

# Header injection through the name, on top of the corpus: it must stay one subject line.
HEADER_INJECTION = "Mallory\r\nBcc: victim@example.com\r\n\r\n<script>alert(1)</script>"


@pytest.fixture
def approved_attack(
    client, make_post, comment_data, settings, django_capture_on_commit_callbacks, mailoutbox
):
    """Every vector posted (held for moderation), then approved with the bulk action."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    settings.BLOG_MODERATOR_EMAILS = ["moderator@example.com"]
    settings.BLOG_COMMENTS_PER_PAGE = len(VECTORS) + 1
    post = make_post(title="Under attack")
    action = f"/comments/post/{post.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        for index, vector in enumerate([*VECTORS, HEADER_INJECTION]):
            website = vector if vector.startswith("http") else ""
            data = comment_data(
                post, name=vector[:100], body=vector, url=website, email=f"x{index}@example.com"
            )
            response = client.post(action, data)
            assert response.status_code == 302, vector
    comments = Comment.objects.filter(post=post)
    assert comments.count() == len(VECTORS) + 1
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.PENDING}

    moderator = get_user_model().objects.create_superuser(
        "moderator", "moderator@example.com", "pw-mod-12345"
    )
    admin = Client()
    admin.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    selected = list(comments.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            changelist, {"action": "approve", "_selected_action": selected, "index": 0}
        )
    assert response.status_code == 302
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    return post, list(comments), admin


def test_post_page_shows_every_vector_as_harmless_text(client, approved_attack):
    """The post page lists every approved vector and carries nothing that could run."""
    post, comments, _ = approved_attack
    page = Client().get(post.get_absolute_url())
    assert page.status_code == 200
    for comment in comments:
        assert f'id="comment-{comment.pk}"' in page.text
    assert unsafe_markup(page.text, allow_forms=True) == []


def feed_items(response):
    """(title, description) of every item of an RSS feed, as a reader decodes them."""
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [(item.findtext("title"), item.findtext("description")) for item in root.iter("item")]


def test_comment_feeds_carry_nothing_that_could_run(approved_attack):
    """In the site-wide and the post's comment feed, titles hold no tags, texts are inert."""
    post, _, _ = approved_attack
    reader = Client()
    items = feed_items(reader.get("/comments/feed/"))
    items += feed_items(reader.get(f"{post.get_absolute_url()}feed/"))
    assert len(items) >= 20
    for title, description in items:
        assert unsafe_markup(description or "") == [], description
        assert "<" not in (title or ""), title


def test_admin_pages_add_nothing_that_could_run(approved_attack, make_post):
    """The changelist and the change pages carry no more than the admin's own markup."""
    _, comments, admin = approved_attack
    changelist = reverse("admin:comments_comment_changelist")

    def change_page(comment):
        return admin.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    plain = Comment.objects.create(post=make_post(), name="Plain", body="Plain", status="approved")
    baseline = set(unsafe_markup(admin.get(changelist, {"status": "all"}).text, True))
    baseline |= set(unsafe_markup(change_page(plain).text, True))
    listing = admin.get(changelist, {"status": "all"})
    assert listing.status_code == 200
    assert set(unsafe_markup(listing.text, allow_forms=True)) <= baseline
    # tests/comments/test_xss.py opens the change page of every stored vector; through
    # the whole stack, every seventh (the website and header-injection ones among them).
    sample = {*comments[::7], *(c for c in comments if c.url or "\n" in c.name)}
    for comment in sample:
        page = change_page(comment)
        assert page.status_code == 200
        assert set(unsafe_markup(page.text, allow_forms=True)) <= baseline, comment.body


def test_notification_emails_carry_nothing_that_could_run(approved_attack, mailoutbox):
    """Moderation and approval emails: one-line subjects, inert HTML, the right recipients."""
    assert len(mailoutbox) >= len(VECTORS)
    for message in mailoutbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert set(message.recipients()) <= {"ada@example.com", "moderator@example.com"}
        assert "Bcc" not in str(message.message()["Bcc"] or "")
        for content, mimetype in message.alternatives:
            assert mimetype == "text/html"
            assert unsafe_markup(content, allow_forms=True) == [], content
